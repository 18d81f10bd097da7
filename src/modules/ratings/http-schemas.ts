/** TypeBox schemas of the ratings API: requests are checked, responses serialised by them. */
import { type TSchema, Type } from 'typebox';
import { ratingChannels, ratingLevels } from './schema.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
/** No C0 control characters other than tab and line breaks (PostgreSQL refuses NUL). */
const SAFE = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$';
const Comment = Type.String({ maxLength: 2000, pattern: SAFE });

const Level = Type.Enum(ratingLevels, { description: 'Rất hài lòng / Hài lòng / Không hài lòng' });
const Channel = Type.Enum(ratingChannels);
const Quarter = Type.String({
  pattern: '^\\d{4}-Q[1-4]$',
  description: "Quarter, Vietnam time, e.g. '2026-Q1'",
});
const DossierCode = Type.String({ minLength: 10, maxLength: 40, pattern: '^[0-9A-Z.]+-\\d{6}-\\d{4,9}$' });
const Uuid = Type.String({ format: 'uuid' });
const Points = Type.Number({ minimum: 0, maximum: 2, description: 'At most two decimals' });

export const CodeParams = Type.Object({ code: DossierCode });
export const IdParams = Type.Object({ id: Uuid });
export const CounterParams = Type.Object({ counterId: Uuid });

export const RateBody = Type.Object(
  {
    level: Level,
    convenience: Type.Optional(Nullable(Level)),
    overall: Type.Optional(Nullable(Level)),
    comment: Type.Optional(Nullable(Comment)),
    channel: Channel,
    token: Type.Optional(
      Type.String({ minLength: 10, maxLength: 64, description: 'Token of an SMS or Zalo rating link (t=…)' }),
    ),
  },
  { additionalProperties: false },
);

export const RatingQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 64 })) });

export const RatingView = Type.Object({
  dossierCode: Type.String(),
  level: Level,
  convenience: Nullable(Level),
  overall: Nullable(Level),
  comment: Nullable(Type.String()),
  channel: Channel,
  ratedAt: Type.String({ format: 'date-time' }),
  changedAt: Nullable(Type.String({ format: 'date-time' })),
  changes: Type.Integer(),
  changeableUntil: Type.String({ format: 'date-time' }),
});

export const RatingContextView = Type.Object({
  dossierCode: Type.String(),
  delivered: Type.Boolean(),
  rating: Nullable(RatingView),
  canRate: Type.Boolean(),
});

const Counts = Type.Object({ very_satisfied: Type.Integer(), satisfied: Type.Integer(), unsatisfied: Type.Integer() });
const Percents = Type.Object({
  very_satisfied: Nullable(Type.Number()),
  satisfied: Nullable(Type.Number()),
  unsatisfied: Nullable(Type.Number()),
});
const Breakdown = Type.Object({ forms: Type.Integer(), counts: Counts, percent: Percents });

export const SummaryQuery = Type.Object({
  groupBy: Type.Enum(['officer', 'counter', 'agency'] as const),
  quarter: Quarter,
});
export const SummaryView = Type.Object({
  quarter: Type.String(),
  groupBy: Type.String(),
  rows: Type.Array(
    Type.Object({
      key: Nullable(Type.String()),
      name: Nullable(Type.String()),
      forms: Type.Integer(),
      counts: Counts,
      percent: Percents,
      convenience: Breakdown,
      overall: Breakdown,
    }),
  ),
  total: Breakdown,
});

export const EvaluationQuery = Type.Object({ agency: Uuid, quarter: Quarter });
export const EvaluationParams = Type.Object({
  agencyId: Uuid,
  quarter: Quarter,
  criterion: Type.Integer({ minimum: 1, maximum: 9 }),
});
export const EvaluationBody = Type.Object(
  {
    self: Type.Optional(Nullable(Points)),
    appraised: Type.Optional(Nullable(Points)),
    note: Type.Optional(Nullable(Comment)),
  },
  { additionalProperties: false, minProperties: 1 },
);

const Totals = Type.Object({ points: Type.Number(), criteria: Type.Integer(), grade: Nullable(Type.String()) });
export const EvaluationView = Type.Object({
  agency: Type.Object({ id: Type.String(), name: Type.String() }),
  quarter: Type.String(),
  criteria: Type.Array(
    Type.Object({
      number: Type.Integer(),
      name: Type.String(),
      points: Type.Object({ '2': Type.String(), '1': Type.String(), '0': Type.String() }),
      computedFrom: Nullable(Type.String()),
      computed: Nullable(Type.Number()),
      basis: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Boolean(), Type.Null()])),
      savedComputed: Nullable(Type.Number()),
      self: Nullable(Type.Number()),
      appraised: Nullable(Type.Number()),
      effective: Nullable(Type.Number()),
      note: Nullable(Type.String()),
      updatedBy: Nullable(Type.String()),
      updatedAt: Nullable(Type.String()),
    }),
  ),
  totals: Type.Object({ computed: Totals, self: Totals, appraised: Totals, effective: Totals }),
  serviceIndex54: Type.Object({
    finished: Type.Integer(),
    latePercent: Nullable(Type.Number()),
    dislikedPercent: Nullable(Type.Number()),
    ratePercent: Nullable(Type.Number()),
    points: Nullable(Type.Number()),
  }),
  data: Type.Object({
    criteriaFrom: Type.String(),
    criteriaVerified: Type.Boolean(),
    bandsFrom: Type.String(),
    bandsVerified: Type.Boolean(),
    bandsSource: Type.String(),
  }),
  editable: Type.Object({ self: Type.Boolean(), appraised: Type.Boolean() }),
});

export const SessionView = Type.Object({
  counterId: Type.String(),
  officerAccountId: Type.String(),
  since: Type.String({ format: 'date-time' }),
});

export const KioskTokenBody = Type.Object(
  { label: Type.Optional(Type.String({ maxLength: 200, pattern: SAFE })) },
  { additionalProperties: false },
);
export const KioskTokenView = Type.Object({
  id: Type.String(),
  counterId: Type.String(),
  token: Type.String({ description: 'Shown once: put it in the tablet, it is not stored' }),
  kioskPath: Type.String(),
});

export const KioskPageQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) });
export const KioskHeaders = Type.Object({ 'x-kiosk-token': Type.Optional(Type.String({ maxLength: 200 })) });
export const KioskRatingBody = Type.Object(
  {
    clientId: Type.String({ format: 'uuid', description: 'Made on the tablet; a retry sends the same one' }),
    level: Level,
    comment: Type.Optional(Nullable(Comment)),
    ratedAt: Type.String({ format: 'date-time', description: 'When the button was pressed (tablet clock)' }),
  },
  { additionalProperties: false },
);
export const KioskRatingView = Type.Object({
  id: Type.String(),
  officerAccountId: Nullable(Type.String()),
  ratedAt: Type.String(),
  duplicate: Type.Boolean(),
});
export const KioskStatusView = Type.Object({
  counterId: Type.String(),
  counterName: Type.String(),
  counterNumber: Type.Integer(),
  agencyName: Type.String(),
  officer: Nullable(Type.Object({ name: Type.String(), title: Nullable(Type.String()) })),
});

/** The no-script kiosk form (application/x-www-form-urlencoded). */
export const KioskForm = Type.Object({
  token: Type.String({ maxLength: 200 }),
  level: Level,
  clientId: Uuid,
  comment: Type.Optional(Comment),
  _csrf: Type.Optional(Type.String()),
});
