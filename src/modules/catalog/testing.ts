/** Test factories: a small directory, fields, valid procedure content and catalog files. */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { createTestDb, type TestDb } from '../../platform/db/testing.ts';
import { type AgencyKind, agencies } from '../directory/schema.ts';
import { formatCatalogFile } from './files.ts';
import type { CatalogFile, ProcedureContent, ProcessStep, TimeLimit } from './model.ts';
import { budgetHours } from './rules.ts';
import { fields } from './schema.ts';

export const PROVINCE = '08';

/** Agencies of a small province: the People's Committee, three departments, a subunit, two communes. */
export const AGENCIES = {
  ubnd: {
    code: '000.00.00.H60',
    name: 'Ủy ban nhân dân tỉnh Tuyên Quang',
    kind: 'people_committee',
    level: 'province',
  },
  tuphap: { code: '000.00.03.H60', name: 'Sở Tư pháp tỉnh Tuyên Quang', kind: 'justice', level: 'province' },
  nnmt: {
    code: '000.00.06.H60',
    name: 'Sở Nông nghiệp và Môi trường',
    kind: 'agriculture_environment',
    level: 'province',
  },
  vpdkdd: {
    code: '000.01.06.H60',
    name: 'Văn phòng Đăng ký đất đai',
    kind: 'agriculture_environment',
    level: 'province',
  },
  yte: { code: '000.00.08.H60', name: 'Sở Y tế tỉnh Tuyên Quang', kind: 'health', level: 'province' },
  minhxuan: { code: '000.00.41.H60', name: 'Ủy ban nhân dân phường Minh Xuân', kind: 'commune', level: 'commune' },
  dongvan: { code: '000.00.46.H60', name: 'Ủy ban nhân dân xã Đồng Văn', kind: 'commune', level: 'commune' },
} as const satisfies Record<string, { code: string; name: string; kind: AgencyKind; level: 'province' | 'commune' }>;

type AgencyKey = keyof typeof AGENCIES;

const PARENT: Partial<Record<AgencyKey, AgencyKey>> = {
  tuphap: 'ubnd',
  nnmt: 'ubnd',
  vpdkdd: 'nnmt',
  yte: 'ubnd',
  minhxuan: 'ubnd',
  dongvan: 'ubnd',
};

export interface CatalogTestDb {
  t: TestDb;
  agencyIds: Record<AgencyKey, string>;
  admin: Caller;
}

/** Inserts the agencies directly (the directory's use-cases are tested in the directory). */
async function seedSmallDirectory(db: Executor): Promise<Record<AgencyKey, string>> {
  const ids = new Map<AgencyKey, string>();
  const insert = async (key: AgencyKey): Promise<string> => {
    const a = AGENCIES[key];
    const parentKey = PARENT[key];
    const [row] = await db
      .insert(agencies)
      .values({
        provinceCode: PROVINCE,
        code: a.code,
        name: a.name,
        kind: a.kind,
        level: a.level,
        parentId: parentKey ? (ids.get(parentKey) ?? null) : null,
      })
      .returning({ id: agencies.id });
    if (!row) throw new Error(`agency ${key} not inserted`);
    ids.set(key, row.id);
    return row.id;
  };
  // Parents first.
  return {
    ubnd: await insert('ubnd'),
    tuphap: await insert('tuphap'),
    nnmt: await insert('nnmt'),
    vpdkdd: await insert('vpdkdd'),
    yte: await insert('yte'),
    minhxuan: await insert('minhxuan'),
    dongvan: await insert('dongvan'),
  };
}

export async function catalogTestDb(): Promise<CatalogTestDb> {
  const t = await createTestDb();
  const agencyIds = await seedSmallDirectory(t.db);
  return { t, agencyIds, admin: staffCaller(agencyIds.ubnd, ['admin']) };
}

export function staffCaller(
  agencyId: string,
  roles: Array<'admin' | 'receiver' | 'specialist'>,
  provinceCode = PROVINCE,
): Caller {
  return { kind: 'staff', id: randomUUID(), provinceCode, agencyId, roles };
}

export async function addField(db: Executor, code: string, name: string): Promise<void> {
  await db.insert(fields).values({ provinceCode: PROVINCE, code, name }).onConflictDoNothing();
}

