/**
 * PassageIndex claims MiniSearch's scores and order: BM25+ with MiniSearch's
 * parameters, its prefix and fuzzy expansion, field and term boosts and its
 * quality multiplier. This compares it with MiniSearch.search itself, given the
 * same analysed passages and the same options, on generated corpora and queries.
 */
import fc from 'fast-check';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import type { Passage } from '../../src/corpus/types.js';
import type { Analyzer } from '../../src/search/analyze.js';
import { PassageIndex, type TermGroup } from '../../src/search/index.js';

/** Words that share prefixes and lie within an edit or two of each other, so prefix and fuzzy matches happen. */
const WORDS = [
  'tax', 'taxes', 'taxpay', 'taxpayer', 'record', 'records', 'recorded', 'agenc', 'agency', 'agencies', 'immigr', 'immigrant',
  'memor', 'memorandum', 'signed', 'signe', 'share', 'shared', 'sharing', 'court', 'judge', 'judges', '2025', '90', 'ice', 'irs',
];
/** Query-only words: typos of the words above, and words no passage has. */
const TYPOS = ['taxpayr', 'agancy', 'recrds', 'immigrnt', 'memorandm', 'shred', 'judgee', 'weather', 'parisx', '2024'];

/** Passages come analysed: their terms are their words, space-separated. */
const analyzer: Analyzer = { terms: (text) => (text === '' ? [] : text.split(' ')), acronyms: new Map() };
const TWEET_TERMS = ['tweet', 'twitter', 'post'];

const words = (max: number) => fc.array(fc.constantFrom(...WORDS), { maxLength: max }).map((w) => w.join(' '));
const passages = fc
  .array(fc.record({ text: words(30), heading: fc.option(words(4), { nil: undefined }), tweet: fc.boolean() }), { minLength: 1, maxLength: 40 })
  .map((docs) =>
    docs.map(({ text, heading, tweet }, i): Passage => ({
      id: `a#${i + 1}`,
      articleId: 'a',
      paragraph: i + 1,
      start: 0,
      end: text.length,
      text,
      kind: tweet ? 'tweet' : 'text',
      heading: heading || undefined,
    })),
  );
const groups = fc.uniqueArray(
  fc.record({ term: fc.constantFrom(...WORDS, ...TYPOS), weight: fc.constantFrom(1, 0.85, 0.5, 0.3) }).map((g): TermGroup => ({ ...g, alternatives: [] })),
  { minLength: 1, maxLength: 6, selector: (g) => g.term },
);

/** MiniSearch over the same passages, with the options PassageIndex stands for. */
function miniSearchOf(docs: readonly Passage[]) {
  const search = new MiniSearch<{ id: number; text: string; heading: string }>({
    fields: ['text', 'heading'],
    tokenize: (text) => (text === '' ? [] : text.split(' ')),
    processTerm: (term) => term,
  });
  search.addAll(
    docs.map((p, id) => ({
      id,
      text: p.text,
      heading: [...analyzer.terms(p.heading ?? ''), ...(p.kind === 'tweet' ? TWEET_TERMS : [])].join(' '),
    })),
  );
  const inText = (term: string) => docs.some((p) => analyzer.terms(p.text).includes(term));
  const expands = (term: string) => term.length >= 5 && !/\d/.test(term);
  return (query: readonly TermGroup[]) =>
    search.search(query.map((g) => g.term).join(' '), {
      boost: { heading: 0.35 },
      boostTerm: (term) => query.find((g) => g.term === term)!.weight,
      prefix: expands,
      fuzzy: (term) => (expands(term) && !inText(term) ? 0.2 : false),
      maxFuzzy: 2,
      weights: { fuzzy: 0.6, prefix: 0.5 },
      bm25: { k: 1.2, b: 0.7, d: 0.5 },
    });
}

describe('PassageIndex.find', () => {
  it('gives the same passages, scores and order as MiniSearch.search with the same options', async () => {
    await fc.assert(
      fc.asyncProperty(passages, groups, fc.integer({ min: 1, max: 50 }), async (docs, query, limit) => {
        const index = await PassageIndex.build(docs, analyzer);
        const ours = index.find(query, limit).map((hit) => ({ doc: hit.doc, score: hit.score }));
        const theirs = miniSearchOf(docs)(query)
          .slice(0, limit)
          .map((result) => ({ doc: result.id as number, score: result.score }));
        expect(ours).toEqual(theirs);
      }),
      { numRuns: 300 },
    );
  });
});
