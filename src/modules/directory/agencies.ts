/** Agencies: the tree of a province, with the electronic identifier of each (DOMAIN.md §4.2). */
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import { DEFAULT_WORKING_HOURS, parseWorkingHours } from '../../platform/calendar/working-hours.ts';
import { parseAgencyCode } from '../../platform/codes/agency-code.ts';
import type { Executor } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { isUniqueViolation } from '../../platform/records/index.ts';
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
import { type AgencyFacts, canCreateAgency, canUpdateAgency } from './policies.ts';
import { type AgencyKind, type AgencyLevel, type AgencyRow, adminUnits, agencies, type OfficeHours } from './schema.ts';

export interface AgencyView {
  id: string;
  provinceCode: string;
  code: string;
  name: string;
  shortName: string | null;
  level: AgencyLevel;
  kind: AgencyKind;
  parentId: string | null;
  adminUnitCode: string | null;
  /** As stored: null means the province default. */
  officeHours: OfficeHours | null;
  /** What applies: the agency's own hours, else the root's, else 07:00–11:30, 13:30–17:00 (§1.5). */
  effectiveOfficeHours: OfficeHours;
  address: string | null;
  phone: string | null;
  email: string | null;
  active: boolean;
}

export interface AgencyTreeItem extends AgencyView {
  /** 0 for a root. The list is in tree order (each agency right after its parent). */
  depth: number;
}

const DEFAULT_HOURS: OfficeHours = { periods: DEFAULT_WORKING_HOURS.periods.map((p) => ({ ...p })) };

function view(row: AgencyRow, provinceHours: OfficeHours | null): AgencyView {
  const { createdAt: _c, updatedAt: _u, ...rest } = row;
  return { ...rest, effectiveOfficeHours: row.officeHours ?? provinceHours ?? DEFAULT_HOURS };
}

