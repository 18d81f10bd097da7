/** TypeBox schemas of the directory API: requests are checked, responses serialised by them. */

import { type TSchema, Type } from 'typebox';
import { staffRoles } from '../../platform/auth/caller.ts';
import { adminUnitKinds, agencyKinds, agencyLevels } from './schema.ts';

/** No C0 control characters (PostgreSQL refuses NUL in text) other than tab and line breaks. */
const SAFE = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$';
const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, pattern: SAFE, ...(description ? { description } : {}) });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const Uuid = Type.String({ format: 'uuid' });
const ProvinceCode = Type.String({ pattern: '^\\d{2}$', description: '2-digit province code (QĐ 19/2025)' });
const AgencyCode = Type.String({
  pattern: '^\\s*\\d{3}\\.\\d{2}\\.\\d{2}\\.[A-Za-z]\\d{2}\\s*$',
  description: 'Electronic identifier V1V2V3.Z1Z2.Y1Y2.MX1X2, e.g. 000.00.00.H56',
});
const UnitCode = Type.String({
  pattern: '^(\\d{2}|\\d{5})$',
  description: 'Province (2 digits) or commune (5 digits)',
});
const Kind = Type.Enum(agencyKinds);
const Level = Type.Enum(agencyLevels);
const UnitKind = Type.Enum(adminUnitKinds);
const Role = Type.Enum(staffRoles);
const Email = Type.String({ format: 'email', maxLength: 254 });
const Phone = Type.String({ pattern: '^[0-9+().\\- ]{3,32}$' });

