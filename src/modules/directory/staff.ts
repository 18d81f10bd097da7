/** Staff (cán bộ, công chức): their agency and roles; the link to their sign-in account. */
import { and, asc, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import { type Caller, type StaffRole, staffRoles } from '../../platform/auth/caller.ts';
import { accounts } from '../../platform/auth/schema.ts';
import type { CallerColumn } from '../../platform/auth/sessions.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import {
  auditActor,
  cleanOptional,
  cleanText,
  forbid,
  isUuid,
  loadAgencyFacts,
  requireAgencyFacts,
  writeScope,
} from './access.ts';
import './errors.ts';
import {
  type AgencyFacts,
  canChangeStaff,
  canGrantPrivilegedRole,
  canReadStaff,
  type DirectoryScope,
  PRIVILEGED_ROLES,
} from './policies.ts';
import { agencies, type StaffRow, staff } from './schema.ts';
import { containsPattern } from './units.ts';

export interface StaffView {
  id: string;
  provinceCode: string;
  accountId: string | null;
  agencyId: string;
  fullName: string;
  title: string | null;
  email: string | null;
  phone: string | null;
  roles: StaffRole[];
  active: boolean;
}

const isRole = (r: string): r is StaffRole => (staffRoles as readonly string[]).includes(r);

/** Known roles only, each once, in the canonical order. */
function normaliseRoles(roles: readonly string[]): StaffRole[] {
  return staffRoles.filter((r) => roles.includes(r));
}

function view(row: StaffRow): StaffView {
  return {
    id: row.id,
    provinceCode: row.provinceCode,
    accountId: row.accountId,
    agencyId: row.agencyId,
    fullName: row.fullName,
    title: row.title,
    email: row.email,
    phone: row.phone,
    roles: row.roles.filter(isRole),
    active: row.active,
  };
}

export interface ListStaffInput {
  provinceCode: string;
  agencyId?: string;
  role?: StaffRole;
  q?: string;
  includeInactive?: boolean;
  limit?: number;
  offset?: number;
}

