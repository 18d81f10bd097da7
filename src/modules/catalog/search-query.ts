/**
 * What a citizen meant by a search: the words people type ("sổ đỏ", "làm giấy khai sinh cho
 * con", "khai sihn", "khaisinh") turned into the catalog's words before ranking. Pure; the
 * synonyms and filler words are data (data/search/synonyms.json) that a province edits.
 *
 * The steps, each tried only when the one before found nothing (search.ts):
 *   1. phrases people say are replaced by the catalog's ("sổ đỏ" → "giấy chứng nhận quyền sử
 *      dụng đất"), whole words only;
 *   2. each word unknown to the catalog is mended: a joined pair split ("khaisinh" → "khai
 *      sinh"), else the nearest catalog word within one edit (two for words of 6+ letters,
 *      a swap of two neighbours counting as one: "sihn" → "sinh"); filler words ("làm",
 *      "cho", "thủ tục") are dropped;
 *   3. search.ts then accepts procedures holding most of the words, and, failing that,
 *      offers the closest name as "Có phải bạn muốn tìm…".
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dataFolder } from '../../platform/paths.ts';
import { searchFold } from './rules.ts';

export interface SearchVocabulary {
  /** Every folded word of the catalog's search keys, with how often it occurs. */
  counts: Map<string, number>;
  /** Pairs of words that stand next to each other in some key ("khai sinh"). */
  pairs: Set<string>;
}

export interface SearchLanguage {
  /** Folded phrase → folded replacement, longest first so "sang tên sổ đỏ" wins over "sổ đỏ". */
  phrases: ReadonlyArray<readonly [string, string]>;
  /** Folded filler phrases, longest first. */
  fillers: readonly string[];
}

const synonymsFile = path.join(dataFolder, 'search', 'synonyms.json');

/** Reads the synonyms file; throws naming the first bad entry (a province edits it by hand). */
export function loadSearchLanguage(file: string = synonymsFile): SearchLanguage {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { phrases?: unknown; fillers?: unknown };
  if (!Array.isArray(parsed.phrases) || !Array.isArray(parsed.fillers)) {
    throw new Error(`${file}: "phrases" and "fillers" must be lists`);
  }
  const phrases = parsed.phrases.map((entry: unknown, i): [string, string] => {
    const { say, means } = (entry ?? {}) as { say?: unknown; means?: unknown };
    if (typeof say !== 'string' || typeof means !== 'string' || !searchFold(say) || !searchFold(means)) {
      throw new Error(`${file}: phrases[${i}] needs "say" and "means" as non-empty text`);
    }
    return [searchFold(say), searchFold(means)];
  });
  const fillers = parsed.fillers.map((f: unknown, i) => {
    if (typeof f !== 'string' || !searchFold(f)) throw new Error(`${file}: fillers[${i}] must be non-empty text`);
    return searchFold(f);
  });
  const longestFirst = (a: string, b: string) => b.split(' ').length - a.split(' ').length || b.length - a.length;
  return {
    phrases: phrases.sort((a, b) => longestFirst(a[0], b[0])),
    fillers: fillers.sort(longestFirst),
  };
}

export function buildVocabulary(keys: Iterable<string>): SearchVocabulary {
  const counts = new Map<string, number>();
  const pairs = new Set<string>();
  for (const key of keys) {
    const words = key.split(' ').filter(Boolean);
    for (const [i, w] of words.entries()) {
      counts.set(w, (counts.get(w) ?? 0) + 1);
      const next = words[i + 1];
      if (next) pairs.add(`${w} ${next}`);
    }
  }
  return { counts, pairs };
}

/** Replaces whole-word phrases of a folded text, each text position at most once. */
function replacePhrases(folded: string, table: ReadonlyArray<readonly [string, string]>): string {
  let text = ` ${folded} `;
  const done: string[] = [];
  for (const [from, to] of table) {
    if (!text.includes(` ${from} `)) continue;
    // A placeholder (a private-use character, which searchFold never leaves) keeps a replacement from being matched again by a shorter phrase.
    text = text.replaceAll(` ${from} `, ` \ue000${done.length} `);
    done.push(to);
  }
  return text
    .replace(/\ue000(\d+)/g, (_m, i: string) => done[Number(i)] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Step 1: the catalog's words for what people say. */
export const applySynonyms = (folded: string, language: SearchLanguage): string =>
  replacePhrases(folded, language.phrases);

/** Step 2's filler words removed (whole words only). */
const dropFillers = (folded: string, language: SearchLanguage): string =>
  replacePhrases(
    folded,
    language.fillers.map((f) => [f, ''] as const),
  );

/**
 * Optimal string alignment distance (Levenshtein plus swaps of neighbours), stopping early
 * past `max`: returns max + 1 when the words are further apart than that.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      row.push(d);
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length] ?? max + 1;
}

/** How many edits a word of this length may carry: short words are too easily something else. */
const editsAllowed = (word: string) => (word.length >= 6 ? 2 : word.length >= 4 ? 1 : 0);

/** A word the catalog does not know, mended: split in two known words, or its nearest known word. */
function mendWord(word: string, vocabulary: SearchVocabulary): string {
  if (vocabulary.counts.has(word) || /\d/.test(word)) return word;
  // Joined words: prefer a split whose halves stand together somewhere in the catalog.
  let split: string | null = null;
  for (let i = 1; i < word.length; i++) {
    const left = word.slice(0, i);
    const right = word.slice(i);
    if (!vocabulary.counts.has(left) || !vocabulary.counts.has(right)) continue;
    if (vocabulary.pairs.has(`${left} ${right}`)) return `${left} ${right}`;
    split ??= `${left} ${right}`;
  }
  if (split) return split;
  const max = editsAllowed(word);
  if (max === 0) return word;
  let best = word;
  let bestDistance = max + 1;
  let bestCount = 0;
  for (const [known, count] of vocabulary.counts) {
    const d = editDistance(word, known, max);
    if (d < bestDistance || (d === bestDistance && d <= max && count > bestCount)) {
      best = known;
      bestDistance = d;
      bestCount = count;
    }
  }
  return bestDistance <= max ? best : word;
}

/** Step 2: the query in the catalog's words, filler dropped; '' when nothing is left. */
export function mendQuery(folded: string, vocabulary: SearchVocabulary, language: SearchLanguage): string {
  // Fillers go first, so that "muon" (muốn) is not mended into some catalog word.
  const mended = dropFillers(folded, language)
    .split(' ')
    .filter(Boolean)
    .map((w) => mendWord(w, vocabulary))
    .join(' ');
  // Mended words may now form a phrase people say, or a filler ("thu tuk" → "thu tuc").
  return dropFillers(applySynonyms(mended, language), language);
}
