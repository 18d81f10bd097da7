/**
 * The number of a slip, "Số: 05/TB-UBND" (Decree 30/2020, Art. 15 and Annex I §II.3): one
 * series per issuing agency and year, from 01 on 1 January, numbers below 10 with a leading
 * zero, then the form's abbreviation and the issuer's. A slip takes its number the first time
 * it is issued and keeps it: printing it again shows the same number.
 */
import { and, eq, sql } from 'drizzle-orm';
import { localDateOf } from '../../platform/calendar/index.ts';
import { type Executor, rows } from '../../platform/db/index.ts';
import { type AgencyKind, agencyById } from '../directory/index.ts';
import { slipNumbers } from './schema.ts';

/** The slip kinds, as the route names them. */
export const slipKinds = [
  'receipt',
  'supplement-request',
  'intake-refusal',
  'apology',
  'stop-notice',
  'control-sheet',
] as const;
export type SlipKind = (typeof slipKinds)[number];

/**
 * Form abbreviations. Mẫu 04 is a letter (công văn: no type abbreviation, Decree 30 Annex III)
 * and Mẫu 05 a notice (Thông báo, "TB"); the one-stop desk's own slips use the abbreviations
 * common in provincial templates.
 */
const formAbbreviations: Record<SlipKind, string> = {
  receipt: 'TNHS',
  'supplement-request': 'BSHS',
  'intake-refusal': 'TCHS',
  apology: '',
  'stop-notice': 'TB',
  'control-sheet': 'KSHS',
};

const issuerAbbreviations: Partial<Record<AgencyKind, string>> = {
  people_committee: 'UBND',
  commune: 'UBND',
  service_centre: 'TTPVHCC',
  justice: 'STP',
  home_affairs: 'SNV',
  finance: 'STC',
  agriculture_environment: 'SNNMT',
  construction: 'SXD',
  health: 'SYT',
  education: 'SGDĐT',
  culture: 'SVHTTDL',
  science_technology: 'SKHCN',
  industry_trade: 'SCT',
  police: 'CAT',
  inspectorate: 'TTr',
};

/** "Số: 05/TB-UBND", "Số: 12/UBND" (a letter: the issuer alone). */
function formatSlipNumber(seq: number, kind: SlipKind, agencyKind: AgencyKind): string {
  const issuer = issuerAbbreviations[agencyKind] ?? 'CQ';
  const form = formAbbreviations[kind];
  return `Số: ${String(seq).padStart(2, '0')}/${form ? `${form}-${issuer}` : issuer}`;
}

export interface SlipKey {
  dossierId: string;
  kind: SlipKind;
  /** The action the slip reports (its `seq`); 0 for the control sheet, one per dossier. */
  actionSeq: number;
}

/**
 * The slip's number, taken now if it has none. The counter row is locked first, so a second
 * issue of the same slip waits, then finds the number the first one took: no gaps, no
 * duplicates, whatever the concurrency.
 */
export async function slipNumberOf(db: Executor, key: SlipKey, agencyId: string, issuedAt: Date): Promise<string> {
  const agency = await agencyById(db, agencyId);
  const agencyKind = agency?.kind ?? 'people_committee';
  const existing = await numberOf(db, key);
  if (existing !== undefined) return formatSlipNumber(existing, key.kind, agencyKind);
  const year = Number(localDateOf(issuedAt).slice(0, 4));
  const seq = await db.transaction(async (tx) => {
    await tx.execute(
      sql`insert into slip_number_counters (agency_id, year, last_seq) values (${agencyId}, ${year}, 0)
          on conflict (agency_id, year) do nothing`,
    );
    await tx.execute(
      sql`select last_seq from slip_number_counters where agency_id = ${agencyId} and year = ${year} for update`,
    );
    const taken = await numberOf(tx, key);
    if (taken !== undefined) return taken;
    const [row] = await rows<{ last_seq: number }>(
      tx,
      sql`update slip_number_counters set last_seq = last_seq + 1
          where agency_id = ${agencyId} and year = ${year} returning last_seq`,
    );
    const next = Number(row?.last_seq);
    await tx.insert(slipNumbers).values({ ...key, agencyId, year, seq: next, issuedAt });
    return next;
  });
  return formatSlipNumber(seq, key.kind, agencyKind);
}

async function numberOf(db: Executor, key: SlipKey): Promise<number | undefined> {
  const [row] = await db
    .select({ seq: slipNumbers.seq })
    .from(slipNumbers)
    .where(
      and(
        eq(slipNumbers.dossierId, key.dossierId),
        eq(slipNumbers.kind, key.kind),
        eq(slipNumbers.actionSeq, key.actionSeq),
      ),
    );
  return row?.seq;
}
