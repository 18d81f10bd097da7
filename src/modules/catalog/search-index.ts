/**
 * The procedure search index: pure, in memory (a province has ~120–500 procedures).
 *
 * Why not pg_trgm in SQL: `word_similarity` costs tens of microseconds per row on names of
 * ~100 characters, and its selectivity estimate adds ~2 ms of planning, so a typo search
 * took 20–50 ms on 500 procedures, over the 20 ms p99 aim. The same measures computed here
 * on precomputed trigrams take well under a millisecond. search.ts keeps the index fresh.
 *
 * Matching and ranking of a folded query q (rules.ts searchFold) against an entry:
 *   tier 0  the name (without "Thủ tục") is q, or q is its national or local code;
 *   tier 1  the name starts with q;
 *   tier 2  the name holds q as whole words;
 *   tier 3  every word of q starts a word of the name, in any order;
 *   tier 4  the name holds q as a substring;
 *   tier 5  the key (name, field name, national code) matches as in tiers 1–4;
 *   tier 6  typo: trigram similarity of q with some run of consecutive words of the key
 *           (pg_trgm's strict_word_similarity) ≥ 0.6.
 * Within a tier: similarity of q with the whole name (closer and shorter names first; for
 * typos plus the word similarity), then the name, then the id.
 */
import type { ApplicantType, OnlineLevel, ProcedureLevel } from './model.ts';

/**
 * pg_trgm's default for word similarity (0.6): at 0.5, strict_word_similarity's own default, a
 * two-word query matches any key holding one of its words ("ket hon" → "kết cấu").
 */
const TYPO_THRESHOLD = 0.6;

/** pg_trgm's trigrams of one word: padded with two spaces before and one after. */
function wordTrigrams(word: string): string[] {
  const padded = `  ${word} `;
  const out: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) out.push(padded.slice(i, i + 3));
  return out;
}

/**
 * Trigrams as small integers (one dictionary per index), so that sets are typed-array
 * marks: the typo search touches every trigram of every candidate name.
 */
class Trigrams {
  readonly ids = new Map<string, number>();

  /** Ids of each word's trigrams; unknown trigrams are added when `grow`, else dropped. */
  words(text: string, grow: boolean): Int32Array[] {
    return text
      .split(' ')
      .filter((w) => w !== '')
      .map((w) => {
        const out: number[] = [];
        for (const t of wordTrigrams(w)) {
          let id = this.ids.get(t);
          if (id === undefined && grow) {
            id = this.ids.size;
            this.ids.set(t, id);
          }
          if (id !== undefined) out.push(id);
        }
        return Int32Array.from(out);
      });
  }
}

const unique = (words: readonly Int32Array[]) => Int32Array.from(new Set(words.flatMap((w) => [...w])));

/** A query's trigrams: marks over the dictionary, and how many distinct trigrams it has in all. */
interface QueryTrigrams {
  marks: Uint8Array;
  size: number;
}

function sharedCount(q: QueryTrigrams, set: Int32Array): number {
  let n = 0;
  for (const t of set) n += q.marks[t] ?? 0;
  return n;
}

/** pg_trgm `similarity`: shared trigrams over all distinct trigrams of both. */
function similarity(q: QueryTrigrams, set: Int32Array): number {
  const shared = sharedCount(q, set);
  const union = q.size + set.length - shared;
  return union === 0 ? 0 : shared / union;
}

/** Scratch marks for the runs of wordSimilarity, reused: a run is marked with its own stamp. */
interface Scratch {
  stamps: Int32Array;
  stamp: number;
}

/**
 * pg_trgm `strict_word_similarity`: the best similarity of the query with a run of whole
 * consecutive words of the key. A best run starts and ends on words sharing a trigram with
 * the query (other words only add to the union); a run whose unshared trigrams already cap
 * its similarity at the best so far is not extended; and runs have at most `maxRunWords`
 * words (a typo does not add words: rankProcedures passes the query's word count + 2).
 */
