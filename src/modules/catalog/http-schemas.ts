/** TypeBox schemas of the catalog API: requests are checked, responses serialised by them. */
import { type Static, Type } from 'typebox';
import {
  applicantTypes,
  Nullable,
  onlineLevels,
  procedureContentProperties,
  procedureLevels,
  resultKinds,
  TimeLimit,
} from './model.ts';

const Uuid = Type.String({ format: 'uuid' });

export const SearchQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({ maxLength: 200, description: 'Folds case and diacritics; tolerates typos (trigram)' }),
    ),
    field: Type.Optional(Type.String({ maxLength: 64, description: 'Field code, e.g. ho-tich' })),
    agency: Type.Optional(
      Type.String({ maxLength: 64, description: 'Implementing agency: id or electronic code (000.00.03.H60)' }),
    ),
    level: Type.Optional(Type.Enum(procedureLevels)),
    applicantType: Type.Optional(Type.Enum(applicantTypes)),
    onlineLevel: Type.Optional(Type.Enum(onlineLevels)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;

const FieldView = Type.Object({ code: Type.String(), name: Type.String() });

const AgencyRef = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() });

const ProcedureSummary = Type.Object({
  id: Type.String(),
  nationalCode: Nullable(Type.String()),
  localCode: Nullable(Type.String()),
  name: Type.String(),
  field: FieldView,
  level: Type.Enum(procedureLevels),
  applicantTypes: Type.Array(Type.Enum(applicantTypes)),
  onlineLevel: Type.Enum(onlineLevels),
  timeLimit: TimeLimit,
  timeLimitOnline: Nullable(TimeLimit),
  resultKind: Type.Enum(resultKinds),
  active: Type.Boolean(),
});

export const SearchResult = Type.Object({
  items: Type.Array(ProcedureSummary),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  approximate: Type.Boolean({
    description: 'Nothing matched as typed: these are the closest matches (typos mended, most words held)',
  }),
  /** When nothing matched: the procedure whose name is closest ("Có phải bạn muốn tìm…"). */
  suggestion: Nullable(ProcedureSummary),
});

export const ProcedureView = Type.Object({
  id: Type.String(),
  provinceCode: Type.String(),
  localCode: Nullable(Type.String({ description: 'National code + "." + agency code (DOMAIN.md §4.1)' })),
  ...procedureContentProperties,
  field: FieldView,
  agencies: Type.Array(AgencyRef, { description: 'Implementing agencies' }),
  currentVersion: Type.Integer({ description: 'Version of `process` that new dossiers are filed under' }),
  processTotalHours: Type.Number(),
  active: Type.Boolean(),
  updatedAt: Type.String({ description: 'ISO date-time' }),
});

export const ProcessTemplateView = Type.Object({
  procedureId: Type.String(),
  version: Type.Integer(),
  steps: procedureContentProperties.process,
  totalHours: Type.Number({ description: 'Working hours, counter channel' }),
  totalHoursOnline: Nullable(Type.Number()),
  timeLimit: TimeLimit,
  timeLimitOnline: Nullable(TimeLimit),
  createdAt: Type.String(),
  createdBy: Type.String(),
});

export const CodeParams = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 100, description: 'Id, national code (1.001193) or local code' }),
});
export const IdParams = Type.Object({ id: Uuid });
export const TemplateParams = Type.Object({ id: Uuid, version: Type.Integer({ minimum: 1 }) });

export const SaveProcedureBody = Type.Object(
  {
    ...procedureContentProperties,
    fieldCode: Type.String({ minLength: 1, maxLength: 64 }),
    agencyIds: Type.Optional(
      Type.Array(Uuid, {
        maxItems: 500,
        uniqueItems: true,
        description: 'Default: every active agency of agencyKind in the province',
      }),
    ),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const PublishTemplateBody = Type.Object(
  {
    steps: procedureContentProperties.process,
    expectedVersion: Type.Optional(
      Type.Integer({ minimum: 1, description: 'The version edited; another current version gives 409' }),
    ),
  },
  { additionalProperties: false },
);

export const FieldList = Type.Object({ items: Type.Array(FieldView) });
