/** Shared plumbing of the directory use-cases: tree facts, scope, audit actor, text checks. */
import { sql } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import { type Executor, rows } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import './errors.ts';
import { type AgencyFacts, type AgencyNode, type DirectoryScope, directoryScope } from './policies.ts';
import type { AgencyKind, AgencyLevel } from './schema.ts';

interface PathRow {
  id: string;
  kind: AgencyKind;
  level: AgencyLevel;
  province_code: string;
  active: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are uuid columns: anything else cannot exist (and would make PostgreSQL raise). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The agency and its ancestors (root first), or null when it does not exist. */
export async function loadAgencyFacts(db: Executor, agencyId: string): Promise<AgencyFacts | null> {
  if (!isUuid(agencyId)) return null;
  // The depth bound stops a corrupted (cyclic) tree from looping; real trees are 4–5 deep.
  const path = await rows<PathRow>(
    db,
    sql`with recursive up as (
          select id, parent_id, kind, level, province_code, active, 0 as depth from agencies where id = ${agencyId}
          union all
          select a.id, a.parent_id, a.kind, a.level, a.province_code, a.active, up.depth + 1
            from agencies a join up on a.id = up.parent_id where up.depth < 32
        )
        select id, kind, level, province_code, active from up order by depth desc`,
  );
  const self = path.at(-1);
  if (!self) return null;
  const nodes: AgencyNode[] = path.map((r) => ({ id: r.id, kind: r.kind, level: r.level }));
  return {
    id: self.id,
    kind: self.kind,
    level: self.level,
    provinceCode: self.province_code,
    active: self.active,
    path: nodes,
  };
}

export async function requireAgencyFacts(db: Executor, agencyId: string): Promise<AgencyFacts> {
  const facts = await loadAgencyFacts(db, agencyId);
  if (!facts) throw new DomainError('AGENCY_NOT_FOUND', { agencyId });
  return facts;
}

/** What the caller administers (scope `none` when nothing); for other modules' rules, e.g. the catalog's. */
export async function adminScopeOf(db: Executor, caller: Caller): Promise<DirectoryScope> {
  const callerAgency = caller.kind === 'staff' ? await loadAgencyFacts(db, caller.agencyId) : null;
  return directoryScope(caller, callerAgency);
}

/** What the caller administers; anonymous and citizen callers get an UNAUTHENTICATED/FORBIDDEN error. */
export async function writeScope(db: Executor, caller: Caller): Promise<DirectoryScope> {
  if (caller.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED');
  const scope = await adminScopeOf(db, caller);
  if (scope.kind === 'none') throw new DomainError('FORBIDDEN', { reason: 'not_directory_admin' });
  return scope;
}

export function forbid(reason: string): never {
  throw new DomainError('FORBIDDEN', { reason });
}

/** Audit actor fields: the account id (or the system job's name) and the role acted in. */
export function auditActor(caller: Caller): { actorId: string | null; actorRole: string | null } {
  if (caller.kind === 'system') return { actorId: caller.name, actorRole: 'system' };
  if (caller.kind === 'staff') return { actorId: caller.id, actorRole: 'admin' };
  return { actorId: null, actorRole: caller.kind };
}

// C0 controls other than tab, LF, CR; DEL; lone surrogates are caught by isWellFormed.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** NFC, trimmed, no control characters; throws DIRECTORY_TEXT_INVALID naming the field. */
export function cleanText(value: string, field: string): string {
  const text = value.normalize('NFC').trim();
  if (text === '' || CONTROL.test(text) || !text.isWellFormed())
    throw new DomainError('DIRECTORY_TEXT_INVALID', { field });
  return text;
}

/** As cleanText, but empty or null input means "none". */
export function cleanOptional(value: string | null | undefined, field: string): string | null {
  if (value === undefined || value === null) return null;
  return value.trim() === '' ? null : cleanText(value, field);
}