/** Orders a province's agencies depth-first, siblings by level (province first) then code. */
function treeOrder(rows: readonly AgencyRow[]): Array<{ row: AgencyRow; depth: number }> {
  const ids = new Set(rows.map((r) => r.id));
  const children = new Map<string | null, AgencyRow[]>();
  for (const r of rows) {
    const key = r.parentId !== null && ids.has(r.parentId) ? r.parentId : null;
    children.set(key, [...(children.get(key) ?? []), r]);
  }
  const rank = (r: AgencyRow) => `${r.level === 'province' ? 0 : 1}${r.code}`;
  for (const list of children.values()) list.sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
  const out: Array<{ row: AgencyRow; depth: number }> = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const r of children.get(parent) ?? []) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      out.push({ row: r, depth });
      walk(r.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export interface ListAgenciesInput {
  provinceCode: string;
  level?: AgencyLevel;
  kind?: AgencyKind;
  /** Only staff see ceased agencies. */
  includeInactive?: boolean;
}

export async function listAgencies(db: Executor, caller: Caller, input: ListAgenciesInput): Promise<AgencyTreeItem[]> {
  const all = await db.select().from(agencies).where(eq(agencies.provinceCode, input.provinceCode));
  const rootHours = all.find((r) => r.parentId === null && r.kind === 'people_committee')?.officeHours ?? null;
  const showInactive = input.includeInactive === true && (caller.kind === 'staff' || caller.kind === 'system');
  return treeOrder(all)
    .filter(({ row }) => (showInactive || row.active) && (!input.level || row.level === input.level))
    .filter(({ row }) => !input.kind || row.kind === input.kind)
    .map(({ row, depth }) => ({ ...view(row, rootHours), depth }));
}

async function provinceHours(db: Executor, facts: AgencyFacts): Promise<OfficeHours | null> {
  const root = facts.path[0];
  if (!root || root.id === facts.id) return null;
  const [row] = await db.select({ h: agencies.officeHours }).from(agencies).where(eq(agencies.id, root.id));
  return row?.h ?? null;
}

export async function getAgency(db: Executor, caller: Caller, id: string): Promise<AgencyView> {
  if (!isUuid(id)) throw new DomainError('AGENCY_NOT_FOUND', { id });
  const [row] = await db.select().from(agencies).where(eq(agencies.id, id));
  const visible = row && (row.active || caller.kind === 'staff' || caller.kind === 'system');
  if (!row || !visible) throw new DomainError('AGENCY_NOT_FOUND', { id });
  const facts = await requireAgencyFacts(db, id);
  return view(row, await provinceHours(db, facts));
}

interface AgencyFields {
  code: string;
  name: string;
  shortName?: string | null;
  level: AgencyLevel;
  kind: AgencyKind;
  parentId?: string | null;
  adminUnitCode?: string | null;
  officeHours?: OfficeHours | null;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
}

export interface CreateAgencyInput extends AgencyFields {
  provinceCode: string;
}

export type UpdateAgencyInput = Partial<AgencyFields> & { active?: boolean };

/** Full-form code, upper case; with a parent, the same level-1 unit (MX1X2) as the parent. */
function checkCode(code: string, parentCode: string | null): string {
  const parsed = parseAgencyCode(code);
  if (!parsed.ok || parsed.value.isShortForm) throw new DomainError('AGENCY_CODE_INVALID', { code });
  if (parentCode !== null && !parentCode.endsWith(`.${parsed.value.level1}`)) {
    throw new DomainError('AGENCY_CODE_INVALID', { code, parentCode });
  }
  return parsed.value.code;
}

async function checkAdminUnit(db: Executor, code: string | null, provinceCode: string, level: AgencyLevel) {
  if (code === null) {
    if (level === 'commune') throw new DomainError('ADMIN_UNIT_MISMATCH', { level });
    return;
  }
  const [unit] = await db.select().from(adminUnits).where(eq(adminUnits.code, code));
  if (!unit) throw new DomainError('ADMIN_UNIT_NOT_FOUND', { code });
  const fits = unit.provinceCode === provinceCode && (level === 'province') === (unit.kind === 'province');
  if (!fits) throw new DomainError('ADMIN_UNIT_MISMATCH', { code, level });
}

function checkShape(level: AgencyLevel, kind: AgencyKind, parentId: string | null) {
  if (kind === 'commune' && level !== 'commune') throw new DomainError('AGENCY_LEVEL_MISMATCH', { level, kind });
  if (level === 'commune' && parentId === null) throw new DomainError('AGENCY_PARENT_REQUIRED');
}

function checkHours(hours: OfficeHours | null | undefined): OfficeHours | null {
  if (!hours) return null;
  parseWorkingHours(hours);
  return { periods: hours.periods.map((p) => ({ start: p.start, end: p.end })) };
}

async function parentFacts(db: Executor, parentId: string | null, provinceCode: string): Promise<AgencyFacts | null> {
  if (parentId === null) return null;
  const parent = await loadAgencyFacts(db, parentId);
  if (!parent?.active || parent.provinceCode !== provinceCode) {
    throw new DomainError('AGENCY_PARENT_INVALID', { parentId });
  }
  return parent;
}

async function codeOf(db: Executor, agencyId: string | null): Promise<string | null> {
  if (agencyId === null) return null;
  const [row] = await db.select({ code: agencies.code }).from(agencies).where(eq(agencies.id, agencyId));
  return row?.code ?? null;
}

export async function createAgency(db: Executor, caller: Caller, input: CreateAgencyInput): Promise<AgencyView> {
  return db.transaction(async (tx) => {
    const scope = await writeScope(tx, caller);
    const parentId = input.parentId ?? null;
    const parent = await parentFacts(tx, parentId, input.provinceCode);
    if (!canCreateAgency(scope, input.provinceCode, parent)) forbid('agency_outside_scope');
    checkShape(input.level, input.kind, parentId);
    const code = checkCode(input.code, await codeOf(tx, parentId));
    const adminUnitCode = cleanOptional(input.adminUnitCode, 'adminUnitCode');
    await checkAdminUnit(tx, adminUnitCode, input.provinceCode, input.level);
    const [row] = await tx
      .insert(agencies)
      .values({
        provinceCode: input.provinceCode,
        code,
        name: cleanText(input.name, 'name'),
        shortName: cleanOptional(input.shortName, 'shortName'),
        level: input.level,
        kind: input.kind,
        parentId,
        adminUnitCode,
        officeHours: checkHours(input.officeHours),
        address: cleanOptional(input.address, 'address'),
        phone: cleanOptional(input.phone, 'phone'),
        email: cleanOptional(input.email, 'email')?.toLowerCase() ?? null,
      })
      .onConflictDoNothing({ target: agencies.code })
      .returning();
    if (!row) throw new DomainError('AGENCY_CODE_TAKEN', { code });
    await recordAudit(tx, {
      provinceCode: row.provinceCode,
      stream: `agency:${row.id}`,
      action: 'agency.created',
      ...auditActor(caller),
      data: { code, name: row.name, level: row.level, kind: row.kind, parentId },
    });
    return view(row, null);
  });
}

export async function updateAgency(
  db: Executor,
  caller: Caller,
  id: string,
  patch: UpdateAgencyInput,
): Promise<AgencyView> {
  return db.transaction(async (tx) => {
    const scope = await writeScope(tx, caller);
    if (!isUuid(id)) throw new DomainError('AGENCY_NOT_FOUND', { id });
    const [current] = await tx.select().from(agencies).where(eq(agencies.id, id));
    const facts = current ? await loadAgencyFacts(tx, id) : null;
    if (!current || !facts) throw new DomainError('AGENCY_NOT_FOUND', { id });
    const moves = patch.parentId !== undefined && patch.parentId !== current.parentId;
    const parentId = patch.parentId === undefined ? current.parentId : patch.parentId;
    const newParent = moves ? await parentFacts(tx, parentId, current.provinceCode) : undefined;
    if (newParent?.path.some((n) => n.id === id)) throw new DomainError('AGENCY_PARENT_INVALID', { parentId });
    const level = patch.level ?? current.level;
    const kind = patch.kind ?? current.kind;
    const codeInput = patch.code ?? current.code;
    const structural =
      moves ||
      level !== current.level ||
      kind !== current.kind ||
      (patch.active !== undefined && patch.active !== current.active) ||
      codeInput.trim().toUpperCase() !== current.code;
    if (!canUpdateAgency(scope, facts, moves ? { structural, newParent: newParent ?? null } : { structural })) {
      forbid('agency_outside_scope');
    }
    checkShape(level, kind, parentId);
    const recode = moves || codeInput.trim().toUpperCase() !== current.code;
    const code = recode ? checkCode(codeInput, await codeOf(tx, parentId)) : current.code;
    const adminUnitCode =
      patch.adminUnitCode === undefined ? current.adminUnitCode : cleanOptional(patch.adminUnitCode, 'adminUnitCode');
    await checkAdminUnit(tx, adminUnitCode, current.provinceCode, level);
    if (patch.active === false && current.active) {
      const [child] = await tx
        .select({ id: agencies.id })
        .from(agencies)
        .where(and(eq(agencies.parentId, id), eq(agencies.active, true)))
        .limit(1);
      if (child) throw new DomainError('AGENCY_HAS_ACTIVE_CHILDREN', { id });
    }
    const values = {
      code,
      name: patch.name === undefined ? current.name : cleanText(patch.name, 'name'),
      shortName: patch.shortName === undefined ? current.shortName : cleanOptional(patch.shortName, 'shortName'),
      level,
      kind,
      parentId,
      adminUnitCode,
      officeHours: patch.officeHours === undefined ? current.officeHours : checkHours(patch.officeHours),
      address: patch.address === undefined ? current.address : cleanOptional(patch.address, 'address'),
      phone: patch.phone === undefined ? current.phone : cleanOptional(patch.phone, 'phone'),
      email: patch.email === undefined ? current.email : (cleanOptional(patch.email, 'email')?.toLowerCase() ?? null),
      active: patch.active ?? current.active,
      updatedAt: new Date(),
    };
    let row: AgencyRow | undefined;
    try {
      [row] = await tx.update(agencies).set(values).where(eq(agencies.id, id)).returning();
    } catch (err) {
      // The transaction is abandoned either way; the caller gets the reason, not a 500.
      if (isUniqueViolation(err)) throw new DomainError('AGENCY_CODE_TAKEN', { code });
      throw err;
    }
    if (!row) throw new DomainError('AGENCY_NOT_FOUND', { id });
    const changed = Object.keys(values).filter(
      (k) =>
        k !== 'updatedAt' &&
        JSON.stringify(values[k as keyof typeof values]) !== JSON.stringify(current[k as keyof AgencyRow]),
    );
    await recordAudit(tx, {
      provinceCode: row.provinceCode,
      stream: `agency:${id}`,
      action: 'agency.updated',
      ...auditActor(caller),
      data: { changed, code: row.code, parentId: row.parentId, kind: row.kind, level: row.level, active: row.active },
    });
    return view(row, await provinceHours(tx, facts));
  });
}
