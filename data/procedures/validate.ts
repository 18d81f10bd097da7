// Validates the demo province's procedure catalogue (data/procedures/*.json).
// Run: npm exec -- tsx data/procedures/validate.ts
// Rules: README.md in this folder (schema), DOMAIN.md §1.5 (hour budgets), §2.2 (online levels), §4.1 (codes).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// An optional argument validates another folder (used to test the validator itself).
const DIR = process.argv[2] ?? import.meta.dirname;
const MIN_PROCEDURES = 120;

const LEVELS = ['commune', 'province'] as const;
const AGENCY_KINDS = [
  'commune', 'justice', 'home_affairs', 'finance', 'agriculture_environment', 'construction', 'health',
  'education', 'culture', 'science_technology', 'industry_trade', 'police',
] as const;
// Vertical agencies that only appear as a liên thông step, never as the implementing agency.
const OTHER_ONLY_KINDS = ['tax', 'social_insurance'] as const;
const APPLICANT_TYPES = ['citizen', 'business', 'agency', 'other'] as const;
const ONLINE_LEVELS = ['info', 'partial', 'full'] as const;
const TIME_UNITS = ['working_days', 'working_hours', 'calendar_days', 'same_day'] as const;
const COLLECT = ['before', 'after'] as const;
const FEE_SETTERS = ['national', 'provincial_council'] as const;
const unverifiedFees: string[] = [];
const PAPER_FORMS = ['original', 'copy', 'certified_copy', 'presented'] as const;
const FIELD_TYPES = ['text', 'number', 'date', 'choice', 'address', 'place', 'personal_id', 'file'] as const;
const RESULT_KINDS = ['paper', 'electronic', 'both'] as const;
const ROLES = ['receiver', 'specialist', 'leader', 'clerk'] as const;
const UNITS = ['receiving_centre', 'competent_agency', 'other_agency'] as const;

const PROCEDURE_KEYS = [
  'nationalCode', 'name', 'level', 'agencyKind', 'applicantTypes', 'onlineLevel', 'timeLimit', 'timeLimitOnline',
  'fees', 'papers', 'eform', 'resultKind', 'resultName', 'legalBases', 'process',
];

type Obj = Record<string, unknown>;

const errors: string[] = [];
const fail = (where: string, msg: string): void => {
  errors.push(`${where}: ${msg}`);
};

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;
const isOneOf = <T extends string>(list: readonly T[], v: unknown): v is T =>
  typeof v === 'string' && (list as readonly string[]).includes(v);
const isPosNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

function onlyKeys(where: string, o: Obj, allowed: string[]): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(where, `unknown key "${k}"`);
}

function checkEnum<T extends string>(where: string, list: readonly T[], v: unknown, label: string): void {
  if (!isOneOf(list, v)) fail(where, `${label} must be one of ${list.join('|')}, got ${JSON.stringify(v)}`);
}

/** Hours the workflow must add up to: 8 working hours per day; calendar days are budgeted the same way. */
function budgetHours(limit: Obj): number | null {
  if (!isPosNum(limit.amount) || !isOneOf(TIME_UNITS, limit.unit)) return null;
  return limit.unit === 'working_hours' ? limit.amount : limit.amount * 8;
}

function checkTimeLimit(where: string, v: unknown, nullable: boolean): void {
  if (v === null && nullable) return;
  if (!isObj(v)) return fail(where, 'must be an object { amount, unit }');
  onlyKeys(where, v, ['amount', 'unit', 'cutoff', 'extensionWorkingDays']);
  if (!isPosNum(v.amount)) fail(where, 'amount must be a positive number');
  checkEnum(where, TIME_UNITS, v.unit, 'unit');
}

function checkFees(where: string, v: unknown): void {
  if (!Array.isArray(v)) return fail(where, 'fees must be an array');
  v.forEach((fee: unknown, i) => {
    const w = `${where}.fees[${i}]`;
    if (!isObj(fee)) return fail(w, 'must be an object');
    onlyKeys(w, fee, ['name', 'amount', 'unit', 'collect', 'exemptions', 'setBy', 'basis']);
    if (!isStr(fee.name)) fail(w, 'name required');
    if (typeof fee.amount !== 'number' || !Number.isInteger(fee.amount) || fee.amount < 0) fail(w, 'amount must be an integer ≥ 0 (VND)');
    if (fee.unit !== undefined && !isStr(fee.unit)) fail(w, 'unit must be a non-empty string when present');
    checkEnum(w, COLLECT, fee.collect, 'collect');
    if (fee.exemptions !== null && !isStr(fee.exemptions)) fail(w, 'exemptions must be a string or null');
    if (fee.setBy !== undefined) checkEnum(w, FEE_SETTERS, fee.setBy, 'setBy');
    if (fee.basis !== undefined && fee.basis !== null && !isStr(fee.basis)) fail(w, 'basis must be a string or null');
    // A People's Council amount without its resolution is shown as provisional (issue 23.11): counted, not refused.
    if (fee.setBy === 'provincial_council' && !fee.basis) unverifiedFees.push(`${w} ${String(fee.name)}`);
  });
}

