/**
 * Test factories: a migrated database with the demo province (directory module), callers by
 * demo login, a complete portal submission with overridable fields, and a dossier row to
 * route by.
 */
import { and, eq, notInArray, sql } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import { adminUnits, agencies } from '../directory/schema.ts';
import { CODES, type SeededDirectory, seededDirectory } from '../directory/testing.ts';
import { newDossierSnapshot, snapshotToJson } from '../dossiers/index.ts';
import { dossiers } from '../dossiers/schema.ts';
import type { FeedbackContext } from './core.ts';
import { type FeedbackReceipt, type SubmitFeedbackInput, submitFeedback } from './intake.ts';

export { CODES };

const PROVINCE = '08';
/** Phường Minh Xuân: its People's Committee is in the demo directory. */
export const MINH_XUAN = '02215';

/** Local Vietnam time → instant: `at('2026-11-16T09:00')`. */
export const at = (local: string): Date => new Date(`${local.length === 16 ? `${local}:00` : local}+07:00`);

let counter = 0;
export const txId = (label = 'tx'): string =>
  `${label}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

export function portalInput(overrides: Partial<SubmitFeedbackInput> = {}): SubmitFeedbackInput {
  return {
    channel: 'portal',
    kind: 'report',
    categoryCode: 'giao-thong',
    subject: 'Đường tổ 5 bị sạt lở',
    content: 'Đoạn đường tổ 5 bị sạt lở sau mưa lớn, xe máy đi lại rất nguy hiểm.',
    sender: {
      fullName: 'Nguyễn Văn An',
      phone: '0912345678',
      email: 'an.nguyen@gmail.com',
      address: 'Tổ 5, phường Minh Xuân',
    },
    ...overrides,
  };
}

export interface FeedbackTestbed extends SeededDirectory {
  ctx(now: Date): FeedbackContext;
  citizen(id: string): Caller;
  submit(overrides?: Partial<SubmitFeedbackInput>, options?: { caller?: Caller; now?: Date }): Promise<FeedbackReceipt>;
  /** A dossier row whose competent agency is `agencyCode` (routing by dossier). */
  dossier(code: string, agencyCode: string): Promise<void>;
  /** A commune-level unit of the province with no agency in the directory. */
  communeWithoutAgency(): Promise<string>;
}

export async function feedbackTestbed(): Promise<FeedbackTestbed> {
  const dir = await seededDirectory();
  const ctx = (now: Date): FeedbackContext => ({
    provinceCode: PROVINCE,
    publicUrl: 'https://dichvucong.example.vn',
    now,
  });
  return {
    ...dir,
    ctx,
    citizen: (id) => ({ kind: 'citizen', id }),
    submit: (overrides = {}, options = {}) =>
      submitFeedback(
        dir.t.db,
        options.caller ?? { kind: 'anonymous' },
        portalInput(overrides),
        { transactionId: txId('submit') },
        ctx(options.now ?? at('2026-11-16T09:00')),
      ),
    dossier: async (code, agencyCode) => {
      const agencyId = await dir.agencyId(agencyCode);
      await dir.t.db.insert(dossiers).values({
        provinceCode: PROVINCE,
        code,
        trackingKey: 'ABCD2345',
        procedureId: agencyId,
        procedureVersion: 1,
        procedureSnapshot: {
          name: 'Thủ tục thử',
          nationalCode: null,
          localCode: null,
          timeLimit: { amount: 5, unit: 'working_days' },
          timeLimitOnline: null,
          fees: [],
          papers: [],
          eform: [],
          process: [],
          resultName: 'Kết quả thử',
        },
        channel: 'online',
        receivingAgencyId: agencyId,
        competentAgencyId: agencyId,
        holdingAgencyId: agencyId,
        applicant: { type: 'citizen', fullName: 'Nguyễn Văn An' },
        state: 'in_progress',
        machine: snapshotToJson({ ...newDossierSnapshot(), state: 'in_progress' }),
      });
    },
    communeWithoutAgency: async () => {
      const withAgency = dir.t.db
        .select({ code: sql<string>`${agencies.adminUnitCode}` })
        .from(agencies)
        .where(sql`${agencies.adminUnitCode} is not null`);
      const [unit] = await dir.t.db
        .select({ code: adminUnits.code })
        .from(adminUnits)
        .where(
          and(
            eq(adminUnits.provinceCode, PROVINCE),
            eq(adminUnits.kind, 'ward'),
            notInArray(adminUnits.code, withAgency),
          ),
        )
        .limit(1);
      if (!unit) throw new Error('no commune without agency');
      return unit.code;
    },
  };
}
