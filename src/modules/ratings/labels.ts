/** What a citizen reads for each level (DOMAIN.md §1.6 [V: S1]: RẤT HÀI LÒNG / HÀI LÒNG / KHÔNG HÀI LÒNG). */
import type { RatingLevel } from './schema.ts';

export const levelLabels: Record<RatingLevel, string> = {
  very_satisfied: 'Rất hài lòng',
  satisfied: 'Hài lòng',
  unsatisfied: 'Không hài lòng',
};
