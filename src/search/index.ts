/**
 * The passage index: BM25+ with MiniSearch's parameters, over MiniSearch's
 * `SearchableMap` (its vocabulary tree, for prefix and fuzzy expansion), with
 * typed-array postings and a dense score accumulator of our own in place of
 * MiniSearch's per-document Map entries and full sort (~100 ms a question at 100k
 * passages).
 *
 * The scoring is MiniSearch's, formula for formula: its BM25+ (`calcBM25Score`), its
 * incremental average field length (`addFieldLength`), its prefix and fuzzy weights
 * and the order it expands a term in (`executeQuerySpec`), its sum of field, term
 * and expansion weights (`termResults`), its quality multiplier (`search`) and its
 * stable order on equal scores; all from MiniSearch 7.2 by Luca Ongaro (MIT),
 * https://github.com/lucaong/minisearch/blob/v7.2.0/src/MiniSearch.ts. So `find`
 * gives the same passages, scores and order as `MiniSearch.search` with the options
 * below (fields text and heading, heading boost 0.35, prefix and fuzzy as in
 * `derived`), which `test/core/index-vs-minisearch.test.ts` checks on generated corpora.
 */
import SearchableMap from 'minisearch/SearchableMap';
import type { Passage } from '../corpus/types.js';
import { packingUtf8 } from '../text/packed.js';
import { allSteps, type Steps } from '../text/steps.js';
import type { Analyzer } from './analyze.js';

/** A question term with the alternatives that also count for it. */
export interface TermGroup {
  term: string;
  /** How much the term counts: 1 as typed, less for a spelling correction. */
  weight: number;
  alternatives: { term: string; weight: number }[];
}

export interface IndexHit {
  passage: Passage;
  /** The passage's number in the index (its neighbours in the article are ±1). */
  doc: number;
  score: number;
  /** Query terms (group terms or their alternatives) found in the passage. */
  matched: string[];
  /** The passage text's analysed terms, as indexed, so the answer layer need not analyse it again. */
  terms: string[];
}

export interface BuildProgress {
  done: number;
  total: number;
}

/** How often a build reports its progress, in passages. */
export const PROGRESS_EVERY = 1024;
/**
 * A step of a build: passages analysed (~1 ms of work at most), or postings laid out. Laying
 * out writes all over arrays of tens of MB, so each posting is a cache miss: 200,000 a step took
 * 40–70 ms on a loaded 2-core machine, and every question waiting in the worker waited that long.
 */
const PASSAGES_A_STEP = 32;
const POSTINGS_A_STEP = 20_000;

// A tweet's text never says "tweet"; its passage is found by the word anyway.
const TWEET_TERMS = 'tweet twitter post';
const splitTerms = (text: string) => (text === '' ? [] : text.split(' '));

// MiniSearch's parameters: fields text and heading, boosts 1 and 0.35, its default BM25 k, b, d;
// fuzzy and prefix weights and the fuzzy limit as given to its search options.
const FIELDS = 2; // 0: text, 1: heading
const FIELD_BOOST = [1, 0.35];
const K = 1.2;
const B = 0.7;
const D = 0.5;
const FUZZY_WEIGHT = 0.6;
const PREFIX_WEIGHT = 0.5;
const MAX_FUZZY = 2;

/** Edits a misspelling of a term this long may be away from the word meant. */
export function allowedEdits(term: string): number {
  return term.length <= 3 ? 0 : term.length <= 5 ? 1 : term.length <= 9 ? 2 : 3;
}

/** Optimal string alignment distance: Levenshtein with adjacent transpositions counted once. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1]!;
}

/**
 * A build's postings as they are found, passage after passage: each entry's term and field (its
 * slot) and frequency, in typed arrays that grow by half when full; a passage's entries are the
 * ones added since the last {@link endPassage}. A JavaScript array per term and field (90k arrays
 * of 5M numbers at 100k passages) left the garbage collector most of a refresh's memory and pauses.
 */
class FoundPostings {
  size = 0;
  slot: Int32Array;
  tf: Uint16Array;
  /** Passage `i`'s entries are `passageStart[i]` up to `passageStart[i + 1]`. */
  readonly passageStart: Uint32Array;

  constructor(passages: number, expected: number) {
    const capacity = Math.max(1 << 16, expected);
    this.slot = new Int32Array(capacity);
    this.tf = new Uint16Array(capacity);
    this.passageStart = new Uint32Array(passages + 1);
  }