/** A receiver, a specialist, a leader and delivery, adding up to the limit (rules.ts budgetHours). */
export function stepsFor(limit: TimeLimit): ProcessStep[] {
  const total = budgetHours(limit);
  const fixed = total >= 4 ? 1 : total / 4;
  return [
    { name: 'Tiếp nhận hồ sơ', role: 'receiver', unit: 'receiving_centre', hours: fixed },
    { name: 'Thẩm định hồ sơ', role: 'specialist', unit: 'competent_agency', hours: total - 3 * fixed },
    { name: 'Phê duyệt, ký kết quả', role: 'leader', unit: 'competent_agency', hours: fixed },
    { name: 'Trả kết quả', role: 'receiver', unit: 'receiving_centre', hours: fixed },
  ];
}

/** A valid commune-level procedure; overrides replace whole keys. */
export function procedureContent(overrides: Partial<ProcedureContent> = {}): ProcedureContent {
  const timeLimit = overrides.timeLimit ?? { amount: 3, unit: 'working_days' };
  return {
    nationalCode: '1.001193',
    name: 'Thủ tục đăng ký khai sinh',
    level: 'commune',
    agencyKind: 'commune',
    applicantTypes: ['citizen'],
    onlineLevel: 'full',
    timeLimit,
    timeLimitOnline: null,
    fees: [{ name: 'Lệ phí đăng ký khai sinh', amount: 0, collect: 'before', exemptions: 'Đăng ký đúng hạn' }],
    papers: [
      {
        name: 'Tờ khai đăng ký khai sinh',
        form: 'original',
        copies: 1,
        template: 'to-khai-khai-sinh.docx',
        reusable: false,
        required: true,
      },
      { name: 'Giấy chứng sinh', form: 'original', copies: 1, template: null, reusable: true, required: true },
    ],
    eform: [
      { key: 'childFullName', label: 'Họ và tên của trẻ', type: 'text', required: true },
      { key: 'sex', label: 'Giới tính', type: 'choice', options: ['Nam', 'Nữ'], required: true },
      { key: 'birthPlace', label: 'Nơi sinh', type: 'address', required: true },
    ],
    resultKind: 'both',
    resultName: 'Giấy khai sinh',
    legalBases: ['Luật Hộ tịch số 60/2014/QH13'],
    process: stepsFor(timeLimit),
    ...overrides,
  };
}

/** A province-level procedure of a department. */
export function provinceProcedure(overrides: Partial<ProcedureContent> = {}): ProcedureContent {
  return procedureContent({
    level: 'province',
    agencyKind: 'justice',
    applicantTypes: ['citizen', 'business'],
    ...overrides,
  });
}

/** Writes catalog files into a fresh temporary folder and returns its path. */
export function writeCatalogDir(files: CatalogFile[], extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mocua-catalog-'));
  for (const file of files) writeFileSync(path.join(dir, `${file.field.code}.json`), formatCatalogFile(file));
  for (const [name, text] of Object.entries(extra)) writeFileSync(path.join(dir, name), text);
  return dir;
}

/** Two fields, five procedures: enough to check search, filters and import. */
export function sampleFiles(): CatalogFile[] {
  return [
    {
      field: { code: 'ho-tich', name: 'Hộ tịch' },
      procedures: [
        procedureContent(),
        procedureContent({ nationalCode: '1.000894', name: 'Thủ tục đăng ký kết hôn', onlineLevel: 'partial' }),
        procedureContent({ nationalCode: '2.000528', name: 'Thủ tục đăng ký khai sinh có yếu tố nước ngoài' }),
        procedureContent({
          nationalCode: '1.004884',
          name: 'Thủ tục đăng ký lại khai sinh',
          applicantTypes: ['citizen', 'other'],
        }),
      ],
    },
    {
      field: { code: 'dat-dai', name: 'Đất đai' },
      procedures: [
        provinceProcedure({
          nationalCode: null,
          name: 'Đăng ký biến động quyền sử dụng đất',
          agencyKind: 'agriculture_environment',
          timeLimit: { amount: 10, unit: 'calendar_days' },
          process: stepsFor({ amount: 10, unit: 'calendar_days' }),
          onlineLevel: 'partial',
          applicantTypes: ['citizen', 'business'],
        }),
      ],
    },
  ];
}
