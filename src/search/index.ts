/**
 * The passage index: MiniSearch over pre-analysed terms, plus the document
 * frequencies the answer layer needs to judge how much of a question a passage covers.
 */
import MiniSearch from 'minisearch';
import type { Passage } from '../corpus/types.js';
import type { Analyzer } from './analyze.js';

/** A question term with the alternatives that also count for it. */
export interface TermGroup {
  term: string;
  alternatives: { term: string; weight: number }[];
}

export interface IndexHit {
  passage: Passage;
  score: number;
  /** Query terms (group terms or their alternatives) found in the passage. */
  matched: string[];
}

export interface BuildProgress {
  done: number;
  total: number;
}

interface IndexedDoc {
  id: number;
  text: string;
  heading: string;
}

const CHUNK = 1000;
// A tweet's text never says "tweet"; its passage is found by the word anyway.
const TWEET_TERMS = 'tweet twitter post';
const splitTerms = (text: string) => (text === '' ? [] : text.split(' '));
const identity = (term: string) => term;

export class PassageIndex {
  private constructor(
    readonly passages: readonly Passage[],
    private readonly search: MiniSearch<IndexedDoc>,
    private readonly documentFrequency: ReadonlyMap<string, number>,
    readonly analyzer: Analyzer,
  ) {}

  /**
   * Builds the index in chunks, yielding to the event loop between them so a
   * server keeps answering while a large corpus is indexed.
   */
  static async build(
    passages: readonly Passage[],
    analyzer: Analyzer,
    onProgress?: (progress: BuildProgress) => void,
  ): Promise<PassageIndex> {
    const search = new MiniSearch<IndexedDoc>({
      fields: ['text', 'heading'],
      storeFields: [],
      tokenize: splitTerms,
      processTerm: identity,
      searchOptions: { tokenize: splitTerms, processTerm: identity },
    });
    const df = new Map<string, number>();
    const headingTerms = new Map<string, string>();
    for (let from = 0; from < passages.length; from += CHUNK) {
      const docs: IndexedDoc[] = [];
      for (let i = from; i < Math.min(from + CHUNK, passages.length); i++) {
        const passage = passages[i]!;
        const terms = analyzer.terms(passage.text);
        for (const term of new Set(terms)) df.set(term, (df.get(term) ?? 0) + 1);
        let heading = '';
        if (passage.heading) {
          heading = headingTerms.get(passage.heading) ?? analyzer.terms(passage.heading).join(' ');
          headingTerms.set(passage.heading, heading);
        }
        if (passage.kind === 'tweet') heading = heading === '' ? TWEET_TERMS : `${heading} ${TWEET_TERMS}`;
        docs.push({ id: i, text: terms.join(' '), heading });
      }
      search.addAll(docs);
      onProgress?.({ done: from + docs.length, total: passages.length });
      if (from + CHUNK < passages.length) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return new PassageIndex(passages, search, df, analyzer);
  }

  get size(): number {
    return this.passages.length;
  }

  /** In how many passages `term` occurs (0 when unknown). */
  df(term: string): number {
    return this.documentFrequency.get(term) ?? 0;
  }

  /** Inverse document frequency, BM25 style; unknown terms get the highest value. */
  idf(term: string): number {
    const n = this.passages.length;
    const df = this.df(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * Passages matching any term of any group, best first. Terms the corpus has
   * never seen are matched fuzzily, so a typo still finds its word.
   */
  find(groups: readonly TermGroup[], limit: number): IndexHit[] {
    const weights = new Map<string, number>();
    for (const group of groups) {
      weights.set(group.term, Math.max(weights.get(group.term) ?? 0, 1));
      for (const alt of group.alternatives) {
        if (this.df(alt.term) > 0) weights.set(alt.term, Math.max(weights.get(alt.term) ?? 0, alt.weight));
      }
    }
    if (weights.size === 0) return [];
    const query = [...weights.keys()].join(' ');
    const results = this.search.search(query, {
      combineWith: 'OR',
      boost: { text: 1, heading: 0.35 },
      boostTerm: (term) => weights.get(term) ?? 1,
      fuzzy: (term) => (this.df(term) === 0 && term.length >= 5 && !/\d/.test(term) ? 0.2 : false),
      // Stems of one word family can differ in their endings (advoc/advocaci): match on the stem as a prefix.
      prefix: (term) => term.length >= 5 && !/\d/.test(term),
      maxFuzzy: 2,
      weights: { fuzzy: 0.6, prefix: 0.5 },
    });
    return results.slice(0, limit).map((result) => ({
      passage: this.passages[result.id as number]!,
      score: result.score,
      matched: result.queryTerms,
    }));
  }
}