function wordSimilarity(
  q: QueryTrigrams,
  keyWords: readonly Int32Array[],
  maxRunWords: number,
  scratch: Scratch,
): number {
  let best = 0;
  for (let start = 0; start < keyWords.length; start++) {
    if (sharedCount(q, keyWords[start] ?? new Int32Array()) === 0) continue;
    const stamp = ++scratch.stamp;
    let size = 0;
    let shared = 0;
    for (let end = start; end < keyWords.length && end - start < maxRunWords; end++) {
      let touches = false;
      for (const t of keyWords[end] ?? []) {
        if (scratch.stamps[t] === stamp) continue;
        scratch.stamps[t] = stamp;
        size++;
        if (q.marks[t]) {
          shared++;
          touches = true;
        }
      }
      const unshared = size - shared;
      if (q.size / (q.size + unshared) <= best) break;
      if (!touches) continue;
      const sim = shared / (q.size + unshared);
      if (sim > best) best = sim;
    }
  }
  return best;
}

export interface IndexedProcedure {
  id: string;
  provinceCode: string;
  nationalCode: string | null;
  localCode: string | null;
  nameKey: string;
  searchKey: string;
  fieldCode: string;
  level: ProcedureLevel;
  onlineLevel: OnlineLevel;
  applicantTypes: readonly ApplicantType[];
  agencyIds: ReadonlySet<string>;
  active: boolean;
}

interface Entry {
  p: IndexedProcedure;
  /** " key " and " name " for whole-word tests. */
  padded: string;
  paddedName: string;
  words: Int32Array[];
  /** Every trigram of the key: sharing too few with the query rules a typo match out cheaply. */
  keyTrigrams: Int32Array;
  nameTrigrams: Int32Array;
}

export interface SearchIndex {
  entries: Entry[];
  trigrams: Trigrams;
  scratch: Scratch;
}

export function buildSearchIndex(procedures: readonly IndexedProcedure[]): SearchIndex {
  const trigrams = new Trigrams();
  const entries = procedures.map((p) => {
    const words = trigrams.words(p.searchKey, true);
    return {
      p,
      padded: ` ${p.searchKey} `,
      paddedName: ` ${p.nameKey} `,
      words,
      keyTrigrams: unique(words),
      nameTrigrams: unique(trigrams.words(p.nameKey, true)),
    };
  });
  return { entries, trigrams, scratch: { stamps: new Int32Array(trigrams.ids.size), stamp: 0 } };
}

/** The query's trigrams against a dictionary. */
function queryTrigrams(dictionary: Trigrams, folded: string): QueryTrigrams {
  const marks = new Uint8Array(dictionary.ids.size);
  const all = new Set<string>();
  for (const w of folded.split(' ')) if (w) for (const t of wordTrigrams(w)) all.add(t);
  for (const t of all) {
    const id = dictionary.ids.get(t);
    if (id !== undefined) marks[id] = 1;
  }
  return { marks, size: all.size };
}

/** pg_trgm `strict_word_similarity(query, text)` for space-separated words (tests compare both). */
export function strictWordSimilarity(query: string, text: string): number {
  const dictionary = new Trigrams();
  const words = dictionary.words(text, true);
  const scratch = { stamps: new Int32Array(dictionary.ids.size), stamp: 0 };
  return wordSimilarity(queryTrigrams(dictionary, query), words, words.length, scratch);
}

export interface IndexFilters {
  field?: string | undefined;
  level?: ProcedureLevel | undefined;
  onlineLevel?: OnlineLevel | undefined;
  applicantType?: ApplicantType | undefined;
  /** Implementing agency ids: a procedure of any of them. */
  agencyIds?: readonly string[] | undefined;
  includeInactive?: boolean | undefined;
}

export interface IndexQuery {
  /** Folded (rules.ts searchFold); '' lists everything in field and name order. */
  folded: string;
  /** As typed, trimmed, for the code comparisons. */
  raw: string;
}

function passes(p: IndexedProcedure, f: IndexFilters): boolean {
  if (!f.includeInactive && !p.active) return false;
  if (f.field && p.fieldCode !== f.field) return false;
  if (f.level && p.level !== f.level) return false;
  if (f.onlineLevel && p.onlineLevel !== f.onlineLevel) return false;
  if (f.applicantType && !p.applicantTypes.includes(f.applicantType)) return false;
  if (f.agencyIds && !f.agencyIds.some((id) => p.agencyIds.has(id))) return false;
  return true;
}

/** How q matches the text: 0 exact … 3 substring, null not at all (see the header). */
function textTier(text: string, padded: string, q: string, words: readonly string[]): number | null {
  if (text === q) return 0;
  if (text.startsWith(q)) return 1;
  if (padded.includes(` ${q} `)) return 2;
  if (words.every((w) => padded.includes(` ${w}`))) return 3;
  if (text.includes(q)) return 4;
  return null;
}