  add(slot: number, tf: number): void {
    if (this.size === this.slot.length) {
      const capacity = Math.ceil(this.size * 1.5);
      const slots = new Int32Array(capacity);
      slots.set(this.slot);
      this.slot = slots;
      const tfs = new Uint16Array(capacity);
      tfs.set(this.tf);
      this.tf = tfs;
    }
    this.slot[this.size] = slot;
    this.tf[this.size] = tf;
    this.size++;
  }

  endPassage(passage: number): void {
    this.passageStart[passage + 1] = this.size;
  }
}

/**
 * Everything a built index holds, as plain strings and typed arrays: what a snapshot
 * stores.
 */
export interface IndexParts {
  /** Indexed terms, by term id (first-seen order, which fixes the vocabulary tree). */
  terms: string[];
  /** Postings of term `id` in field `f` are entries `postingStart[2·id + f]` up to `postingStart[2·id + f + 1]`. */
  postingStart: Uint32Array;
  /** Passage numbers, ascending within each list. */
  postingDocs: Int32Array;
  /** Term frequencies, parallel to `postingDocs`. */
  postingTfs: Uint16Array;
  /** Distinct terms per passage, for text and heading. */
  fieldLength: [Uint16Array, Uint16Array];
  avgFieldLength: [number, number];
  /**
   * Each passage's analysed text terms, joined by spaces, as UTF-8: passage `i`'s are
   * bytes `docTermStart[i]` up to `docTermStart[i + 1]`. Bytes rather than 100k strings
   * keep the heap small and give the garbage collector less to copy.
   */
  docTermBytes: Uint8Array;
  docTermStart: Uint32Array;
  /** Each distinct heading and its analysed terms, joined by spaces. */
  headingTerms: [string, string][];
}

const utf8 = new TextDecoder();

/** Corrections remembered before the memo starts over. */
const CORRECTIONS_KEPT = 10_000;

export class PassageIndex {
  private readonly n: number;
  // Scratch space for queries, reused (queries are synchronous).
  private readonly acc: Float64Array;
  private readonly specAcc: Float64Array;
  private readonly quality: Uint8Array;
  private readonly order: Int32Array;
  private readonly seenInSpec: Int32Array;
  private readonly inSpec: Int32Array;
  private readonly touched: Int32Array;
  /** Per field and passage: k·(1 − b + b·length/avgLength), the length part of BM25, as MiniSearch computes it. */
  private readonly norm: Float64Array[];

  private readonly postingStart: Uint32Array;
  private readonly postingDocs: Int32Array;
  private readonly postingTfs: Uint16Array;
  private readonly docTermBytes: Uint8Array;
  private readonly docTermStart: Uint32Array;
  /** Each distinct heading's terms, joined by spaces: headings repeat over many passages. */
  private readonly headingTermsByText: ReadonlyMap<string, string>;
  /** Misspelt terms already looked up: members repeat their typos, and a miss costs a tree search. */
  private readonly corrections = new Map<string, string | undefined>();

  private constructor(
    readonly passages: readonly Passage[],
    readonly analyzer: Analyzer,
    private readonly parts: IndexParts,
    private readonly vocab: SearchableMap<number>,
    private readonly termIds: ReadonlyMap<string, number>,
  ) {
    if (parts.docTermStart.length !== passages.length + 1 || parts.fieldLength.some((lengths) => lengths.length !== passages.length)) {
      throw new Error(`index: parts describe ${parts.docTermStart.length - 1} passages, not ${passages.length}`);
    }
    const { fieldLength, avgFieldLength } = parts;
    this.postingStart = parts.postingStart;
    this.postingDocs = parts.postingDocs;
    this.postingTfs = parts.postingTfs;
    this.docTermBytes = parts.docTermBytes;
    this.docTermStart = parts.docTermStart;
    this.headingTermsByText = new Map(parts.headingTerms);
    this.n = passages.length;
    this.acc = new Float64Array(this.n);
    this.specAcc = new Float64Array(this.n);
    this.quality = new Uint8Array(this.n);
    this.order = new Int32Array(this.n).fill(-1);
    this.seenInSpec = new Int32Array(this.n).fill(-1);
    this.inSpec = new Int32Array(this.n);
    this.touched = new Int32Array(this.n);
    this.norm = fieldLength.map((lengths, f) => {
      const norm = new Float64Array(lengths.length);
      const avg = avgFieldLength[f]!;
      // MiniSearch's calcBM25Score, the length part, in its order of operations (so the same floats).
      for (let i = 0; i < lengths.length; i++) norm[i] = K * (1 - B + (B * lengths[i]!) / avg);
      return norm;
    });
  }