const WorkingHoursSchema = Type.Object(
  {
    periods: Type.Array(
      Type.Object(
        {
          start: Type.String({ pattern: '^\\d{2}:\\d{2}$' }),
          end: Type.String({ pattern: '^\\d{2}:\\d{2}$' }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 6 },
    ),
    // DOMAIN.md §1.5: reception after the cut-off counts from the next working day (default 15:00).
    cutoff: Type.Optional(Type.String({ pattern: '^\\d{2}:\\d{2}$' })),
  },
  { additionalProperties: false, description: 'Null: the province default, 07:00–11:30 and 13:30–17:00' },
);

export const AdminUnitView = Type.Object({
  code: Type.String(),
  provinceCode: Type.String(),
  name: Type.String(),
  kind: UnitKind,
  parentCode: Nullable(Type.String()),
  effectiveFrom: Type.String({ description: 'ISO date' }),
});

export const MappingView = Type.Object({
  oldCode: Nullable(Type.String()),
  oldName: Nullable(Type.String()),
  oldDistrict: Nullable(Type.String()),
  oldProvince: Nullable(Type.String()),
  newCode: Type.String(),
  newName: Nullable(Type.String()),
  newKind: Nullable(UnitKind),
  provinceCode: Type.String(),
});

const agencyViewProperties = {
  id: Uuid,
  provinceCode: Type.String(),
  code: Type.String(),
  name: Type.String(),
  shortName: Nullable(Type.String()),
  level: Level,
  kind: Kind,
  parentId: Nullable(Uuid),
  adminUnitCode: Nullable(Type.String()),
  officeHours: Nullable(WorkingHoursSchema),
  effectiveOfficeHours: WorkingHoursSchema,
  address: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
  active: Type.Boolean(),
};
export const AgencyView = Type.Object(agencyViewProperties);
export const AgencyTreeItem = Type.Object({ ...agencyViewProperties, depth: Type.Integer({ minimum: 0 }) });

const agencyBody = {
  code: AgencyCode,
  name: Text(300),
  shortName: Type.Optional(Nullable(Type.String({ maxLength: 120, pattern: SAFE }))),
  level: Level,
  kind: Kind,
  parentId: Type.Optional(Nullable(Uuid)),
  adminUnitCode: Type.Optional(Nullable(UnitCode)),
  officeHours: Type.Optional(Nullable(WorkingHoursSchema)),
  address: Type.Optional(Nullable(Type.String({ maxLength: 500, pattern: SAFE }))),
  phone: Type.Optional(Nullable(Phone)),
  email: Type.Optional(Nullable(Email)),
};
export const CreateAgencyBody = Type.Object(agencyBody, { additionalProperties: false });
export const UpdateAgencyBody = Type.Object(
  {
    code: Type.Optional(agencyBody.code),
    name: Type.Optional(agencyBody.name),
    shortName: agencyBody.shortName,
    level: Type.Optional(Level),
    kind: Type.Optional(Kind),
    parentId: agencyBody.parentId,
    adminUnitCode: agencyBody.adminUnitCode,
    officeHours: agencyBody.officeHours,
    address: agencyBody.address,
    phone: agencyBody.phone,
    email: agencyBody.email,
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const StaffView = Type.Object({
  id: Uuid,
  provinceCode: Type.String(),
  accountId: Nullable(Type.String()),
  agencyId: Uuid,
  fullName: Type.String(),
  title: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  roles: Type.Array(Role),
  active: Type.Boolean(),
});

const Roles = Type.Array(Role, { maxItems: staffRoles.length * 2 });
export const CreateStaffBody = Type.Object(
  {
    agencyId: Uuid,
    fullName: Text(200),
    title: Type.Optional(Nullable(Type.String({ maxLength: 200, pattern: SAFE }))),
    email: Type.Optional(Nullable(Email)),
    phone: Type.Optional(Nullable(Phone)),
    roles: Roles,
    accountId: Type.Optional(Nullable(Uuid)),
  },
  { additionalProperties: false },
);
export const UpdateStaffBody = Type.Object(
  {
    agencyId: Type.Optional(Uuid),
    fullName: Type.Optional(Text(200)),
    title: Type.Optional(Nullable(Type.String({ maxLength: 200, pattern: SAFE }))),
    email: Type.Optional(Nullable(Email)),
    phone: Type.Optional(Nullable(Phone)),
    roles: Type.Optional(Roles),
    accountId: Type.Optional(Nullable(Uuid)),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const CounterView = Type.Object({
  id: Uuid,
  provinceCode: Type.String(),
  agencyId: Uuid,
  number: Type.Integer(),
  name: Type.String(),
  fields: Type.Array(Type.String()),
  active: Type.Boolean(),
});
const CounterNumber = Type.Integer({ minimum: 1, maximum: 999 });
const Fields = Type.Array(Text(200), { maxItems: 50 });
export const CreateCounterBody = Type.Object(
  { agencyId: Uuid, number: CounterNumber, name: Text(200), fields: Type.Optional(Fields) },
  { additionalProperties: false },
);
export const UpdateCounterBody = Type.Object(
  {
    number: Type.Optional(CounterNumber),
    name: Type.Optional(Text(200)),
    fields: Type.Optional(Fields),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

const Limit = Type.Integer({ minimum: 1, maximum: 5000, default: 100 });
const Offset = Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 });
const Search = Type.String({ maxLength: 100, pattern: SAFE, description: 'Folds case and diacritics (đ → d)' });

export const AdminUnitsQuery = Type.Object({
  provinceCode: Type.Optional(ProvinceCode),
  kind: Type.Optional(UnitKind),
  q: Type.Optional(Search),
  limit: Type.Optional(Limit),
  offset: Type.Optional(Offset),
});
export const MappingQuery = Type.Object({
  oldCode: Type.String({ pattern: '^\\d{5}$', description: 'Old (pre-01/07/2025) commune code' }),
});
export const AgenciesQuery = Type.Object({
  provinceCode: Type.Optional(ProvinceCode),
  level: Type.Optional(Level),
  kind: Type.Optional(Kind),
  includeInactive: Type.Optional(Type.Boolean()),
});
export const StaffQuery = Type.Object({
  agencyId: Type.Optional(Uuid),
  role: Type.Optional(Role),
  q: Type.Optional(Search),
  includeInactive: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  offset: Type.Optional(Offset),
});
export const CountersQuery = Type.Object({
  provinceCode: Type.Optional(ProvinceCode),
  agencyId: Type.Optional(Uuid),
  includeInactive: Type.Optional(Type.Boolean()),
});

export const IdParams = Type.Object({ id: Uuid });
export const UnitParams = Type.Object({ code: UnitCode });
export const Page = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer() });
export const List = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) });
