/** A rate: numerator ÷ denominator × 100, 2 decimals; null when the denominator is 0 (§3 "0 or N/A"). */
export interface Rate {
  numerator: number;
  denominator: number;
  percent: number | null;
}
export const rate = (numerator: number, denominator: number): Rate => ({
  numerator,
  denominator,
  percent: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 100,
});
