import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedCorpus } from '../../src/corpus/article.js';
import { CorpusError, loadCorpus } from '../../src/folder/read.js';
import { FIXTURE_CORPORA, loadRealCorpus, REAL_IDS } from './helpers.js';

const MIXED = join(FIXTURE_CORPORA, 'mixed');

describe('loadCorpus', () => {
  describe('when reading the real corpus', () => {
    let loaded: LoadedCorpus;
    beforeAll(async () => {
      loaded = await loadRealCorpus();
    });

    it('loads all five articles without a single problem', () => {
      expect(loaded.problems).toEqual([]);
      expect(loaded.corpus.articles).toHaveLength(5);
    });

    it('names each article by its file name without the extension, in file-name order', () => {
      expect(loaded.corpus.articles.map((a) => a.id)).toEqual([...REAL_IDS]);
      expect(loaded.corpus.articles.map((a) => a.file)).toEqual(REAL_IDS.map((id) => `${id}.md`));
    });

    it('takes each title from the front matter', () => {
      expect(loaded.corpus.articles.map((a) => a.title)).toEqual([
        'IRS begins sharing taxpayer information with ICE',
        'IRS and ICE memorandum of understanding raises privacy concerns',
        'IRS sending private tax files to immigration officers',
        'IRS to share taxpayer information about undocumented immigrants with homeland security',
        'IRS and DHS finalize information-sharing agreement; acting commissioner resigns',
      ]);
    });

    it('invents no outlet, author, url or date that the front matter does not give', () => {
      for (const article of loaded.corpus.articles) {
        expect({ id: article.id, outlet: article.outlet, author: article.author, url: article.url, published: article.published }).toEqual({
          id: article.id,
          outlet: undefined,
          author: undefined,
          url: undefined,
          published: undefined,
        });
      }
    });

    it('keeps the front matter out of the article text', () => {
      for (const article of loaded.corpus.articles) {
        expect(article.body.startsWith('---')).toBe(false);
        expect(article.body).not.toContain('Source file: shared/seeds/');
      }
      expect(loaded.corpus.articles[0]!.body.startsWith('The Internal Revenue Service (IRS) has initiated')).toBe(true);
    });

    it('gives every article at least one passage, each tagged with its article id', () => {
      const ids = new Set(loaded.corpus.passages.map((p) => p.articleId));
      expect([...ids]).toEqual([...REAL_IDS]);
      for (const passage of loaded.corpus.passages) expect(passage.id.startsWith(`${passage.articleId}#`)).toBe(true);
    });
  });

  describe('when a folder mixes good, plain and broken files', () => {
    let loaded: LoadedCorpus;
    beforeAll(async () => {
      loaded = await loadCorpus(MIXED);
    });

    it('still loads every good file', () => {
      expect(loaded.corpus.articles.map((a) => a.id)).toEqual(['012-council-meeting-notes', 'a', 'ferry-service-resumes', 'good']);
    });

    it('takes every metadata field from the front matter when it is given', () => {
      const good = loaded.corpus.articles.find((a) => a.id === 'good');
      expect(good).toMatchObject({
        title: 'City council approves river bridge budget',
        outlet: 'Riverside Gazette',
        author: 'Dana Whitfield',
        url: 'https://example.com/news/bridge-budget',
        published: '2025-04-08',
        file: 'good.md',
      });
    });

    it('titles a plain .txt file by its first line when that reads as a headline', () => {
      const ferry = loaded.corpus.articles.find((a) => a.id === 'ferry-service-resumes');
      expect(ferry?.title).toBe('Ferry service resumes after winter break');
      expect(ferry?.outlet).toBeUndefined();
      expect(ferry?.published).toBeUndefined();
    });

    it('titles a plain .txt file by its file name when its first line is a sentence', () => {
      const notes = loaded.corpus.articles.find((a) => a.id === '012-council-meeting-notes');
      expect(notes?.title).toBe('Council meeting notes');
    });

    it('reports each broken file once, naming the file and what is wrong with it', () => {
      expect(loaded.problems).toEqual([
        { file: 'a.txt', problem: 'duplicate article id "a" (also a.md)' },
        { file: 'bad-date.md', problem: 'front matter: published: not a date (want YYYY-MM-DD): 2025-13-45' },
        { file: 'broken-yaml.md', problem: 'front matter is not valid YAML: Missing closing "quote at line 2, column 26:' },
        { file: 'empty-body.md', problem: 'the article has no text' },
        { file: 'unknown-key.md', problem: 'front matter: Unrecognized key: "outlett"' },
      ]);
    });

    it('keeps the first of two files with the same id and refuses the second', () => {
      const a = loaded.corpus.articles.find((article) => article.id === 'a');
      expect(a?.file).toBe('a.md');
      expect(a?.title).toBe('First article named a');
    });

    it('never quotes a passage from a file it reported as a problem', () => {
      const articleIds = new Set(loaded.corpus.articles.map((a) => a.id));
      for (const passage of loaded.corpus.passages) expect(articleIds.has(passage.articleId)).toBe(true);
      expect(loaded.corpus.passages.some((p) => p.text.includes('same id as a.md'))).toBe(false);
    });

    it('ignores hidden files and README.md entirely', () => {
      const files = [...loaded.corpus.articles.map((a) => a.file), ...loaded.problems.map((p) => p.file)];
      expect(files).not.toContain('.hidden-draft.md');
      expect(files).not.toContain('README.md');
      expect(loaded.corpus.passages.some((p) => /hidden draft|README/.test(p.text))).toBe(false);
    });
  });

  describe('when the folder does not exist', () => {
    it('throws a CorpusError whose message starts with "corpus: cannot read"', async () => {
      const dir = join(FIXTURE_CORPORA, 'no-such-folder');
      let error: unknown;
      try {
        loadCorpus(dir);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CorpusError);
      expect((error as CorpusError).message).toBe(`corpus: cannot read ${dir}: no such folder`);
      expect((error as CorpusError).message.startsWith('corpus: cannot read')).toBe(true);
    });
  });
});