function tierOf(e: Entry, q: IndexQuery, words: readonly string[]): number | null {
  const { p } = e;
  if (p.nationalCode === q.raw || (p.localCode !== null && p.localCode === q.raw.toUpperCase())) return 0;
  const byName = textTier(p.nameKey, e.paddedName, q.folded, words);
  if (byName !== null) return byName;
  // The field name and the code count, after every match in the name.
  return textTier(p.searchKey, e.padded, q.folded, words) === null ? null : 5;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Ids of the matching procedures, best first. */
export function rankProcedures(
  index: SearchIndex,
  query: IndexQuery,
  filters: IndexFilters,
  options: { typos?: boolean } = {},
): string[] {
  const candidates = index.entries.filter((e) => passes(e.p, filters));
  if (query.folded === '') {
    return candidates
      .sort(
        (a, b) => byText(a.p.fieldCode, b.p.fieldCode) || byText(a.p.nameKey, b.p.nameKey) || byText(a.p.id, b.p.id),
      )
      .map((e) => e.p.id);
  }
  const words = [...new Set(query.folded.split(' '))];
  const q = queryTrigrams(index.trigrams, query.folded);
  const ranked: Array<{ id: string; tier: number; score: number; nameKey: string }> = [];
  for (const e of candidates) {
    const nameSim = similarity(q, e.nameTrigrams);
    const exactTier = tierOf(e, query, words);
    if (exactTier !== null) {
      ranked.push({ id: e.p.id, tier: exactTier, score: nameSim, nameKey: e.p.nameKey });
      continue;
    }
    if (options.typos === false) continue;
    // Similarity of q with any run of the key is at most the share of q's trigrams in the key.
    if (sharedCount(q, e.keyTrigrams) < TYPO_THRESHOLD * q.size) continue;
    const wordSim = wordSimilarity(q, e.words, words.length + 2, index.scratch);
    if (wordSim < TYPO_THRESHOLD) continue;
    ranked.push({ id: e.p.id, tier: 6, score: wordSim + nameSim, nameKey: e.p.nameKey });
  }
  return ranked
    .sort((a, b) => a.tier - b.tier || b.score - a.score || byText(a.nameKey, b.nameKey) || byText(a.id, b.id))
    .map((r) => r.id);
}

/**
 * Procedures whose key holds at least `minWords` of the words, as whole words (a prefix would
 * let "cu" match "của" in every long name): "khai sinh con" still finds the birth
 * registration. Most words held first.
 */
export function rankPartial(
  index: SearchIndex,
  words: readonly string[],
  filters: IndexFilters,
  minWords: number,
): string[] {
  const q = queryTrigrams(index.trigrams, words.join(' '));
  const ranked: Array<{ id: string; held: number; score: number; nameKey: string }> = [];
  for (const e of index.entries) {
    if (!passes(e.p, filters)) continue;
    const held = words.filter((w) => e.padded.includes(` ${w} `)).length;
    if (held < minWords) continue;
    ranked.push({ id: e.p.id, held, score: similarity(q, e.nameTrigrams), nameKey: e.p.nameKey });
  }
  return ranked
    .sort((a, b) => b.held - a.held || b.score - a.score || byText(a.nameKey, b.nameKey) || byText(a.id, b.id))
    .map((r) => r.id);
}

/** How alike a name must be to be offered as "Có phải bạn muốn tìm…" (pg_trgm's default, 0.3). */
const SUGGESTION_THRESHOLD = 0.3;

/** The procedure whose name is closest to the query, when close enough to suggest. */
export function closestProcedure(index: SearchIndex, folded: string, filters: IndexFilters): string | null {
  const q = queryTrigrams(index.trigrams, folded);
  let best: { id: string; score: number } | null = null;
  for (const e of index.entries) {
    if (!passes(e.p, filters)) continue;
    const score = Math.max(
      similarity(q, e.nameTrigrams),
      wordSimilarity(q, e.words, folded.split(' ').length + 2, index.scratch),
    );
    if (score >= SUGGESTION_THRESHOLD && (best === null || score > best.score)) best = { id: e.p.id, score };
  }
  return best?.id ?? null;
}