function checkPapers(where: string, v: unknown): void {
  if (!Array.isArray(v) || v.length === 0) return fail(where, 'papers must be a non-empty array');
  v.forEach((p: unknown, i) => {
    const w = `${where}.papers[${i}]`;
    if (!isObj(p)) return fail(w, 'must be an object');
    onlyKeys(w, p, ['name', 'form', 'copies', 'template', 'reusable', 'required', 'eform']);
    if (!isStr(p.name)) fail(w, 'name required');
    checkEnum(w, PAPER_FORMS, p.form, 'form');
    if (typeof p.copies !== 'number' || !Number.isInteger(p.copies) || p.copies < 1) fail(w, 'copies must be an integer ≥ 1');
    if (p.template !== null && !(isStr(p.template) && /^[a-z0-9-]+\.(docx|pdf|xlsx)$/.test(p.template))) {
      fail(w, 'template must be null or a kebab-case .docx/.pdf/.xlsx file name');
    }
    if (typeof p.reusable !== 'boolean') fail(w, 'reusable must be boolean');
    if (typeof p.required !== 'boolean') fail(w, 'required must be boolean');
  });
}

function checkEform(where: string, v: unknown): void {
  // The legal declaration of a birth (child, mother, father, declarant) asks about 20 questions.
  if (!Array.isArray(v) || v.length < 3 || v.length > 24) return fail(where, 'eform must have 3–24 fields');
  const keys = new Set<string>();
  v.forEach((f: unknown, i) => {
    const w = `${where}.eform[${i}]`;
    if (!isObj(f)) return fail(w, 'must be an object');
    onlyKeys(w, f, ['key', 'label', 'type', 'options', 'required', 'check', 'requiredWith', 'section']);
    if (f.section !== undefined && !isStr(f.section)) fail(w, 'section must be a non-empty string');
    if (!isStr(f.key) || !/^[a-z][A-Za-z0-9]*$/.test(f.key)) fail(w, 'key must be camelCase');
    else if (keys.has(f.key)) fail(w, `duplicate key ${f.key}`);
    else keys.add(f.key);
    if (!isStr(f.label)) fail(w, 'label required');
    checkEnum(w, FIELD_TYPES, f.type, 'type');
    if (f.type === 'choice') {
      if (!Array.isArray(f.options) || f.options.length === 0 || !f.options.every(isStr)) fail(w, 'choice needs non-empty string options');
    } else if (f.options !== undefined) fail(w, 'options only allowed for choice fields');
    if (typeof f.required !== 'boolean') fail(w, 'required must be boolean');
    if (f.check !== undefined) {
      const fits =
        (f.check === 'not_future' && f.type === 'date') ||
        (f.check === 'person_name' && f.type === 'text') ||
        (f.check === 'year_of_birth' && f.type === 'number');
      if (!fits) fail(w, 'check is not_future (date fields), person_name (text fields) or year_of_birth (number fields)');
    }
    if (f.requiredWith !== undefined && (!isStr(f.requiredWith) || f.requiredWith === f.key || !v.some((g: unknown) => isObj(g) && g.key === f.requiredWith)))
      fail(w, 'requiredWith must be the key of another field of the form');
  });
}

function checkProcess(where: string, v: unknown, limit: unknown): void {
  if (!Array.isArray(v) || v.length === 0) return fail(where, 'process must be a non-empty array');
  let sum = 0;
  v.forEach((s: unknown, i) => {
    const w = `${where}.process[${i}]`;
    if (!isObj(s)) return fail(w, 'must be an object');
    onlyKeys(w, s, ['name', 'role', 'unit', 'hours', 'otherAgencyKind']);
    if (!isStr(s.name)) fail(w, 'name required');
    checkEnum(w, ROLES, s.role, 'role');
    checkEnum(w, UNITS, s.unit, 'unit');
    if (!isPosNum(s.hours)) fail(w, 'hours must be a positive number');
    else sum += s.hours;
    if (s.unit === 'other_agency') checkEnum(w, [...AGENCY_KINDS, ...OTHER_ONLY_KINDS], s.otherAgencyKind, 'otherAgencyKind');
    else if (s.otherAgencyKind !== undefined) fail(w, 'otherAgencyKind only allowed on other_agency steps');
  });
  const first: unknown = v[0];
  if (isObj(first) && first.role !== 'receiver') fail(where, 'the first step must be the receiver taking the dossier');
  const budget = isObj(limit) ? budgetHours(limit) : null;
  if (budget !== null && Math.abs(sum - budget) > 1e-9) fail(where, `process hours sum to ${sum}, legal limit is ${budget} h`);
}