  /** Builds the index; `onProgress` hears every {@link PROGRESS_EVERY} passages. */
  static build(passages: readonly Passage[], analyzer: Analyzer, onProgress?: (progress: BuildProgress) => void): PassageIndex {
    return allSteps(PassageIndex.building(passages, analyzer), onProgress);
  }

  /**
   * Builds the index in steps of a few passages (see `text/steps.ts`), yielding its progress
   * every {@link PROGRESS_EVERY} passages. `knownTerms` gives a passage's analysed text terms,
   * joined by spaces, when they are known already (as this analyzer would give them): those
   * passages are not analysed again. `expectedPostings`, when known (a refresh: the old index's), sizes
   * the postings' room once, rather than doubling it again and again.
   */
  static *building(passages: readonly Passage[], analyzer: Analyzer, knownTerms?: (passage: Passage) => string | undefined, expectedPostings = 0): Steps<PassageIndex> {
    const termIds = new Map<string, number>();
    const vocabulary: string[] = [];
    const headingTerms = new Map<string, string>();
    const docTerms: string[] = new Array<string>(passages.length);
    const vocab = new SearchableMap<number>();
    const found = new FoundPostings(passages.length, expectedPostings);
    const fieldLength = [new Uint16Array(passages.length), new Uint16Array(passages.length)];
    const avg = [0, 0];
    const tf = new Map<number, number>();
    for (let i = 0; i < passages.length; i++) {
      const passage = passages[i]!;
      const known = knownTerms?.(passage);
      const text = known ?? analyzer.terms(passage.text).join(' ');
      const terms = splitTerms(text);
      let heading = '';
      if (passage.heading) {
        heading = headingTerms.get(passage.heading) ?? analyzer.terms(passage.heading).join(' ');
        headingTerms.set(passage.heading, heading);
      }
      if (passage.kind === 'tweet') heading = heading === '' ? TWEET_TERMS : `${heading} ${TWEET_TERMS}`;
      docTerms[i] = text;
      for (let f = 0; f < FIELDS; f++) {
        const tokens = f === 0 ? terms : splitTerms(heading);
        tf.clear();
        for (const token of tokens) {
          if (!token) continue;
          let id = termIds.get(token);
          if (id === undefined) {
            id = vocabulary.length;
            termIds.set(token, id);
            vocabulary.push(token);
            vocab.set(token, id); // same insertion order as MiniSearch's index, so the same tree and expansion order
          }
          tf.set(id, (tf.get(id) ?? 0) + 1);
        }
        const unique = tf.size;
        fieldLength[f]![i] = unique;
        avg[f] = (avg[f]! * i + unique) / (i + 1); // MiniSearch's addFieldLength: distinct terms, a running average
        for (const [id, count] of tf) found.add(id * FIELDS + f, count);
      }
      found.endPassage(i);
      if ((i + 1) % PROGRESS_EVERY === 0) yield { done: i + 1, total: passages.length };
      else if ((i + 1) % PASSAGES_A_STEP === 0) yield;
    }
    // Postings of slot s (term id · FIELDS + field) are entries postingStart[s] up to postingStart[s + 1]:
    // counted, then filled in the order found, so each list's passages ascend.
    const slots = vocabulary.length * FIELDS;
    const postingStart = new Uint32Array(slots + 1);
    for (let e = 0; e < found.size; e++) {
      postingStart[found.slot[e]! + 1]!++;
      if (e % POSTINGS_A_STEP === POSTINGS_A_STEP - 1) yield;
    }
    for (let s = 0; s < slots; s++) postingStart[s + 1]! += postingStart[s]!;
    yield;
    const next = postingStart.slice(0, slots);
    const postingDocs = new Int32Array(found.size);
    const postingTfs = new Uint16Array(found.size);
    // Zeroing tens of MB is a step of its own.
    yield;
    for (let doc = 0, done = 0; doc < passages.length; doc++) {
      const to = found.passageStart[doc + 1]!;
      for (let e = found.passageStart[doc]!; e < to; e++) {
        const at = next[found.slot[e]!]!++;
        postingDocs[at] = doc;
        postingTfs[at] = found.tf[e]!;
      }
      if (to - done >= POSTINGS_A_STEP) {
        done = to;
        yield;
      }
    }
    yield { done: passages.length, total: passages.length };
    const packedTerms = yield* packingUtf8(docTerms);
    const parts: IndexParts = {
      terms: vocabulary,
      postingStart,
      postingDocs,
      postingTfs,
      fieldLength: [fieldLength[0]!, fieldLength[1]!],
      avgFieldLength: [avg[0]!, avg[1]!],
      docTermBytes: packedTerms.bytes,
      docTermStart: packedTerms.start,
      headingTerms: [...headingTerms],
    };
    return new PassageIndex(passages, analyzer, parts, vocab, termIds);
  }

