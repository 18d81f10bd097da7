/** Wiring for other parts of the system: the first administrator (CLI) and sign-in (auth plugin). */
import { and, eq, isNull } from 'drizzle-orm';
import { anonymous, type Caller, systemCaller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { loadAgencyFacts } from './access.ts';
import './errors.ts';
import { isProvinceAdminAgency } from './policies.ts';
import { agencies, staff } from './schema.ts';
import { createStaff, resolveStaffCaller, type StaffView, staffCallerOf, updateStaff } from './staff.ts';

/**
 * Makes an existing staff account an administrator of the whole province: a staff record with
 * role `admin` in the root UBND tỉnh (policies.ts). A staff member already in a province-admin
 * agency keeps their agency and gains the role. Throws DIRECTORY_ROOT_MISSING before the
 * province's directory exists.
 */
export async function grantProvinceAdmin(
  db: Executor,
  input: { provinceCode: string; accountId: string; fullName: string },
): Promise<StaffView> {
  const caller = systemCaller('cli');
  const [root] = await db
    .select({ id: agencies.id })
    .from(agencies)
    .where(
      and(
        eq(agencies.provinceCode, input.provinceCode),
        isNull(agencies.parentId),
        eq(agencies.kind, 'people_committee'),
        eq(agencies.active, true),
      ),
    );
  if (!root) throw new DomainError('DIRECTORY_ROOT_MISSING', { provinceCode: input.provinceCode });
  const [existing] = await db.select().from(staff).where(eq(staff.accountId, input.accountId));
  if (!existing) {
    return createStaff(db, caller, {
      agencyId: root.id,
      fullName: input.fullName,
      title: 'Quản trị hệ thống',
      roles: ['admin'],
      accountId: input.accountId,
    });
  }
  const facts = await loadAgencyFacts(db, existing.agencyId);
  const stays = facts?.active && isProvinceAdminAgency(facts);
  return updateStaff(db, caller, existing.id, {
    ...(stays ? {} : { agencyId: root.id }),
    roles: [...existing.roles, 'admin'],
    active: true,
  });
}

/**
 * `resolveCaller` for the auth plugin: a staff account becomes the Caller of its active staff
 * record (agency, roles); a staff account without one is treated as not signed in, so a
 * deactivated officer keeps no access at all. `facts` is what `staffCallerColumn` read in the
 * session's statement (the plugin passes it when given that column); without it, one query.
 */
export function directoryCallerResolver(db: () => Executor) {
  return async (account: { id: string; kind: 'staff' | 'citizen' }, facts?: unknown): Promise<Caller> => {
    if (account.kind === 'citizen') return { kind: 'citizen', id: account.id };
    if (facts !== undefined) return staffCallerOf(account.id, facts) ?? anonymous;
    return (await resolveStaffCaller(db(), account.id)) ?? anonymous;
  };
}
