/**
 * Test factories for the dossier service: a small province (the province's committee and
 * centre, a department, two communes with their centres), procedures made through the
 * catalog's own use-case, staff and citizens as Caller objects, and a filing helper.
 */

import { randomUUID } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import type { Caller, StaffRole } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { createSeededTestDb, type TestDb } from '../../platform/db/testing.ts';
import { memoryBlobStore } from '../../platform/storage/index.ts';
import { type ProcedureContent, type ProcedureView, saveProcedure } from '../catalog/index.ts';
import { addField, procedureContent, stepsFor } from '../catalog/testing.ts';
import { type AgencyKind, adminUnits, agencies, staff } from '../directory/schema.ts';
import { stageAttachment } from './attachments.ts';
import type { DossierContext } from './context.ts';
import { keySigning } from './key-signing.ts';
import { seedDossiers } from './signing-keys.ts';
import { fileDossier } from './submit.ts';
import type { DossierView } from './view-types.ts';

const PROVINCE = '08';

const AGENCIES = {
  ubnd: {
    code: '000.00.00.H60',
    name: 'Ủy ban nhân dân tỉnh Tuyên Quang',
    short: 'UBND tỉnh Tuyên Quang',
    kind: 'people_committee',
    level: 'province',
    parent: null,
  },
  centre: {
    code: '000.00.02.H60',
    name: 'Trung tâm Phục vụ hành chính công tỉnh Tuyên Quang',
    short: null,
    kind: 'service_centre',
    level: 'province',
    parent: 'ubnd',
  },
  tuphap: {
    code: '000.00.03.H60',
    name: 'Sở Tư pháp tỉnh Tuyên Quang',
    short: 'Sở Tư pháp',
    kind: 'justice',
    level: 'province',
    parent: 'ubnd',
  },
  minhxuan: {
    code: '000.00.41.H60',
    name: 'Ủy ban nhân dân phường Minh Xuân',
    short: 'UBND phường Minh Xuân',
    kind: 'commune',
    level: 'commune',
    parent: 'ubnd',
  },
  minhxuanCentre: {
    code: '000.01.41.H60',
    name: 'Trung tâm Phục vụ hành chính công phường Minh Xuân',
    short: null,
    kind: 'service_centre',
    level: 'commune',
    parent: 'minhxuan',
  },
  dongvan: {
    code: '000.00.46.H60',
    name: 'Ủy ban nhân dân xã Đồng Văn',
    short: 'UBND xã Đồng Văn',
    kind: 'commune',
    level: 'commune',
    parent: 'ubnd',
  },
  dongvanCentre: {
    code: '000.01.46.H60',
    name: 'Trung tâm Phục vụ hành chính công xã Đồng Văn',
    short: null,
    kind: 'service_centre',
    level: 'commune',
    parent: 'dongvan',
  },
} as const satisfies Record<
  string,
  {
    code: string;
    name: string;
    short: string | null;
    kind: AgencyKind;
    level: 'province' | 'commune';
    parent: string | null;
  }
>;
export type AgencyKey = keyof typeof AGENCIES;

export interface DossierFixture {
  t: TestDb;
  db: Executor;
  agency: Record<AgencyKey, string>;
  blobs: ReturnType<typeof memoryBlobStore>;
  /** A staff member (with a staff row, so slips print the name) of an agency. */
  staffAt(key: AgencyKey, roles: StaffRole[], fullName?: string, email?: string): Promise<Caller>;
  citizen(): Caller;
  /** A procedure of the communes (default: khai sinh, 3 working days) through the catalog. */
  procedure(overrides?: Partial<ProcedureContent>, implementing?: AgencyKey[]): Promise<ProcedureView>;
  /** The service context at an instant. */
  at(iso: string): DossierContext;
}

/** The fixture's agencies, field and DEMO seal keys, seeded once per process and cloned. */
async function seedFixture(db: Executor): Promise<void> {
  await db
    .insert(adminUnits)
    .values({
      code: PROVINCE,
      provinceCode: PROVINCE,
      name: 'Tỉnh Tuyên Quang',
      kind: 'province',
      effectiveFrom: '2025-07-01',
    })
    .onConflictDoNothing();
  const ids = {} as Record<AgencyKey, string>;
  for (const [key, a] of Object.entries(AGENCIES) as Array<[AgencyKey, (typeof AGENCIES)[AgencyKey]]>) {
    const [row] = await db
      .insert(agencies)
      .values({
        provinceCode: PROVINCE,
        code: a.code,
        name: a.name,
        shortName: a.short,
        kind: a.kind,
        level: a.level,
        parentId: a.parent ? ids[a.parent] : null,
      })
      .returning({ id: agencies.id });
    if (!row) throw new Error(`agency ${key} not inserted`);
    ids[key] = row.id;
  }
  await addField(db, 'ho-tich', 'Hộ tịch');
  // The agencies' DEMO seal keys (nothing mints a key on demand, issue 11).
  await seedDossiers(db, { provinceCode: PROVINCE });
}

