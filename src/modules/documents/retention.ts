/**
 * The retention schedule a work file's period is chosen from (Decree 30/2020/NĐ-CP Art. 28–29,
 * Annex V; Circular 10/2022/TT-BNV), read from data/documents/retention-schedules.json: each
 * version with its effective date and source, each item with the source its period was read
 * from. A file not in the schedule takes one of the general levels ("Vĩnh viễn" or a number of
 * years), chosen by its creator (Art. 29.2). Data, not code: an agency adds items to the file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dataFolder } from '../../platform/paths.ts';

export interface RetentionItem {
  code: string;
  group: string;
  title: string;
  /** null: permanent ("Vĩnh viễn"). */
  years: number | null;
  source: string;
}

export interface RetentionSchedule {
  version: string;
  title: string;
  effectiveFrom: string;
  complete: boolean;
  levels: Array<number | null>;
  items: RetentionItem[];
}

export interface RetentionChoice {
  value: string;
  label: string;
}

export interface ChosenRetention {
  retentionYears: number | null;
  /** `${version}:${code}` of the schedule's item, or null for a general level. */
  retentionItem: string | null;
}

const scheduleFile = path.join(dataFolder, 'documents', 'retention-schedules.json');
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/u;

const years = (value: unknown, where: string): number | null => {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 100)
    throw new Error(`${where} must be null (permanent) or whole years from 1 to 100`);
  return value;
};
const text = (value: unknown, where: string): string => {
  if (typeof value !== 'string' || value.trim() === '') throw new Error(`${where} must be a non-empty string`);
  return value.normalize('NFC');
};

/** Reads and checks the schedules; throws naming the first bad field. */
export function loadRetentionSchedules(file: string = scheduleFile): RetentionSchedule[] {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { schedules?: unknown };
  if (!Array.isArray(raw.schedules) || raw.schedules.length === 0) throw new Error('schedules must be a list');
  return raw.schedules.map((s: Record<string, unknown>, i) => {
    const where = `schedules[${i}]`;
    const effectiveFrom = text(s.effectiveFrom, `${where}.effectiveFrom`);
    if (!ISO_DATE.test(effectiveFrom)) throw new Error(`${where}.effectiveFrom must be YYYY-MM-DD`);
    if (!Array.isArray(s.items) || !Array.isArray(s.levels)) throw new Error(`${where} needs items and levels`);
    const items = s.items.map((item: Record<string, unknown>, j) => ({
      code: text(item.code, `${where}.items[${j}].code`),
      group: text(item.group, `${where}.items[${j}].group`),
      title: text(item.title, `${where}.items[${j}].title`),
      years: years(item.years, `${where}.items[${j}].years`),
      source: text(item.source, `${where}.items[${j}].source`),
    }));
    if (new Set(items.map((x) => x.code)).size !== items.length) throw new Error(`${where}: item codes repeat`);
    return {
      version: text(s.version, `${where}.version`),
      title: text(s.title, `${where}.title`),
      effectiveFrom,
      complete: s.complete === true,
      levels: s.levels.map((l, j) => years(l, `${where}.levels[${j}]`)),
      items,
    };
  });
}

let cached: RetentionSchedule[] | undefined;
const schedules = () => {
  cached ??= loadRetentionSchedules();
  return cached;
};

/** The schedule in force on a local date (the latest whose effective date has come; else the earliest). */
export function scheduleOn(date: string, list: RetentionSchedule[] = schedules()): RetentionSchedule {
  const sorted = [...list].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  const first = sorted[0];
  if (!first) throw new Error('no retention schedule');
  return sorted.filter((s) => s.effectiveFrom <= date).at(-1) ?? first;
}

export const retentionLabel = (y: number | null): string => (y === null ? 'Vĩnh viễn' : `${y} năm`);

/** The form's options: the schedule's items, then the general levels. */
export function retentionChoices(date: string, list?: RetentionSchedule[]): RetentionChoice[] {
  const s = scheduleOn(date, list);
  return [
    ...s.items.map((item) => ({
      value: `muc:${item.code}`,
      label: `${item.group} — ${item.title}: ${retentionLabel(item.years)}`,
    })),
    ...s.levels.map((l) => ({
      value: l === null ? 'muc-chung:vinh-vien' : `muc-chung:${l}`,
      label: `Hồ sơ không có trong bảng — ${retentionLabel(l)}`,
    })),
  ];
}

/** A choice from the form → the period and the item it came from; undefined when it is not on offer. */
export function resolveRetention(
  choice: string,
  date: string,
  list?: RetentionSchedule[],
): ChosenRetention | undefined {
  const s = scheduleOn(date, list);
  if (choice.startsWith('muc:')) {
    const item = s.items.find((x) => x.code === choice.slice(4));
    return item ? { retentionYears: item.years, retentionItem: `${s.version}:${item.code}` } : undefined;
  }
  if (choice === 'muc-chung:vinh-vien' && s.levels.includes(null)) return { retentionYears: null, retentionItem: null };
  const level = Number(choice.slice('muc-chung:'.length));
  if (choice.startsWith('muc-chung:') && s.levels.includes(level))
    return { retentionYears: level, retentionItem: null };
  return undefined;
}

/** The schedule's item a file's period came from, for display. */
export function retentionItemOf(
  ref: string | null,
  list: RetentionSchedule[] = schedules(),
): RetentionItem | undefined {
  if (!ref) return undefined;
  const [version, code] = ref.split(':');
  return list.find((s) => s.version === version)?.items.find((i) => i.code === code);
}
