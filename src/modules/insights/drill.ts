/** The dossiers behind one figure: the same classification that counted them. */
import { type Filters, type Lookups, matches } from './dimensions.ts';
import type { DossierRow, PeriodData } from './load-period.ts';
import { placeInPeriod } from './placement.ts';

export const figures = [
  'received',
  'carriedOver',
  'online',
  'counter',
  'post',
  'handled',
  'early',
  'onTime',
  'late',
  'inProgress',
  'withinTime',
  'overdue',
] as const;
export type Figure = (typeof figures)[number];

/** The dossiers behind one figure of the scope: the same classification that counted them. */
export function dossiersBehind(data: PeriodData, filters: Filters, figure: Figure, lookups: Lookups): DossierRow[] {
  return data.dossiers.filter((row) => {
    if (!matches(row, filters, lookups)) return false;
    const place = placeInPeriod(row, data.period);
    if (!place) return false;
    switch (figure) {
      case 'received':
        return true;
      case 'carriedOver':
        return place.carriedOver;
      case 'online':
      case 'counter':
      case 'post':
        return !place.carriedOver && row.channel === figure;
      case 'handled':
        return place.timing === 'early' || place.timing === 'onTime' || place.timing === 'late';
      case 'early':
      case 'onTime':
      case 'late':
        return place.timing === figure;
      case 'inProgress':
        return place.timing === 'inProgressOnTime' || place.timing === 'inProgressLate';
      case 'withinTime':
        return place.timing === 'inProgressOnTime';
      case 'overdue':
        return place.timing === 'inProgressLate';
      default:
        return false;
    }
  });
}
