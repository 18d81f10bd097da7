/** Words for the catalog's codes (levels, online levels, time units, paper forms) in the page's language. */
import type { ApplicantType, OnlineLevel, Paper, ProcedureLevel, TimeLimit } from '../modules/catalog/index.ts';
import type { OfficeHours } from '../modules/directory/index.ts';
import type { PageContext } from './context.ts';

export function levelLabel(ctx: PageContext, level: ProcedureLevel): string {
  return level === 'commune' ? ctx.t.levelCommune : ctx.t.levelProvince;
}

export function onlineLabel(ctx: PageContext, level: OnlineLevel): string {
  return { full: ctx.t.onlineFull, partial: ctx.t.onlinePartial, info: ctx.t.onlineInfo }[level];
}

export function onlineHint(ctx: PageContext, level: OnlineLevel): string {
  return { full: ctx.t.onlineFullHint, partial: ctx.t.onlinePartialHint, info: ctx.t.onlineInfoHint }[level];
}

export const onlineColour = (level: OnlineLevel) => ({ full: 'green', partial: 'blue', info: 'grey' })[level];

export function timeLimitLabel(ctx: PageContext, limit: TimeLimit): string {
  if (limit.unit === 'same_day' && limit.amount === 1) {
    const [h, m] = (limit.cutoff ?? '15:00').split(':');
    const cutoff = ctx.lang === 'vi' ? `${Number(h)} giờ${m === '00' ? '' : ` ${m}`}` : `${h}:${m}`;
    return ctx.t.sameDay.replace('{cutoff}', cutoff);
  }
  const unit = {
    working_days: ctx.t.workingDays,
    working_hours: ctx.t.workingHours,
    calendar_days: ctx.t.calendarDays,
    same_day: ctx.t.workingDays,
  }[limit.unit];
  const n = new Intl.NumberFormat(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 }).format(
    limit.amount,
  );
  return `${n} ${unit}`;
}

export function applicantTypeLabel(ctx: PageContext, type: ApplicantType): string {
  return {
    citizen: ctx.t.applicantCitizen,
    business: ctx.t.applicantBusiness,
    agency: ctx.t.applicantAgency,
    other: ctx.t.applicantOther,
  }[type];
}

export function paperFormLabel(ctx: PageContext, form: Paper['form']): string {
  return {
    original: ctx.t.formOriginal,
    copy: ctx.t.formCopy,
    certified_copy: ctx.t.formCertifiedCopy,
    presented: ctx.t.formPresented,
  }[form];
}

export function resultKindLabel(ctx: PageContext, kind: 'paper' | 'electronic' | 'both'): string {
  return { paper: ctx.t.resultPaper, electronic: ctx.t.resultElectronic, both: ctx.t.resultBoth }[kind];
}

/** "07:00–11:30, 13:30–17:00". */
export const officeHoursLabel = (hours: OfficeHours) => hours.periods.map((p) => `${p.start}–${p.end}`).join(', ');