export async function listStaff(
  db: Executor,
  caller: Caller,
  input: ListStaffInput,
): Promise<{ items: StaffView[]; total: number }> {
  if (caller.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED');
  if (!canReadStaff(caller, input.provinceCode)) forbid('staff_list_outside_province');
  const conditions = [eq(staff.provinceCode, input.provinceCode)];
  if (input.agencyId !== undefined) {
    if (!isUuid(input.agencyId)) return { items: [], total: 0 };
    conditions.push(eq(staff.agencyId, input.agencyId));
  }
  if (input.role) conditions.push(sql`${input.role} = any(${staff.roles})`);
  if (!input.includeInactive) conditions.push(eq(staff.active, true));
  const q = input.q?.normalize('NFC').trim();
  if (q) conditions.push(sql`vn_fold(${staff.fullName}) like vn_fold(${containsPattern(q)})`);
  const where = and(...conditions);
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(staff).where(where);
  const found = await db
    .select()
    .from(staff)
    .where(where)
    .orderBy(asc(staff.agencyId), asc(staff.fullName), asc(staff.id))
    .limit(input.limit ?? 100)
    .offset(input.offset ?? 0);
  return { items: found.map(view), total: count?.n ?? 0 };
}

export interface CreateStaffInput {
  agencyId: string;
  fullName: string;
  title?: string | null;
  email?: string | null;
  phone?: string | null;
  roles: readonly string[];
  accountId?: string | null;
}

export interface UpdateStaffInput {
  agencyId?: string;
  fullName?: string;
  title?: string | null;
  email?: string | null;
  phone?: string | null;
  roles?: readonly string[];
  accountId?: string | null;
  active?: boolean;
}

/** The account must exist, be a staff account of this province, and not be linked to someone else. */
async function checkAccount(db: Executor, accountId: string | null, provinceCode: string, staffId: string | null) {
  if (accountId === null) return;
  const [account] = await db
    .select({ kind: accounts.kind, provinceCode: accounts.provinceCode })
    .from(accounts)
    .where(sql`${accounts.id}::text = ${accountId}`);
  if (account?.kind !== 'staff' || account.provinceCode !== provinceCode) {
    throw new DomainError('STAFF_ACCOUNT_INVALID', { accountId });
  }
  const [holder] = await db.select({ id: staff.id }).from(staff).where(eq(staff.accountId, accountId));
  if (holder && holder.id !== staffId) throw new DomainError('STAFF_ACCOUNT_TAKEN', { accountId });
}

/** Refuses `leader`/`admin` newly granted in `agency` unless the caller is the level above (policies.ts). */
function checkPrivilegedGrant(
  scope: DirectoryScope,
  agency: AgencyFacts,
  roles: readonly StaffRole[],
  held: readonly StaffRole[],
): void {
  const granted = roles.filter((r) => PRIVILEGED_ROLES.includes(r) && !held.includes(r));
  if (granted.length > 0 && !canGrantPrivilegedRole(scope, agency)) {
    throw new DomainError('STAFF_ROLE_NEEDS_LEVEL_ABOVE', { roles: granted });
  }
}

export async function createStaff(db: Executor, caller: Caller, input: CreateStaffInput): Promise<StaffView> {
  return db.transaction(async (tx) => {
    const scope = await writeScope(tx, caller);
    const agency = await requireAgencyFacts(tx, input.agencyId);
    if (!canChangeStaff(scope, agency)) forbid('staff_outside_scope');
    if (!agency.active) throw new DomainError('AGENCY_INACTIVE', { agencyId: agency.id });
    const accountId = cleanOptional(input.accountId, 'accountId');
    await checkAccount(tx, accountId, agency.provinceCode, null);
    const roles = normaliseRoles(input.roles);
    checkPrivilegedGrant(scope, agency, roles, []);
    const [row] = await tx
      .insert(staff)
      .values({
        provinceCode: agency.provinceCode,
        accountId,
        agencyId: agency.id,
        fullName: cleanText(input.fullName, 'fullName'),
        title: cleanOptional(input.title, 'title'),
        email: cleanOptional(input.email, 'email')?.toLowerCase() ?? null,
        phone: cleanOptional(input.phone, 'phone'),
        roles,
      })
      .onConflictDoNothing({ target: staff.accountId })
      .returning();
    if (!row) throw new DomainError('STAFF_ACCOUNT_TAKEN', { accountId });
    // Names and contacts stay out of the append-only log: it cannot be erased later.
    await recordAudit(tx, {
      provinceCode: row.provinceCode,
      stream: `staff:${row.id}`,
      action: 'staff.created',
      ...auditActor(caller),
      data: { agencyId: row.agencyId, roles, accountLinked: accountId !== null },
    });
    return view(row);
  });
}

export async function updateStaff(
  db: Executor,
  caller: Caller,
  id: string,
  patch: UpdateStaffInput,
): Promise<StaffView> {
  return db.transaction(async (tx) => {
    const scope = await writeScope(tx, caller);
    if (!isUuid(id)) throw new DomainError('STAFF_NOT_FOUND', { id });
    const [current] = await tx.select().from(staff).where(eq(staff.id, id));
    if (!current) throw new DomainError('STAFF_NOT_FOUND', { id });
    const agency = await requireAgencyFacts(tx, current.agencyId);
    const moves = patch.agencyId !== undefined && patch.agencyId !== current.agencyId;
    const target = moves && patch.agencyId ? await loadAgencyFacts(tx, patch.agencyId) : undefined;
    if (moves && !target) throw new DomainError('AGENCY_NOT_FOUND', { agencyId: patch.agencyId });
    if (!canChangeStaff(scope, agency, target ?? undefined)) forbid('staff_outside_scope');
    if (target && !target.active) throw new DomainError('AGENCY_INACTIVE', { agencyId: target.id });
    const roles = patch.roles === undefined ? normaliseRoles(current.roles) : normaliseRoles(patch.roles);
    const active = patch.active ?? current.active;
    const self = caller.kind === 'staff' && current.accountId !== null && caller.id === current.accountId;
    if (self && (!active || !roles.includes('admin') || moves)) throw new DomainError('STAFF_SELF_LOCKOUT');
    const rolesChanged = roles.join(',') !== normaliseRoles(current.roles).join(',');
    if (self && rolesChanged) throw new DomainError('STAFF_OWN_ROLES');
    // A privileged role newly held, or held in a new agency, is granted from the level above.
    const held = moves ? [] : normaliseRoles(current.roles);
    checkPrivilegedGrant(scope, target ?? agency, roles, held);
    const accountId = patch.accountId === undefined ? current.accountId : cleanOptional(patch.accountId, 'accountId');
    if (accountId !== current.accountId) await checkAccount(tx, accountId, current.provinceCode, id);
    const values = {
      agencyId: target?.id ?? current.agencyId,
      fullName: patch.fullName === undefined ? current.fullName : cleanText(patch.fullName, 'fullName'),
      title: patch.title === undefined ? current.title : cleanOptional(patch.title, 'title'),
      email: patch.email === undefined ? current.email : (cleanOptional(patch.email, 'email')?.toLowerCase() ?? null),
      phone: patch.phone === undefined ? current.phone : cleanOptional(patch.phone, 'phone'),
      roles,
      accountId,
      active,
      updatedAt: new Date(),
    };
    const [row] = await tx.update(staff).set(values).where(eq(staff.id, id)).returning();
    if (!row) throw new DomainError('STAFF_NOT_FOUND', { id });
    const changed = Object.keys(values).filter(
      (k) =>
        k !== 'updatedAt' &&
        JSON.stringify(values[k as keyof typeof values]) !== JSON.stringify(current[k as keyof StaffRow]),
    );
    await recordAudit(tx, {
      provinceCode: row.provinceCode,
      stream: `staff:${id}`,
      action: active ? 'staff.updated' : current.active ? 'staff.deactivated' : 'staff.updated',
      ...auditActor(caller),
      data: { changed, agencyId: row.agencyId, fromAgencyId: moves ? current.agencyId : undefined, roles, active },
    });
    return view(row);
  });
}

export function deactivateStaff(db: Executor, caller: Caller, id: string): Promise<StaffView> {
  return updateStaff(db, caller, id, { active: false });
}

/**
 * The same facts as `resolveStaffCaller`, as one SQL expression over the account's id: the
 * auth plugin reads it in the session's statement (one round trip per request, not two). A
 * JSON object, or null without an active staff record in an active agency.
 */
export const staffCallerColumn: CallerColumn = (accountId) =>
  sql`(select json_build_object('provinceCode', ${staff.provinceCode}, 'agencyId', ${staff.agencyId}, 'roles', ${staff.roles})
    from ${staff} join ${agencies} on ${agencies.id} = ${staff.agencyId}
    where ${staff.accountId} = ${accountId}::text and ${staff.active} and ${agencies.active} limit 1)`;

/** The Caller from what `staffCallerColumn` read (null: no active staff record). */
export function staffCallerOf(accountId: string, facts: unknown): Caller | null {
  if (facts === null || typeof facts !== 'object') return null;
  const f = facts as { provinceCode: string; agencyId: string; roles: string[] | null };
  return {
    kind: 'staff',
    id: accountId,
    provinceCode: f.provinceCode,
    agencyId: f.agencyId,
    roles: (f.roles ?? []).filter(isRole),
  };
}

/**
 * The Caller of an active staff member signed in with this account, or null (no staff record,
 * ceased, or their agency ceased). `id` is the account id, as for citizens: the auth module
 * (TOTP, sessions) and the audit log name accounts.
 */
export async function resolveStaffCaller(db: Executor, accountId: string): Promise<Caller | null> {
  const [row] = await db
    .select({ provinceCode: staff.provinceCode, agencyId: staff.agencyId, roles: staff.roles })
    .from(staff)
    .innerJoin(agencies, eq(agencies.id, staff.agencyId))
    .where(and(eq(staff.accountId, accountId), eq(staff.active, true), eq(agencies.active, true)));
  if (!row) return null;
  return {
    kind: 'staff',
    id: accountId,
    provinceCode: row.provinceCode,
    agencyId: row.agencyId,
    roles: row.roles.filter(isRole),
  };
}
