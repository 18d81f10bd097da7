/**
 * Small-cell suppression for published aggregates. A count from 1 to 4 (below THRESHOLD = 5) is
 * withheld: in a commune a month's one or two birth registrations or land transfers can point to
 * a household the neighbours know, and NĐ 47/2020 (documents-reports-ioc.md §6.1) forbids
 * disclosing personal data in open data. Five is the common rule of thumb of statistical
 * disclosure control, our choice — no Vietnamese text we read names a number. Zero is
 * published (it tells nothing about a person).
 *
 * A row's parts add up to its totals (form 06: 3 = 4 + 5 + 6, 7 = 8 + 9 + 10, 11 = 12 + 13), so
 * a single withheld part could be recovered by subtraction: when exactly one part of a sum is
 * withheld and the total is not, the smallest other non-zero part is withheld too (secondary
 * suppression). Only whole months are published and no total rows, so rows cannot be
 * subtracted from a published total either (docs/insights.md).
 */
export const THRESHOLD = 5;

/** A sum within a row: the total's index and its parts' indices. */
export interface SumGroup {
  total: number;
  parts: number[];
}

const small = (v: number) => v > 0 && v < THRESHOLD;

/** The row's values with the withheld ones as null. */
export function suppressRow(values: readonly number[], groups: readonly SumGroup[]): (number | null)[] {
  const out: (number | null)[] = values.map((v) => (small(v) ? null : v));
  for (const g of groups) {
    if (out[g.total] === null) continue;
    const hidden = g.parts.filter((i) => out[i] === null);
    if (hidden.length !== 1) continue;
    const candidates = g.parts
      .filter((i) => out[i] !== null && (values[i] ?? 0) > 0)
      .sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0));
    const next = candidates[0];
    if (next !== undefined) out[next] = null;
    else out[g.total] = null; // the others are all zero: the total would give the part away
  }
  return out;
}
