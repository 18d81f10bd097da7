/**
 * Staff search of dossiers by code, applicant name or id number. A search is a read of
 * personal data (it says whose dossier an id number is, and shows names), so each staff
 * search is one audit entry, like a detail read (`read_personal_data`, queries.ts): who
 * searched, from which agency, for what, and which dossiers it showed. The query is kept as
 * typed: the audit exists so that an inspector can tell whose data was looked up, and a hash
 * of a 12-digit id number would be reversed by trying every number.
 */
import { recordAudit } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { type ListFilters, listDossiers } from './inbox.ts';
import type { DossierList } from './view-types.ts';

/** What the query looks like: an id number (CMND 9 or CCCD 12 digits), a name, or (part of) a code. */
function queryKindOf(q: string): 'personal_id' | 'name' | 'code' {
  if (/^\d{9}(\d{3})?$/.test(q)) return 'personal_id';
  if (/^[\p{L}\s.'-]+$/u.test(q)) return 'name';
  return 'code';
}

/** The inbox, or a search (`q`): a staff search is audited on `dossier-search:<agency id>`. */
export async function searchDossiers(db: Executor, caller: Caller, filters: ListFilters): Promise<DossierList> {
  const list = await listDossiers(db, caller, filters);
  const q = filters.q?.normalize('NFC').trim();
  if (caller.kind === 'staff' && q) {
    const agencyId = filters.agencyId ?? caller.agencyId;
    // The chain's lock is transaction-scoped: an audit outside a transaction would not hold it.
    await db.transaction((tx) =>
      recordAudit(tx, {
        provinceCode: caller.provinceCode,
        stream: `dossier-search:${agencyId}`,
        action: 'search_personal_data',
        actorId: caller.id,
        actorRole: caller.roles.join(','),
        data: {
          agencyId: caller.agencyId,
          queryKind: queryKindOf(q),
          query: q,
          shown: list.items.length,
          codes: list.items.map((item) => item.code),
        },
      }),
    );
  }
  return list;
}