  /**
   * Rebuilds an index from its parts (a snapshot) without
   * analysing any text: only the vocabulary is filled in.
   */
  static fromParts(passages: readonly Passage[], analyzer: Analyzer, parts: IndexParts): PassageIndex {
    if (parts.postingStart.length !== parts.terms.length * FIELDS + 1) throw new Error('index: postings do not match the vocabulary');
    const termIds = new Map<string, number>();
    const vocab = new SearchableMap<number>();
    for (let id = 0; id < parts.terms.length; id++) {
      const term = parts.terms[id]!;
      termIds.set(term, id);
      vocab.set(term, id);
    }
    return new PassageIndex(passages, analyzer, parts, vocab, termIds);
  }

  /** The index's state, shared rather than copied: treat it as read-only. */
  toParts(): IndexParts {
    return this.parts;
  }

  /** The analysed terms of the passage's heading (without the words added for tweets). */
  headingTerms(passage: Passage): string[] {
    return passage.heading ? splitTerms(this.headingTermsByText.get(passage.heading) ?? '') : [];
  }

  get size(): number {
    return this.passages.length;
  }

  /** Postings in all, text and heading. */
  get postings(): number {
    return this.postingDocs.length;
  }

  /** Passages whose text holds `term`: the length of its text postings. */
  df(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.postingStart[id * FIELDS + 1]! - this.postingStart[id * FIELDS]!;
  }

