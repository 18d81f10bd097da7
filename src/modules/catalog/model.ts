/**
 * What a procedure (thủ tục hành chính) says, as TypeBox schemas: the single truth for the
 * data files, the API bodies and the jsonb columns. Terms: README.md in this folder.
 */
import { type Static, type TSchema, Type } from 'typebox';

// No C0 control characters (PostgreSQL refuses NUL in text) other than tab and line breaks.
const SAFE = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$';
const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, pattern: SAFE, ...(description ? { description } : {}) });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const procedureLevels = ['commune', 'province'] as const;
export type ProcedureLevel = (typeof procedureLevels)[number];

/** DOMAIN.md §2.2: `full` = toàn trình, `partial` = một phần, `info` = information only. */
export const onlineLevels = ['info', 'partial', 'full'] as const;
export type OnlineLevel = (typeof onlineLevels)[number];

export const applicantTypes = ['citizen', 'business', 'agency', 'other'] as const;
export type ApplicantType = (typeof applicantTypes)[number];

export const resultKinds = ['paper', 'electronic', 'both'] as const;

/** Kinds of implementing agency (directory `agencies.kind`); `commune` = UBND cấp xã. */
export const implementingKinds = [
  'commune',
  'justice',
  'home_affairs',
  'finance',
  'agriculture_environment',
  'construction',
  'health',
  'education',
  'culture',
  'science_technology',
  'industry_trade',
  'police',
] as const;
export type ImplementingKind = (typeof implementingKinds)[number];

/** Vertical agencies outside the province's tree that only take a liên thông step. */
const otherAgencyKinds = [...implementingKinds, 'tax', 'social_insurance'] as const;

const timeUnits = ['working_days', 'working_hours', 'calendar_days', 'same_day'] as const;

