import { describe, expect, it } from 'vitest';
import { Catalog, diffArticles, summarize, type ArticleSummary } from '../../src/corpus/catalog.js';
import { loadRealCorpus } from './helpers.js';
import { AnswerEngine } from '../../src/answer/engine.js';

const summary = (id: string, hash: string, passages = 2): ArticleSummary => ({ id, title: `Title of ${id}`, file: `${id}.md`, hash, passages });

describe('Catalog', () => {
  it('keeps every summary of the real corpus through its JSON lines, titles with quotes and newlines included', async () => {
    const { corpus } = await loadRealCorpus();
    const articles = summarize(await AnswerEngine.create(corpus));
    articles.push({ ...summary('odd', 'h'), title: 'A "quoted"\ntitle ☃', url: 'https://example.com/a?b=c' });
    const sent = Catalog.of(articles);
    const received = Catalog.from({ lines: sent.lines, size: sent.size, passages: sent.passages });
    expect(received.articles).toEqual(articles);
    expect(received.size).toBe(6);
    expect(received.passages).toBe(corpus.passages.length + 2);
    expect(received.article('odd')?.title).toBe('A "quoted"\ntitle ☃');
    expect(received.article('missing')).toBeUndefined();
    expect(received.ids()).toEqual(articles.map((a) => a.id));
    for (const article of articles) expect(received.article(article.id)).toEqual(article);
  });

  it('finds an article by its exact id only, whatever its characters and key order', () => {
    const tricky = ['a"b', 'a\\b', 'a', 'ab', 'a\nb', 'é'];
    const catalog = Catalog.of(tricky.map((id, i) => ({ title: `T${i}`, file: 'f.md', hash: 'h', passages: i, id })));
    expect(catalog.ids()).toEqual(tricky);
    tricky.forEach((id, i) => expect(catalog.article(id)?.title).toBe(`T${i}`));
    expect(catalog.article('b')).toBeUndefined();
    expect(catalog.article('"a"')).toBeUndefined();
  });

  it('is empty when made from no articles', () => {
    const empty = Catalog.of([]);
    expect(empty.articles).toEqual([]);
    expect(empty.ids()).toEqual([]);
    expect(empty.article('')).toBeUndefined();
    expect([empty.size, empty.passages]).toEqual([0, 0]);
  });
});

describe('diffArticles', () => {
  it('reports added, removed and changed articles by id and file hash', () => {
    const before = Catalog.of([summary('a', '1'), summary('b', '2'), summary('c', '3', 4)]);
    const after = Catalog.of([summary('a', '1'), summary('b', '2x', 5), summary('d', '4')]);
    expect(diffArticles(before.articles, after.articles)).toEqual({
      added: [{ id: 'd', title: 'Title of d', passages: 2 }],
      removed: [{ id: 'c', title: 'Title of c', passages: 4 }],
      changed: [{ id: 'b', title: 'Title of b', passages: 5 }],
    });
    expect(diffArticles(after.articles, after.articles)).toEqual({ added: [], removed: [], changed: [] });
  });
});
