/**
 * Feedback categories from data/feedback/categories.json: what routes an item (the kind of
 * agency responsible, and whether the commune handles it first) and, under the same codes,
 * the Open311 services. Data, not code: a province edits the file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dataFolder } from '../../platform/paths.ts';
import { type AgencyKind, agencyKinds } from '../directory/index.ts';
import { type FeedbackClassification, feedbackClassifications } from './schema.ts';

export interface FeedbackCategory {
  code: string;
  name: string;
  description: string;
  group: string;
  keywords: readonly string[];
  classification: FeedbackClassification;
  agencyKind: AgencyKind;
  scope: 'province' | 'commune';
}

const categoriesFile = path.join(dataFolder, 'feedback', 'categories.json');

const CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function nonEmpty(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new Error(`${where} must be a non-empty string`);
  return value.normalize('NFC');
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string): T {
  const found = allowed.find((a) => a === value);
  if (!found) throw new Error(`${where} must be one of ${allowed.join(', ')}`);
  return found;
}

/** Reads and checks a categories file; throws naming the first bad field. */
export function loadCategories(file: string = categoriesFile): FeedbackCategory[] {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const list = (parsed as { categories?: unknown } | null)?.categories;
  if (!Array.isArray(list) || list.length === 0) throw new Error(`${file}: "categories" must be a non-empty array`);
  const seen = new Set<string>();
  return list.map((raw: unknown, i) => {
    const where = `${file}: categories[${i}]`;
    const c = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const code = nonEmpty(c.code, `${where}.code`);
    if (!CODE.test(code)) throw new Error(`${where}.code must be a lower-case slug`);
    if (seen.has(code)) throw new Error(`${where}.code ${code} is repeated`);
    seen.add(code);
    const keywords = Array.isArray(c.keywords) ? c.keywords.map((k, j) => nonEmpty(k, `${where}.keywords[${j}]`)) : [];
    return {
      code,
      name: nonEmpty(c.name, `${where}.name`),
      description: nonEmpty(c.description, `${where}.description`),
      group: nonEmpty(c.group, `${where}.group`),
      keywords,
      classification: oneOf(c.classification, feedbackClassifications, `${where}.classification`),
      agencyKind: oneOf(c.agencyKind, agencyKinds, `${where}.agencyKind`),
      scope: oneOf(c.scope, ['province', 'commune'] as const, `${where}.scope`),
    };
  });
}

let cached: FeedbackCategory[] | undefined;

export function feedbackCategories(): readonly FeedbackCategory[] {
  cached ??= loadCategories();
  return cached;
}

export function findCategory(code: string): FeedbackCategory | undefined {
  return feedbackCategories().find((c) => c.code === code);
}

/** The category used when the sender picks none: the last one, "other", by convention. */
export function fallbackCategory(): FeedbackCategory {
  const all = feedbackCategories();
  const last = all.find((c) => c.code === 'khac') ?? all.at(-1);
  if (!last) throw new Error('no feedback categories');
  return last;
}