export const TimeLimit = Type.Object(
  {
    amount: Type.Number({ exclusiveMinimum: 0, maximum: 3650 }),
    unit: Type.Enum(timeUnits, {
      description:
        'working_days (default of the law), working_hours, calendar_days, or same_day (trong ngày: end of the ' +
        'day of reception, the next working day after the cut-off; amount 1)',
    }),
    cutoff: Type.Optional(
      Type.String({
        pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
        description: "Reception cut-off HH:MM (DOMAIN.md §1.5); default the agency's, else 15:00",
      }),
    ),
    extensionWorkingDays: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 30,
        description: 'Working days the law allows to add when verification is needed (gia hạn để xác minh)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type TimeLimit = Static<typeof TimeLimit>;

export const Fee = Type.Object(
  {
    name: Text(500),
    amount: Type.Integer({ minimum: 0, description: 'VND; 0 = exempt in the stated case' }),
    unit: Type.Optional(Text(50, 'per unit, e.g. "trang", "bản"')),
    collect: Type.Enum(['before', 'after'], { description: 'collected on filing or on delivery of the result' }),
    exemptions: Nullable(Text(2000)),
    setBy: Type.Optional(
      Type.Enum(['national', 'provincial_council'], {
        description:
          "who sets the amount: a national text, or the provincial People's Council (HĐND tỉnh, Law on Fees and Charges 2015)",
      }),
    ),
    basis: Type.Optional(
      Nullable(Text(300, 'the text that sets the amount, e.g. "Nghị quyết số …/NQ-HĐND ngày …"; null until verified')),
    ),
  },
  { additionalProperties: false },
);
export type Fee = Static<typeof Fee>;

export const Paper = Type.Object(
  {
    name: Text(1000),
    form: Type.Enum(['original', 'copy', 'certified_copy', 'presented'], {
      description: 'bản chính, bản sao, bản sao có chứng thực, or xuất trình (shown, not kept)',
    }),
    copies: Type.Integer({ minimum: 1, maximum: 100 }),
    template: Nullable(Type.String({ pattern: '^[a-z0-9-]+\\.(docx|pdf|xlsx)$', maxLength: 200 })),
    reusable: Type.Boolean({ description: "may come from the applicant's digitised papers (reuse)" }),
    required: Type.Boolean(),
    eform: Type.Optional(
      Type.Boolean({
        description:
          'the declaration (tờ khai) the e-form fills: filed online, it is not uploaded again (issue 13, item 4)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type Paper = Static<typeof Paper>;

const eformFieldTypes = ['text', 'number', 'date', 'choice', 'address', 'place', 'personal_id', 'file'] as const;
/** Checks beyond the type, so each field's message can say what is wrong (issue 13, item 2). */
const eformChecks = ['not_future', 'person_name', 'year_of_birth'] as const;

export const EformField = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][A-Za-z0-9]*$', maxLength: 64, description: 'camelCase, unique in the form' }),
    label: Text(300),
    type: Type.Enum(eformFieldTypes, {
      description:
        "address = a commune of the province; place = a commune anywhere in the country (province, then commune, from the directory's administrative units); personal_id = 12-digit số định danh",
    }),
    options: Type.Optional(Type.Array(Text(200), { minItems: 1, maxItems: 100 })),
    required: Type.Boolean(),
    check: Type.Optional(
      Type.Enum(eformChecks, {
        description:
          'not_future = a date that cannot be after today (birth, death); person_name = a plausible full name; year_of_birth = a 4-digit year not after this year (number fields)',
      }),
    ),
    section: Type.Optional(
      Text(200, 'a heading shown before this field, opening a group of questions ("Thông tin về mẹ")'),
    ),
    requiredWith: Type.Optional(
      Type.String({
        pattern: '^[a-z][A-Za-z0-9]*$',
        maxLength: 64,
        description:
          "key of another field of the form: this one is required once that one is answered (the mother's year of birth once her name is given)",
      }),
    ),
  },
  { additionalProperties: false },
);
export type EformField = Static<typeof EformField>;

const stepRoles = ['receiver', 'specialist', 'leader', 'clerk'] as const;
const stepUnits = ['receiving_centre', 'competent_agency', 'other_agency'] as const;

export const ProcessStep = Type.Object(
  {
    name: Text(300),
    role: Type.Enum(stepRoles),
    unit: Type.Enum(stepUnits, { description: 'other_agency = a liên thông step, with otherAgencyKind' }),
    hours: Type.Number({ exclusiveMinimum: 0, description: 'working hours of the counter (default) channel' }),
    hoursOnline: Type.Optional(
      Type.Number({ minimum: 0, description: 'working hours online, when the online limit differs; default hours' }),
    ),
    otherAgencyKind: Type.Optional(Type.Enum(otherAgencyKinds)),
  },
  { additionalProperties: false },
);
export type ProcessStep = Static<typeof ProcessStep>;

/** The level of assurance a procedure needs unless it says otherwise: VNeID level 2 (payments-sync-sso.md §4.3). */
export const DEFAULT_ASSURANCE_LEVEL = 2;

/** Everything an administrator edits about a procedure (the PUT body and one data-file entry). */
export const procedureContentProperties = {
  nationalCode: Nullable(Type.String({ pattern: '^\\d\\.\\d{6}$', description: 'd.dddddd (DOMAIN.md §4.1)' })),
  // Official names run to ~600 characters; 800 keeps the (province, level, name) index entry under btree's 2.7 kB.
  name: Text(800),
  level: Type.Enum(procedureLevels),
  agencyKind: Type.Enum(implementingKinds, { description: 'kind of the implementing agency in the directory' }),
  applicantTypes: Type.Array(Type.Enum(applicantTypes), { minItems: 1, maxItems: 4, uniqueItems: true }),
  onlineLevel: Type.Enum(onlineLevels),
  assuranceLevel: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 2,
      description:
        'Level of assurance an online filing needs: 0 any account, 1 or 2 the national sign-on (VNeID) level; default 2',
    }),
  ),
  timeLimit: TimeLimit,
  timeLimitOnline: Nullable(TimeLimit),
  fees: Type.Array(Fee, { maxItems: 50 }),
  papers: Type.Array(Paper, { minItems: 1, maxItems: 100 }),
  eform: Type.Array(EformField, { maxItems: 100 }),
  resultKind: Type.Enum(resultKinds),
  resultName: Text(1000),
  legalBases: Type.Array(Text(500), { minItems: 1, maxItems: 50 }),
  process: Type.Array(ProcessStep, { minItems: 1, maxItems: 50 }),
};

export const ProcedureContent = Type.Object(procedureContentProperties, { additionalProperties: false });
export type ProcedureContent = Static<typeof ProcedureContent>;

/** One file of data/procedures/: the procedures of one field (lĩnh vực). */
export const CatalogFile = Type.Object(
  {
    field: Type.Object(
      { code: Type.String({ pattern: '^[a-z0-9-]+$', maxLength: 64 }), name: Text(300) },
      { additionalProperties: false },
    ),
    procedures: Type.Array(ProcedureContent),
  },
  { additionalProperties: false },
);
export type CatalogFile = Static<typeof CatalogFile>;
