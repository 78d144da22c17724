import { beforeAll, describe, expect, it } from 'vitest';
import type { Article, Corpus } from '../../src/corpus/types.js';
import { DuplicateIndex, normalizeText, normalizeUrl, stripTracking, type DuplicateCandidate } from '../../src/ingest/duplicates.js';
import { loadCorpus } from '../../src/folder/read.js';
import { REAL_CORPUS_DIR } from './helpers.js';

let corpus: Corpus;
let withUrl: Corpus;
beforeAll(async () => {
  corpus = (await loadCorpus(REAL_CORPUS_DIR)).corpus;
  const first = { ...corpus.articles[0]!, url: 'https://www.Example.com/news/irs-ice/?id=7&utm_source=x' } as Article;
  withUrl = { ...corpus, articles: [first, ...corpus.articles.slice(1)] };
});

describe('normalizeUrl', () => {
  it.each([
    ['https://example.com/a', 'example.com/a'],
    ['HTTPS://WWW.Example.COM/a/', 'example.com/a'],
    ['http://example.com/a#comments', 'example.com/a'],
    ['https://example.com/a?utm_source=tw&utm_medium=social&id=3', 'example.com/a?id=3'],
    ['https://example.com/a?b=2&a=1&fbclid=xyz', 'example.com/a?a=1&b=2'],
    ['https://example.com/', 'example.com'],
    ['https://example.com:8443/a', 'example.com:8443/a'],
    ['https://example.com:443/a', 'example.com/a'],
    ['ftp://example.com/a', undefined],
    ['not a url', undefined],
  ])('%s → %s', (url, key) => {
    expect(normalizeUrl(url)).toBe(key);
  });

  it('stripTracking keeps the link but drops tracking and the fragment', async () => {
    expect(stripTracking('https://Example.com/a/?utm_campaign=x&id=3#top')).toBe('https://example.com/a/?id=3');
  });
});

/** The duplicate of `candidate` among the articles, as the bot checks it. */
async function findMatch(known: { articles: Article[] }, candidate: DuplicateCandidate) {
  return (await DuplicateIndex.build(known.articles)).find(candidate);
}

async function findArticle(known: { articles: Article[] }, candidate: DuplicateCandidate) {
  return (await findMatch(known, candidate))?.article;
}

describe('DuplicateIndex', () => {
  it('finds the same link written differently', async () => {
    expect((await findArticle(withUrl, { url: 'http://example.com/news/irs-ice?id=7#x', text: 'whatever new text' }))?.id).toBe(corpus.articles[0]!.id);
    expect((await findMatch(withUrl, { urls: [undefined, 'https://example.com/news/irs-ice/?utm_medium=email&id=7'], text: '' }))?.reason).toBe('url');
  });

  it('does not match a different page on the same site', async () => {
    expect(await findArticle(withUrl, { url: 'https://example.com/news/irs-ice?id=8', text: 'whatever new text' })).toBeUndefined();
  });

  it('finds the same text under another name, ignoring case and spacing', async () => {
    const body = corpus.articles[3]!.body;
    const shouted = body.toUpperCase().replace(/\n/g, '\n\n  ');
    expect(normalizeText(shouted)).toBe(normalizeText(body));
    expect(await findMatch(corpus, { url: 'https://elsewhere.example.org/copy', text: shouted })).toMatchObject({ reason: 'text', article: { id: corpus.articles[3]!.id } });
  });

  it('finds nearly the same text (a few words changed)', async () => {
    const body = corpus.articles[2]!.body;
    const words = body.split(' ');
    // change one word in every 60: well over 90% of 5-word shingles survive
    const edited = words.map((w, i) => (i % 60 === 30 ? 'CHANGED' : w)).join(' ');
    expect((await findArticle(corpus, { text: edited }))?.id).toBe(corpus.articles[2]!.id);
  });

  it('finds an article whose whole text the candidate carries, with more of its own', async () => {
    const body = corpus.articles[2]!.body;
    const more = Array.from({ length: 300 }, (_, i) => `Reporter ${i} filed note number ${i * 7} from the harbour.`).join(' ');
    const longer = `${body}\n${more}`;
    expect(await findMatch(corpus, { text: longer })).toMatchObject({ reason: 'text', article: { id: corpus.articles[2]!.id } });
  });

  it('does not match an article that only shares some sentences', async () => {
    const a = corpus.articles[0]!.body.split('\n').slice(0, 2).join('\n');
    const b = corpus.articles[1]!.body.split('\n').slice(0, 3).join('\n');
    expect(await findArticle(corpus, { text: `${a}\n${b}` })).toBeUndefined();
  });

  it('does not match new text', async () => {
    expect(await findArticle(corpus, { text: 'Judge Eleanor Whitcombe ordered the IRS to pause every transfer of records to ICE for thirty days.' })).toBeUndefined();
    expect(await findArticle(corpus, { text: '' })).toBeUndefined();
  });
});

describe('DuplicateIndex.building', () => {
  /** Runs the steps, counting them. */
  function run(steps: Generator<unknown, DuplicateIndex>): { index: DuplicateIndex; steps: number } {
    let count = 0;
    for (;;) {
      const step = steps.next();
      if (step.done) return { index: step.value, steps: count };
      count++;
    }
  }

  it('works one article a step, so a large corpus never holds up the answers for long', () => {
    expect(run(DuplicateIndex.building(corpus.articles)).steps).toBe(corpus.articles.length);
  });

  it('after a refresh, works only on the articles that changed, and finds what a full build finds', () => {
    const before = run(DuplicateIndex.building(corpus.articles)).index;
    const changed = { ...corpus.articles[2]!, body: `${corpus.articles[2]!.body}\n\nA new paragraph was added to this article later.` } as Article;
    const after = [...corpus.articles.slice(0, 2), changed, ...corpus.articles.slice(3)];
    const rebuilt = run(DuplicateIndex.building(after, before));
    expect(rebuilt.steps).toBe(1);
    const full = DuplicateIndex.build(after);
    for (const candidate of [{ text: changed.body }, { text: corpus.articles[2]!.body }, { text: corpus.articles[4]!.body.toUpperCase() }, { text: 'nothing like any article' }]) {
      expect(rebuilt.index.find(candidate)?.article.id).toBe(full.find(candidate)?.article.id);
    }
    expect(rebuilt.index.find({ text: changed.body })?.article).toBe(changed);
  });
});
