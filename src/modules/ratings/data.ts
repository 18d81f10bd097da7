/**
 * The evaluation's data files (data/ratings/): the 9 criteria with what each is computed from,
 * the index 9 and indicator 5.4 thresholds, and the grade bands. Data, not constants (DOMAIN.md,
 * "How to read this file"): a province edits the files; a version applies from its date.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dataFolder } from '../../platform/paths.ts';
import type { GradeBand, OnlineServiceThresholds, ServiceIndex54Config } from './rules.ts';

const criteriaFile = path.join(dataFolder, 'ratings', 'criteria.json');
const gradeBandsFile = path.join(dataFolder, 'ratings', 'grade-bands.json');

const computedSources = [
  'dossierTiming',
  'stepTiming',
  'supplementRequests',
  'ratingsAndTiming',
  'onlineServices',
] as const;
export type ComputedSource = (typeof computedSources)[number];

export interface CriterionDefinition {
  number: number;
  name: string;
  points: { '2': string; '1': string; '0': string };
  /** What the module computes the criterion from; null: entered by an administrator. */
  computedFrom: ComputedSource | null;
}

export interface CriteriaVersion {
  effectiveFrom: string;
  verified: boolean;
  criteria: CriterionDefinition[];
  onlineServices: OnlineServiceThresholds;
  satisfactionQuestions: Array<{ index: number; key: 'convenience' | 'overall'; name: string }>;
  serviceIndex54: ServiceIndex54Config;
}

export interface GradeBandsVersion {
  effectiveFrom: string;
  verified: boolean;
  source: string;
  bands: GradeBand[];
}

type Obj = Record<string, unknown>;
const obj = (v: unknown, where: string): Obj => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${where} must be an object`);
  return v as Obj;
};
const str = (v: unknown, where: string): string => {
  if (typeof v !== 'string' || v.trim() === '') throw new Error(`${where} must be a non-empty string`);
  return v.normalize('NFC');
};
const num = (v: unknown, where: string): number => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${where} must be a number`);
  return v;
};
const date = (v: unknown, where: string): string => {
  const s = str(v, where);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) throw new Error(`${where} must be a date YYYY-MM-DD`);
  return s;
};
const list = (v: unknown, where: string): unknown[] => {
  if (!Array.isArray(v) || v.length === 0) throw new Error(`${where} must be a non-empty array`);
  return v;
};

function criterion(raw: unknown, where: string): CriterionDefinition {
  const c = obj(raw, where);
  const points = obj(c.points, `${where}.points`);
  const computedFrom = computedSources.find((s) => s === c.computedFrom) ?? null;
  if (c.computedFrom !== null && computedFrom === null) {
    throw new Error(`${where}.computedFrom must be null or one of ${computedSources.join(', ')}`);
  }
  return {
    number: num(c.number, `${where}.number`),
    name: str(c.name, `${where}.name`),
    points: {
      '2': str(points['2'], `${where}.points.2`),
      '1': str(points['1'], `${where}.points.1`),
      '0': str(points['0'], `${where}.points.0`),
    },
    computedFrom,
  };
}

function criteriaVersion(raw: unknown, where: string): CriteriaVersion {
  const v = obj(raw, where);
  const criteria = list(v.criteria, `${where}.criteria`).map((c, i) => criterion(c, `${where}.criteria[${i}]`));
  const numbers = criteria.map((c) => c.number).join(',');
  if (numbers !== '1,2,3,4,5,6,7,8,9') throw new Error(`${where}.criteria must be numbered 1 to 9 in order`);
  const online = obj(v.onlineServices, `${where}.onlineServices`);
  const two = obj(online.twoPoints, `${where}.onlineServices.twoPoints`);
  const one = obj(online.onePoint, `${where}.onlineServices.onePoint`);
  const index54 = obj(v.serviceIndex54, `${where}.serviceIndex54`);
  return {
    effectiveFrom: date(v.effectiveFrom, `${where}.effectiveFrom`),
    verified: v.verified === true,
    criteria,
    onlineServices: {
      twoPoints: {
        procedureSharePercent: num(
          two.procedureSharePercent,
          `${where}.onlineServices.twoPoints.procedureSharePercent`,
        ),
        dossierSharePercent: num(two.dossierSharePercent, `${where}.onlineServices.twoPoints.dossierSharePercent`),
      },
      onePoint: {
        dossierSharePercent: num(one.dossierSharePercent, `${where}.onlineServices.onePoint.dossierSharePercent`),
      },
    },
    satisfactionQuestions: list(v.satisfactionQuestions, `${where}.satisfactionQuestions`).map((q, i) => {
      const o = obj(q, `${where}.satisfactionQuestions[${i}]`);
      const key = o.key === 'convenience' || o.key === 'overall' ? o.key : null;
      if (!key) throw new Error(`${where}.satisfactionQuestions[${i}].key must be convenience or overall`);
      return { index: num(o.index, `${where}.satisfactionQuestions[${i}].index`), key, name: str(o.name, 'name') };
    }),
    serviceIndex54: {
      maxPoints: num(index54.maxPoints, `${where}.serviceIndex54.maxPoints`),
      fullPointsAtPercent: num(index54.fullPointsAtPercent, `${where}.serviceIndex54.fullPointsAtPercent`),
    },
  };
}

function band(raw: unknown, where: string): GradeBand {
  const b = obj(raw, where);
  const grade = str(b.grade, `${where}.grade`);
  if (b.above !== undefined) return { grade, above: num(b.above, `${where}.above`) };
  return { grade, atLeast: num(b.atLeast, `${where}.atLeast`) };
}

function versions<T extends { effectiveFrom: string }>(file: string, read: (raw: unknown, where: string) => T): T[] {
  const parsed = obj(JSON.parse(readFileSync(file, 'utf8')), file);
  const out = list(parsed.versions, `${file}: versions`).map((v, i) => read(v, `${file}: versions[${i}]`));
  return out.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
}

export function loadCriteria(file: string = criteriaFile): CriteriaVersion[] {
  return versions(file, criteriaVersion);
}

export function loadGradeBands(file: string = gradeBandsFile): GradeBandsVersion[] {
  return versions(file, (raw, where) => {
    const v = obj(raw, where);
    return {
      effectiveFrom: date(v.effectiveFrom, `${where}.effectiveFrom`),
      verified: v.verified === true,
      source: str(v.source, `${where}.source`),
      bands: list(v.bands, `${where}.bands`).map((b, i) => band(b, `${where}.bands[${i}]`)),
    };
  });
}

/** The version in force on a day ('YYYY-MM-DD'): the latest that starts on or before it. */
export function versionOn<T extends { effectiveFrom: string }>(all: readonly T[], day: string): T {
  const found = all.filter((v) => v.effectiveFrom <= day).at(-1) ?? all[0];
  if (!found) throw new Error('no version of the evaluation data');
  return found;
}

let cache: { criteria: CriteriaVersion[]; bands: GradeBandsVersion[] } | undefined;

/** Both files, read once per process (restart after editing them). */
export function evaluationData(): { criteria: CriteriaVersion[]; bands: GradeBandsVersion[] } {
  cache ??= { criteria: loadCriteria(), bands: loadGradeBands() };
  return cache;
}