  /** Inverse document frequency, BM25 style; unknown terms get the highest value. */
  idf(term: string): number {
    const n = this.passages.length;
    const df = this.df(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * Derived terms of one query term, with their weights, as MiniSearch's
   * executeQuerySpec derives them: exact, then prefix, then fuzzy (a term both a
   * prefix and a fuzzy match counts as a prefix match), in its tree's order.
   */
  private derived(term: string): { id: number; weight: number }[] {
    const out: { id: number; weight: number }[] = [];
    const exact = this.termIds.get(term);
    if (exact !== undefined) out.push({ id: exact, weight: 1 });
    const usePrefix = term.length >= 5 && !/\d/.test(term);
    const useFuzzy = this.df(term) === 0 && term.length >= 5 && !/\d/.test(term);
    let fuzzy: Map<string, [number, number]> | undefined;
    if (useFuzzy) {
      // MiniSearch's fuzziness 0.2: a fraction of the term's length, capped by maxFuzzy.
      const maxDistance = Math.min(MAX_FUZZY, Math.round(term.length * 0.2));
      if (maxDistance) fuzzy = this.vocab.fuzzyGet(term, maxDistance);
    }
    if (usePrefix) {
      for (const [t, id] of this.vocab.atPrefix(term)) {
        const distance = t.length - term.length;
        if (!distance) continue;
        fuzzy?.delete(t);
        out.push({ id, weight: (PREFIX_WEIGHT * t.length) / (t.length + 0.3 * distance) }); // MiniSearch's prefix weight
      }
    }
    if (fuzzy) {
      for (const [t, [id, distance]] of fuzzy) {
        if (!distance) continue;
        out.push({ id, weight: (FUZZY_WEIGHT * t.length) / (t.length + distance) }); // MiniSearch's fuzzy weight
      }
    }
    return out;
  }

  /**
   * Passages matching any term of any group, best first. Terms the corpus has
   * never seen are matched fuzzily, so a typo still finds its word. Same passages,
   * scores and order as MiniSearch.search with the group terms as the query, combined
   * with OR, each boosted by its weight (`boostTerm`), and the options above.
   */
  find(groups: readonly TermGroup[], limit: number): IndexHit[] {
    const weights = new Map<string, number>();
    for (const group of groups) {
      weights.set(group.term, Math.max(weights.get(group.term) ?? 0, group.weight));
      for (const alt of group.alternatives) {
        if (this.df(alt.term) > 0) weights.set(alt.term, Math.max(weights.get(alt.term) ?? 0, alt.weight));
      }
    }
    if (weights.size === 0) return [];
    const { acc, specAcc, quality, order, seenInSpec, n, inSpec, touched } = this;
    let touchedCount = 0;
    const specs: { term: string; derived: { id: number; weight: number }[] }[] = [];
    let counter = 0;
    let spec = 0;
    for (const [term, termBoost] of weights) {
      const derived = this.derived(term);
      specs.push({ term, derived });
      let inSpecCount = 0;
      const { postingStart, postingDocs: docs, postingTfs: tfs } = this;
      for (const { id, weight } of derived) {
        for (let f = 0; f < FIELDS; f++) {
          const from = postingStart[id * FIELDS + f]!;
          const to = postingStart[id * FIELDS + f + 1]!;
          const matching = to - from;
          if (matching === 0) continue;
          // MiniSearch's calcBM25Score (BM25+): idf · (d + tf·(k + 1) / (tf + norm)), times its termResults weights.
          const idf = Math.log(1 + (n - matching + 0.5) / (matching + 0.5));
          const norm = this.norm[f]!;
          const boost = FIELD_BOOST[f]!;
          const scale = weight * termBoost * boost * 1;
          for (let k = from; k < to; k++) {
            const doc = docs[k]!;
            const t = tfs[k]!;
            const raw = idf * (D + (t * (K + 1)) / (t + norm[doc]!));
            const weighted = scale * raw;
            if (seenInSpec[doc] !== spec) {
              seenInSpec[doc] = spec;
              specAcc[doc] = weighted;
              inSpec[inSpecCount++] = doc;
              if (order[doc] === -1) {
                order[doc] = counter++;
                touched[touchedCount++] = doc;
              }
            } else specAcc[doc] = specAcc[doc]! + weighted;
          }
        }
      }
      for (let x = 0; x < inSpecCount; x++) {
        const doc = inSpec[x]!;
        acc[doc] = quality[doc] === 0 ? specAcc[doc]! : acc[doc]! + specAcc[doc]!;
        quality[doc]!++;
      }
      spec++;
    }
    // Top `limit` by score, then first-seen order (MiniSearch's stable sort over insertion order).
    const top: { doc: number; score: number }[] = [];
    for (let x = 0; x < touchedCount; x++) {
      const doc = touched[x]!;
      const score = acc[doc]! * quality[doc]!; // MiniSearch's quality: times the number of query terms matched
      if (top.length === limit) {
        const worst = top[top.length - 1]!;
        if (score < worst.score || (score === worst.score && order[doc]! > order[worst.doc]!)) continue;
      }
      let at = top.length;
      while (at > 0 && (top[at - 1]!.score < score || (top[at - 1]!.score === score && order[top[at - 1]!.doc]! > order[doc]!))) at--;
      top.splice(at, 0, { doc, score });
      if (top.length > limit) top.pop();
    }
    const hits = top.map(({ doc, score }) => ({
      passage: this.passages[doc]!,
      doc,
      score,
      matched: specs.filter((s) => s.derived.some((d) => this.contains(d.id, doc))).map((s) => s.term),
      terms: this.termsAt(doc),
    }));
    for (let x = 0; x < touchedCount; x++) {
      const doc = touched[x]!;
      order[doc] = -1;
      quality[doc] = 0;
      seenInSpec[doc] = -1;
    }
    return hits;
  }

  /** The analysed text terms of passage number `doc`, joined by spaces, as indexed. */
  joinedTermsAt(doc: number): string {
    return utf8.decode(this.docTermBytes.subarray(this.docTermStart[doc], this.docTermStart[doc + 1]));
  }

  /** The analysed text terms of passage number `doc`, as indexed. */
  termsAt(doc: number): string[] {
    return splitTerms(utf8.decode(this.docTermBytes.subarray(this.docTermStart[doc], this.docTermStart[doc + 1])));
  }

  /**
   * The indexed term a misspelt one most likely meant: the nearest by edit distance
   * (transpositions count once), within a distance that grows with the term's length,
   * then the commonest. The term itself when indexed; undefined when nothing is near.
   * With the word as typed, a word one edit from it whose term is indexed beats a term
   * two edits from the stem: typos are made in words, and a stem hides them ("remval" is
   * three edits from "remov", one from "removal").
   */
  nearestTerm(term: string, typed?: string): string | undefined {
    if (this.termIds.has(term)) return term;
    const key = typed === undefined ? term : `${term} ${typed}`;
    if (this.corrections.has(key)) return this.corrections.get(key);
    const near = this.searchNearest(term);
    const nearest = near && near.distance <= 1 ? near.term : ((typed === undefined ? undefined : this.respelling(typed)) ?? near?.term);
    if (this.corrections.size >= CORRECTIONS_KEPT) this.corrections.clear();
    this.corrections.set(key, nearest);
    return nearest;
  }

  /** The commonest indexed term of a word one edit from `word` (a letter dropped, added, changed or two swapped). */
  private respelling(word: string): string | undefined {
    if (allowedEdits(word) === 0 || !/^[a-z]+$/.test(word)) return undefined;
    const spellings = new Set<string>();
    for (let i = 0; i <= word.length; i++) {
      const before = word.slice(0, i);
      const after = word.slice(i);
      if (i < word.length) spellings.add(before + after.slice(1));
      if (i + 1 < word.length) spellings.add(before + after[1] + after[0] + after.slice(2));
      for (let c = 97; c <= 122; c++) {
        const letter = String.fromCharCode(c);
        spellings.add(before + letter + after);
        if (i < word.length && letter !== after[0]) spellings.add(before + letter + after.slice(1));
      }
    }
    let best: { term: string; df: number } | undefined;
    for (const spelling of spellings) {
      const term = this.analyzer.terms(spelling)[0];
      if (term === undefined || !this.termIds.has(term)) continue;
      const df = this.df(term) + this.headingDf(term);
      if (df > 0 && (!best || df > best.df)) best = { term, df };
    }
    return best?.term;
  }

  private searchNearest(term: string): { term: string; distance: number } | undefined {
    const allowed = allowedEdits(term);
    if (allowed === 0 || /\d/.test(term)) return undefined;
    // Levenshtein counts a swap of neighbours ("teh") as two edits. Rather than search the tree one
    // edit wider for it (3 wide takes ~3 ms at 100k terms), the spellings with one swap undone are
    // searched one edit narrower. Most typos are one edit away, so one edit is tried first.
    const swapped: string[] = [];
    for (let i = 0; i + 1 < term.length; i++) {
      if (term[i] !== term[i + 1]) swapped.push(term.slice(0, i) + term[i + 1] + term[i] + term.slice(i + 2));
    }
    for (const width of allowed > 1 ? [1, allowed] : [1]) {
      const seen = new Set<string>(this.vocab.fuzzyGet(term, width).keys());
      for (const spelling of swapped) {
        if (width === 1) {
          if (this.vocab.has(spelling)) seen.add(spelling);
        } else for (const near of this.vocab.fuzzyGet(spelling, width - 1).keys()) seen.add(near);
      }
      let best: { term: string; distance: number; df: number } | undefined;
      for (const candidate of seen) {
        const distance = editDistance(term, candidate);
        if (distance > allowed || /\d/.test(candidate)) continue;
        const df = this.df(candidate) + this.headingDf(candidate);
        if (df === 0) continue;
        if (!best || distance < best.distance || (distance === best.distance && df > best.df)) best = { term: candidate, distance, df };
      }
      // Nothing is nearer than one edit: a wider search would only add farther terms.
      if (best && (best.distance <= 1 || width === allowed)) return best;
    }
    return undefined;
  }

  private headingDf(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.postingStart[id * FIELDS + 2]! - this.postingStart[id * FIELDS + 1]!;
  }

  private contains(id: number, doc: number): boolean {
    for (let f = 0; f < FIELDS; f++) {
      let lo = this.postingStart[id * FIELDS + f]!;
      let hi = this.postingStart[id * FIELDS + f + 1]! - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const v = this.postingDocs[mid]!;
        if (v === doc) return true;
        if (v < doc) lo = mid + 1;
        else hi = mid - 1;
      }
    }
    return false;
  }
}