function checkProcedure(where: string, p: Obj): void {
  onlyKeys(where, p, PROCEDURE_KEYS);
  for (const k of PROCEDURE_KEYS) if (!(k in p)) fail(where, `missing key "${k}"`);
  if (p.nationalCode !== null && !(typeof p.nationalCode === 'string' && /^\d\.\d{6}$/.test(p.nationalCode))) {
    fail(where, 'nationalCode must be null or d.dddddd (DOMAIN.md §4.1)');
  }
  if (!isStr(p.name)) fail(where, 'name required');
  checkEnum(where, LEVELS, p.level, 'level');
  checkEnum(where, AGENCY_KINDS, p.agencyKind, 'agencyKind');
  // Two-level government: commune procedures are implemented by UBND xã, province ones by a provincial agency.
  if (p.level === 'commune' && p.agencyKind !== 'commune') fail(where, 'commune-level procedure must have agencyKind "commune"');
  if (p.level === 'province' && p.agencyKind === 'commune') fail(where, 'province-level procedure cannot have agencyKind "commune"');
  if (!Array.isArray(p.applicantTypes) || p.applicantTypes.length === 0) fail(where, 'applicantTypes must be non-empty');
  else {
    for (const a of p.applicantTypes) checkEnum(where, APPLICANT_TYPES, a, 'applicantTypes[]');
    if (new Set(p.applicantTypes).size !== p.applicantTypes.length) fail(where, 'applicantTypes has duplicates');
  }
  checkEnum(where, ONLINE_LEVELS, p.onlineLevel, 'onlineLevel');
  checkTimeLimit(`${where}.timeLimit`, p.timeLimit, false);
  checkTimeLimit(`${where}.timeLimitOnline`, p.timeLimitOnline, true);
  checkFees(where, p.fees);
  checkPapers(where, p.papers);
  checkEform(where, p.eform);
  checkEnum(where, RESULT_KINDS, p.resultKind, 'resultKind');
  if (!isStr(p.resultName)) fail(where, 'resultName required');
  if (!Array.isArray(p.legalBases) || p.legalBases.length === 0 || !p.legalBases.every(isStr)) fail(where, 'legalBases must be non-empty strings');
  checkProcess(where, p.process, p.timeLimit);
}

function main(): void {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
  const codes = new Map<string, string>();
  const names = new Map<string, string>();
  const perField: string[] = [];
  const levels = { commune: 0, province: 0 };
  let total = 0;
  for (const file of files) {
    const text = readFileSync(join(DIR, file), 'utf8');
    // Everything a citizen reads must be NFC (HELPERS-BRIEF); check the raw bytes, not the parsed values.
    if (text !== text.normalize('NFC')) fail(file, 'file is not NFC-normalised');
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      fail(file, `invalid JSON: ${String(e)}`);
      continue;
    }
    if (!isObj(doc)) {
      fail(file, 'top level must be an object');
      continue;
    }
    onlyKeys(file, doc, ['field', 'procedures']);
    const field = doc.field;
    if (!isObj(field) || !isStr(field.code) || !isStr(field.name)) fail(file, 'field { code, name } required');
    else if (`${field.code}.json` !== file) fail(file, `field.code "${field.code}" must match the file name`);
    if (!Array.isArray(doc.procedures) || doc.procedures.length === 0) {
      fail(file, 'procedures must be a non-empty array');
      continue;
    }
    const fieldLevels = { commune: 0, province: 0 };
    doc.procedures.forEach((p: unknown, i) => {
      const where = `${file}#${i}`;
      if (!isObj(p)) return fail(where, 'procedure must be an object');
      checkProcedure(where, p);
      if (typeof p.nationalCode === 'string') {
        const seen = codes.get(p.nationalCode);
        if (seen) fail(where, `nationalCode ${p.nationalCode} already used at ${seen}`);
        codes.set(p.nationalCode, where);
      }
      if (isStr(p.name)) {
        const seen = names.get(p.name);
        if (seen) fail(where, `duplicate procedure name (also at ${seen})`);
        names.set(p.name, where);
      }
      if (p.level === 'commune' || p.level === 'province') {
        levels[p.level]++;
        fieldLevels[p.level]++;
      }
      total++;
    });
    const label = isObj(field) && isStr(field.code) ? field.code : file;
    perField.push(`${label.padEnd(22)} commune ${String(fieldLevels.commune).padStart(3)}  province ${String(fieldLevels.province).padStart(3)}`);
  }
  if (total < MIN_PROCEDURES) fail('catalogue', `only ${total} procedures, at least ${MIN_PROCEDURES} required`);
  const communeShare = total === 0 ? 0 : levels.commune / total;
  if (communeShare < 0.4 || communeShare > 0.6) fail('catalogue', `commune/province split must be roughly 50/50, got ${levels.commune}/${levels.province}`);

  console.log(perField.join('\n'));
  console.log(`total ${total}: commune ${levels.commune}, province ${levels.province}; national codes ${codes.size}, without code ${total - codes.size}`);
  if (unverifiedFees.length > 0) {
    console.log(`${unverifiedFees.length} fee(s) set by the People's Council without a verified resolution (shown as provisional)`);
  }
  if (errors.length > 0) {
    console.error(`\n${errors.length} problem(s):\n${errors.join('\n')}`);
    process.exitCode = 1;
  } else {
    console.log('OK');
  }
}

main();
