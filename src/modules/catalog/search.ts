/**
 * Procedure search (ARCHITECTURE.md: "search folds case and diacritics, đ → d too").
 *
 * The query is folded in TS with the same table as SQL `vn_fold` (rules.ts searchFold) and
 * ranked by the in-memory index of search-index.ts (tiers: exact name or code, name prefix,
 * whole words, every word, substring, then typos by trigram similarity). This file keeps
 * one index per database handle and province, rebuilt when the procedures table changed.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { agencyByCode } from '../directory/index.ts';
import type { ApplicantType, OnlineLevel, ProcedureLevel, TimeLimit } from './model.ts';
import { searchFold } from './rules.ts';
import { fields, procedureAgencies, procedures } from './schema.ts';
import {
  buildSearchIndex,
  closestProcedure,
  type IndexedProcedure,
  type IndexFilters,
  rankPartial,
  rankProcedures,
  type SearchIndex,
} from './search-index.ts';
import {
  applySynonyms,
  buildVocabulary,
  loadSearchLanguage,
  mendQuery,
  type SearchLanguage,
  type SearchVocabulary,
} from './search-query.ts';
import type { FieldView } from './views.ts';
import { splitTimeLimit } from './views.ts';

export interface SearchInput {
  /** The installation's province; omitted: every province in the database. */
  provinceCode?: string | undefined;
  q?: string | undefined;
  /** Field code, e.g. `ho-tich`. */
  field?: string | undefined;
  /** Implementing agency: id (uuid) or electronic code (`000.00.03.H60`). */
  agencyId?: string | undefined;
  level?: ProcedureLevel | undefined;
  applicantType?: ApplicantType | undefined;
  onlineLevel?: OnlineLevel | undefined;
  /** 1–100, default 20. */
  limit?: number | undefined;
  offset?: number | undefined;
  /** Staff screens list ceased procedures too. */
  includeInactive?: boolean | undefined;
}

export interface ProcedureSummary {
  id: string;
  nationalCode: string | null;
  localCode: string | null;
  name: string;
  field: FieldView;
  level: ProcedureLevel;
  applicantTypes: ApplicantType[];
  onlineLevel: OnlineLevel;
  timeLimit: TimeLimit;
  timeLimitOnline: TimeLimit | null;
  resultKind: 'paper' | 'electronic' | 'both';
  active: boolean;
}

export interface SearchResult {
  items: ProcedureSummary[];
  total: number;
  limit: number;
  offset: number;
  /** True when nothing matched as typed and these are the closest matches (typos mended, most words held). */
  approximate: boolean;
  /** When nothing matched at all: the procedure whose name is closest ("Có phải bạn muốn tìm…"). */
  suggestion: ProcedureSummary | null;
}

const MAX_LIMIT = 100;
const MAX_QUERY = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Ranked {
  ids: string[];
  approximate: boolean;
  suggestion: string | null;
}

interface CachedIndex {
  revision: string;
  index: SearchIndex;
  vocabulary: SearchVocabulary;
  summaries: Map<string, ProcedureSummary>;
  /** Ranked ids of recent queries (people search the same few things), dropped with the index. */
  results: Map<string, Ranked>;
}

let language: SearchLanguage | undefined;
/** The synonyms file, read once per process (a province's edit takes effect at restart). */
const searchLanguage = () => {
  language ??= loadSearchLanguage();
  return language;
};

const RESULTS_KEPT = 500;

/** Per database handle (a transaction gets its own, dropped with it), per province ('*' = all). */
const cache = new WeakMap<object, Map<string, CachedIndex>>();

/**
 * Changes whenever a row of `procedures` was inserted or rewritten and committed: every
 * UPDATE writes a new row version with the writer's transaction id (xmin), so the sum moves
 * whatever the commit order of concurrent writers (max(updated_at) would miss a writer that
 * started earlier and committed later). Agency links and field names only change together
 * with their procedures' rows (write.ts).
 */
async function revisionOf(db: Executor, provinceCode: string | undefined): Promise<string> {
  const [row] = await db
    .select({ n: sql<string>`count(*)::text`, x: sql<string>`coalesce(sum(xmin::text::bigint), 0)::text` })
    .from(procedures)
    .where(provinceCode ? eq(procedures.provinceCode, provinceCode) : undefined);
  return `${row?.n ?? 0}:${row?.x ?? 0}`;
}

