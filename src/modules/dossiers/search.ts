/**
 * Staff search of dossiers by code, applicant name or id number. A search is a read of
 * personal data (it says whose dossier an id number is, and shows names), so each staff
 * search is one audit entry, like a detail read (`read_personal_data`, queries.ts): who
 * searched, from which agency, for what, and which dossiers it showed. The query is kept as
 * typed: the audit exists so that an inspector can tell whose data was looked up, and a hash
 * of a 12-digit id number would be reversed by trying every number.
 */
import { type AuditInput, recordAudit, recordAuditEntries } from '../../platform/audit/index.ts';
import type { Caller } from '../../platform/auth/caller.ts';
import type { Executor } from '../../platform/db/index.ts';
import { type ListFilters, listDossiers } from './inbox.ts';
import { commitWithoutWaiting, isTopLevel, waitDurable } from './pending-code.ts';
import type { DossierList } from './view-types.ts';

/** What the query looks like: an id number (CMND 9 or CCCD 12 digits), a name, or (part of) a code. */
function queryKindOf(q: string): 'personal_id' | 'name' | 'code' {
  if (/^\d{9}(\d{3})?$/.test(q)) return 'personal_id';
  if (/^[\p{L}\s.'-]+$/u.test(q)) return 'name';
  return 'code';
}

interface Waiting {
  input: AuditInput;
  done: (error?: unknown) => void;
}
interface Chain {
  waiting: Waiting[];
  writing: boolean;
}
/** Per database and chain: the entries waiting for the next write, and whether one is under way. */
const chains = new WeakMap<object, Map<string, Chain>>();

/**
 * Appends an entry to a search chain, together with the other searches of this process that
 * arrive while a write is under way: one transaction (lock, head, one insert, commit) for all
 * of them, instead of six statements each under the chain's lock one search after another.
 * Resolves once the entry is on disk. A failed write fails every search it carried.
 */
function appendSearchEntry(db: Executor, input: AuditInput): Promise<void> {
  let byStream = chains.get(db);
  if (!byStream) {
    byStream = new Map();
    chains.set(db, byStream);
  }
  let chain = byStream.get(input.stream);
  if (!chain) {
    chain = { waiting: [], writing: false };
    byStream.set(input.stream, chain);
  }
  const { promise, resolve, reject } = Promise.withResolvers<void>();
  chain.waiting.push({ input, done: (error) => (error === undefined ? resolve() : reject(error)) });
  if (!chain.writing) void writeChain(db, input.stream, chain, byStream);
  return promise;
}

async function writeChain(db: Executor, stream: string, chain: Chain, byStream: Map<string, Chain>): Promise<void> {
  chain.writing = true;
  while (chain.waiting.length > 0) {
    const batch = chain.waiting.splice(0, 500);
    try {
      // The chain's lock is released by a commit that does not wait for the WAL flush; the
      // searches are answered once a synchronous commit has flushed past it (pending-code.ts).
      await db.transaction(async (tx) => {
        await commitWithoutWaiting(tx);
        await recordAuditEntries(
          tx,
          stream,
          batch.map((w) => w.input),
        );
      });
      await waitDurable(db);
      for (const w of batch) w.done();
    } catch (error) {
      for (const w of batch) w.done(error ?? new Error('audit write failed'));
    }
  }
  chain.writing = false;
  byStream.delete(stream);
}

/** The inbox, or a search (`q`): a staff search is audited on `dossier-search:<agency id>`. */
export async function searchDossiers(db: Executor, caller: Caller, filters: ListFilters): Promise<DossierList> {
  const list = await listDossiers(db, caller, filters);
  const q = filters.q?.normalize('NFC').trim();
  if (caller.kind === 'staff' && q) {
    const agencyId = filters.agencyId ?? caller.agencyId;
    const input: AuditInput = {
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
    };
    // Every search of the agency appends to one chain. Outside a caller's transaction, the
    // concurrent searches of this process share one write (`appendSearchEntry`); the entry is on
    // disk before anyone sees what was searched. Inside one, the entry is that transaction's.
    if (isTopLevel(db)) await appendSearchEntry(db, input);
    else await recordAudit(db, input);
  }
  return list;
}
