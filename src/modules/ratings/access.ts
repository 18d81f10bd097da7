/**
 * Who may see and change what in the ratings module, on top of the directory's rules
 * (src/modules/directory/policies.ts): a province admin (or the system) sees and appraises the
 * whole province; an agency admin self-assesses their agency and the agencies under it.
 */
import { sql } from 'drizzle-orm';
import type { Caller } from '../../platform/auth/caller.ts';
import { type Executor, rows } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { type AgencyFacts, type DirectoryScope, directoryScope, loadAgencyFacts } from '../directory/index.ts';
import './errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are uuid columns: anything else cannot exist (and would make PostgreSQL raise). */
export const isUuid = (value: string): boolean => UUID.test(value);

/** What the caller administers (the directory's notion). */
export async function adminScope(db: Executor, caller: Caller): Promise<DirectoryScope> {
  const own = caller.kind === 'staff' ? await loadAgencyFacts(db, caller.agencyId) : null;
  return directoryScope(caller, own);
}

export const isProvinceWide = (scope: DirectoryScope): boolean => scope.kind === 'system' || scope.kind === 'province';

/** The scope includes this agency: province-wide in its province, or the agency is in the admin's subtree. */
export function covers(scope: DirectoryScope, target: AgencyFacts): boolean {
  switch (scope.kind) {
    case 'system':
      return true;
    case 'province':
      return scope.provinceCode === target.provinceCode;
    case 'agency':
      return scope.provinceCode === target.provinceCode && target.path.some((n) => n.id === scope.agencyId);
    case 'none':
      return false;
  }
}

/** An agency and every agency under it. */
export async function agencySubtree(db: Executor, agencyId: string): Promise<string[]> {
  if (!isUuid(agencyId)) return [];
  const found = await rows<{ id: string }>(
    db,
    sql`with recursive down as (
          select id, 0 as depth from agencies where id = ${agencyId}
          union all
          select a.id, down.depth + 1 from agencies a join down on a.parent_id = down.id where down.depth < 32
        )
        select id from down`,
  );
  return found.map((r) => r.id);
}

/** Audit actor fields: the account id (or the job's name) and the role acted in. */
export function auditActor(caller: Caller): { actorId: string | null; actorRole: string | null } {
  if (caller.kind === 'system') return { actorId: caller.name, actorRole: 'system' };
  if (caller.kind === 'staff') return { actorId: caller.id, actorRole: caller.roles.join(',') };
  if (caller.kind === 'citizen') return { actorId: caller.id, actorRole: 'citizen' };
  return { actorId: null, actorRole: 'anonymous' };
}

// C0 controls other than tab, LF, CR; DEL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const COMMENT_MAX = 2000;

/** A citizen's comment: NFC, trimmed, no control characters; empty means none. */
export function cleanComment(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const text = value.normalize('NFC').trim();
  if (text === '') return null;
  if (text.length > COMMENT_MAX || CONTROL.test(text) || !text.isWellFormed()) {
    throw new DomainError('RATING_TEXT_INVALID', { max: COMMENT_MAX });
  }
  return text;
}