async function buildIndex(db: Executor, provinceCode: string | undefined, revision: string): Promise<CachedIndex> {
  const inProvince = provinceCode ? eq(procedures.provinceCode, provinceCode) : undefined;
  const rows = await db
    .select({
      id: procedures.id,
      provinceCode: procedures.provinceCode,
      nationalCode: procedures.nationalCode,
      localCode: procedures.localCode,
      name: procedures.name,
      nameKey: procedures.nameKey,
      searchKey: procedures.searchKey,
      fieldCode: procedures.fieldCode,
      fieldName: fields.name,
      level: procedures.level,
      applicantTypes: procedures.applicantTypes,
      onlineLevel: procedures.onlineLevel,
      timeLimit: procedures.timeLimit,
      resultKind: procedures.resultKind,
      active: procedures.active,
    })
    .from(procedures)
    .innerJoin(fields, and(eq(fields.provinceCode, procedures.provinceCode), eq(fields.code, procedures.fieldCode)))
    .where(inProvince);
  const links = await db
    .select({ procedureId: procedureAgencies.procedureId, agencyId: procedureAgencies.agencyId })
    .from(procedureAgencies)
    .where(provinceCode ? eq(procedureAgencies.provinceCode, provinceCode) : undefined);
  const agenciesOf = new Map<string, Set<string>>();
  for (const l of links) agenciesOf.set(l.procedureId, (agenciesOf.get(l.procedureId) ?? new Set()).add(l.agencyId));
  const indexed: IndexedProcedure[] = rows.map((r) => ({ ...r, agencyIds: agenciesOf.get(r.id) ?? new Set() }));
  const summaries = new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        nationalCode: r.nationalCode,
        localCode: r.localCode,
        name: r.name,
        field: { code: r.fieldCode, name: r.fieldName },
        level: r.level,
        applicantTypes: r.applicantTypes,
        onlineLevel: r.onlineLevel,
        ...splitTimeLimit(r.timeLimit),
        resultKind: r.resultKind,
        active: r.active,
      },
    ]),
  );
  const vocabulary = buildVocabulary(rows.map((r) => r.searchKey));
  return { revision, index: buildSearchIndex(indexed), vocabulary, summaries, results: new Map() };
}

async function currentIndex(db: Executor, provinceCode: string | undefined): Promise<CachedIndex> {
  const key = provinceCode ?? '*';
  const revision = await revisionOf(db, provinceCode);
  const perDb = cache.get(db) ?? new Map<string, CachedIndex>();
  cache.set(db, perDb);
  const cached = perDb.get(key);
  if (cached?.revision === revision) return cached;
  const fresh = await buildIndex(db, provinceCode, revision);
  perDb.set(key, fresh);
  return fresh;
}

/** The agency filter as ids: a uuid as given, an electronic code looked up in the directory. */
async function agencyIdsOf(db: Executor, agency: string): Promise<string[]> {
  if (UUID.test(agency)) return [agency.toLowerCase()];
  const found = await agencyByCode(db, agency.trim().toUpperCase());
  return found ? [found.id] : [];
}

/**
 * The query as typed first; when that finds nothing, in the catalog's words (search-query.ts):
 * typos mended and filler dropped, then procedures holding most of its words; failing all, the
 * closest name as a suggestion.
 */
function rankQuery(cached: CachedIndex, folded: string, raw: string, filters: IndexFilters): Ranked {
  const lang = searchLanguage();
  const said = folded === '' ? '' : applySynonyms(folded, lang);
  // The words as typed (no typo tier: a near miss is shown as such, below).
  const exact = rankProcedures(cached.index, { folded: said, raw }, filters, { typos: false });
  if (exact.length > 0 || said === '') return { ids: exact, approximate: false, suggestion: null };
  const mended = mendQuery(said, cached.vocabulary, lang);
  const query = mended || said;
  const words = [...new Set(query.split(' '))];
  // "khai sinh con": procedures holding two words of three, as whole words, come first; then
  // what the trigram typo tier finds (alone it would put "khai sinh cho …" first).
  const held = words.length >= 3 ? rankPartial(cached.index, words, filters, Math.ceil((words.length * 2) / 3)) : [];
  const found = rankProcedures(cached.index, { folded: query, raw }, filters);
  const ids = [...new Set([...held, ...found])];
  if (ids.length > 0) return { ids, approximate: true, suggestion: null };
  return { ids: [], approximate: false, suggestion: closestProcedure(cached.index, query, filters) };
}

export async function searchProcedures(db: Executor, input: SearchInput): Promise<SearchResult> {
  const limit = Math.min(Math.max(Math.trunc(input.limit ?? 20), 1), MAX_LIMIT);
  const offset = Math.max(Math.trunc(input.offset ?? 0), 0);
  const raw = (input.q ?? '').normalize('NFC').trim().slice(0, MAX_QUERY);
  const folded = searchFold(raw);
  // A query of punctuation only folds to nothing: it matches nothing rather than everything.
  if (folded === '' && raw !== '') return { items: [], total: 0, limit, offset, approximate: false, suggestion: null };
  const agencyIds = input.agencyId ? await agencyIdsOf(db, input.agencyId) : undefined;
  const cached = await currentIndex(db, input.provinceCode);
  const filters: IndexFilters = {
    field: input.field,
    level: input.level,
    onlineLevel: input.onlineLevel,
    applicantType: input.applicantType,
    agencyIds,
    includeInactive: input.includeInactive,
  };
  const key = JSON.stringify([folded, raw, filters]);
  let ranked = cached.results.get(key);
  if (!ranked) {
    ranked = rankQuery(cached, folded, raw, filters);
    if (cached.results.size >= RESULTS_KEPT) cached.results.clear();
    cached.results.set(key, ranked);
  }
  const { summaries } = cached;
  const items = ranked.ids.slice(offset, offset + limit).flatMap((id) => summaries.get(id) ?? []);
  const suggestion = ranked.suggestion === null ? null : (summaries.get(ranked.suggestion) ?? null);
  return { items, total: ranked.ids.length, limit, offset, approximate: ranked.approximate, suggestion };
}