export async function dossierFixture(): Promise<DossierFixture> {
  const t = await createSeededTestDb('dossier-fixture', (seeded) => seedFixture(seeded.db));
  const db = t.db;
  const byCode = new Map(
    (await db.select({ id: agencies.id, code: agencies.code }).from(agencies)).map((r) => [r.code, r.id]),
  );
  const ids = {} as Record<AgencyKey, string>;
  for (const [key, a] of Object.entries(AGENCIES) as Array<[AgencyKey, (typeof AGENCIES)[AgencyKey]]>) {
    const id = byCode.get(a.code);
    if (!id) throw new Error(`agency ${key} not seeded`);
    ids[key] = id;
  }
  const admin: Caller = {
    kind: 'staff',
    id: randomUUID(),
    provinceCode: PROVINCE,
    agencyId: ids.ubnd,
    roles: ['admin'],
  };
  let n = 0;
  const blobs = memoryBlobStore();
  return {
    t,
    db,
    agency: ids,
    blobs,
    async staffAt(key, roles, fullName = 'Nguyễn Văn Cán Bộ', email?: string) {
      const id = randomUUID();
      await db
        .insert(staff)
        .values({ provinceCode: PROVINCE, accountId: id, agencyId: ids[key], fullName, roles, email: email ?? null });
      return { kind: 'staff', id, provinceCode: PROVINCE, agencyId: ids[key], roles };
    },
    citizen: () => ({ kind: 'citizen', id: randomUUID() }),
    async procedure(overrides = {}, implementing = ['minhxuan', 'dongvan']) {
      const timeLimit = overrides.timeLimit ?? { amount: 3, unit: 'working_days' as const };
      n++;
      const { procedure } = await saveProcedure(db, admin, {
        ...procedureContent({ timeLimit, process: stepsFor(timeLimit), ...overrides }),
        nationalCode: null,
        name: `${overrides.name ?? 'Thủ tục đăng ký khai sinh'} (${n})`,
        provinceCode: PROVINCE,
        fieldCode: 'ho-tich',
        agencyIds: implementing.map((k) => ids[k]),
      });
      return procedure;
    },
    at: (iso) => ({
      provinceCode: PROVINCE,
      now: new Date(iso),
      publicUrl: 'https://dichvucong.example',
      blobs,
      signing: keySigning(),
    }),
  };
}

/** An applicant who gave a phone number (so notices go by SMS). */
export const applicant = {
  type: 'citizen' as const,
  fullName: 'Nguyễn Thị Hoa',
  phone: '0912345678',
  personalId: '008190000123',
  address: 'Tổ 5, phường Minh Xuân, tỉnh Tuyên Quang',
};

/** Answers to the default e-form of `procedureContent`. */
export const birthForm = {
  childFullName: 'Nguyễn Minh An',
  sex: 'Nữ',
  birthPlace: 'Phường Minh Xuân, tỉnh Tuyên Quang',
};

let seq = 0;
export const txId = (label = 'tx') => `${label}-${++seq}-${randomUUID().slice(0, 8)}`;

/** A one-page PDF, made on the fly (no binary fixtures in the repo). */
async function samplePdf(text = 'Giay to'): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]).drawText(text, { x: 10, y: 100, size: 12 });
  return doc.save();
}

/** Stages one PDF per required paper of the procedure, as the applicant does before filing online. */
export async function stageRequiredPapers(f: DossierFixture, caller: Caller, procedure: ProcedureView) {
  const required = procedure.papers.filter((p) => p.required && p.form !== 'presented');
  const papers: Array<{ attachmentId: string; paperName: string }> = [];
  for (const [i, paper] of required.entries()) {
    const staged = await stageAttachment(
      f.db,
      f.blobs,
      caller,
      { kind: 'paper', paperName: paper.name, fileName: `giay-to-${i}.pdf`, bytes: await samplePdf(`Giay to ${i}`) },
      { maxBytes: 1e6, provinceCode: PROVINCE },
    );
    papers.push({ attachmentId: staged.id, paperName: paper.name });
  }
  return papers;
}

/**
 * Files a dossier online (citizen, with a file for every required paper unless `papers` says
 * otherwise) or at the counter (receiver), with the default answers.
 */
export async function file(
  f: DossierFixture,
  caller: Caller,
  procedure: ProcedureView,
  iso: string,
  extra: {
    agency?: AgencyKey;
    submit?: boolean;
    transactionId?: string;
    papers?: Array<{ attachmentId: string; paperName?: string }>;
  } = {},
): Promise<DossierView> {
  const papers = extra.papers ?? (caller.kind === 'citizen' ? await stageRequiredPapers(f, caller, procedure) : []);
  return fileDossier(
    f.db,
    caller,
    {
      procedure: procedure.id,
      agencyId: f.agency[extra.agency ?? 'minhxuan'],
      applicant,
      formData: birthForm,
      ...(papers.length > 0 ? { papers } : {}),
      ...(extra.submit === false ? { submit: false } : {}),
    },
    { transactionId: extra.transactionId ?? txId('file') },
    f.at(iso),
  );
}
