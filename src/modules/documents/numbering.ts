/**
 * Document numbers (Decree 30/2020/NĐ-CP Art. 15 and 22, Annex I §II.3): one series per
 * agency, year, direction and series kind, from 01 on 1 January to 31 December, numbers below
 * 10 written with a leading zero. The register's counter row is incremented by one statement
 * inside the transaction that registers or issues the document, as dossier codes are
 * (dossiers/codes.ts): the row lock serialises numbering of one register until commit, and a
 * rolled-back issue gives its number back — no gap, no duplicate, whatever the concurrency.
 */
import { sql } from 'drizzle-orm';
import { localDateOf } from '../../platform/calendar/index.ts';
import { type Executor, rows } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import type { DocumentDirection, Secrecy } from './schema.ts';

export interface RegisterKey {
  provinceCode: string;
  agencyId: string;
  direction: DocumentDirection;
  /** Secret documents have their own series (Annex I §II.3a). */
  secrecy: Secrecy;
}

/** The register's year: the local (Vietnam) year of the moment the number is taken. */
export const registerYearOf = (at: Date): number => Number(localDateOf(at).slice(0, 4));

const seriesOf = (secrecy: Secrecy): string => (secrecy === 'none' ? 'general' : 'secret');

/** Takes the next number of the register (created on first use); call inside the change's transaction. */
export async function takeNumber(
  tx: Executor,
  key: RegisterKey,
  at: Date,
): Promise<{ registerId: string; number: number }> {
  const year = registerYearOf(at);
  const [row] = await rows<{ id: string; last_number: number }>(
    tx,
    sql`insert into document_registers (province_code, agency_id, year, direction, series, last_number)
        values (${key.provinceCode}, ${key.agencyId}, ${year}, ${key.direction}, ${seriesOf(key.secrecy)}, 1)
        on conflict (agency_id, year, direction, series)
        do update set last_number = document_registers.last_number + 1
        returning id, last_number`,
  );
  if (!row) throw new DomainError('DOCUMENT_REGISTER_NOT_FOUND');
  return { registerId: row.id, number: Number(row.last_number) };
}

/** "05", "12", "123": below 10 with a leading zero (Annex I §II.3c). */
export const formatNumber = (n: number): string => String(n).padStart(2, '0');

/** "Số: 05/QĐ-STP". */
export const numberLine = (codeNumber: string | null, notation: string): string =>
  `Số: ${codeNumber ?? '     '}/${notation}`;

/**
 * The place-and-date line: "Tuyên Quang, ngày 05 tháng 3 năm 2026" — days below 10 and the
 * months 1 and 2 with a leading zero (Annex I §II.4).
 */
export function dateLine(place: string, isoDate: string): string {
  const [year = '', month = '', day = ''] = isoDate.split('-');
  const m = Number(month);
  return `${place}, ngày ${day} tháng ${m <= 2 ? month : String(m)} năm ${year}`;
}

/** The text fields of a rendered outgoing document that take the number and the date at issue. */
export const NUMBER_FIELD = 'SoKyHieu';
export const DATE_FIELD = 'NgayBanHanh';
