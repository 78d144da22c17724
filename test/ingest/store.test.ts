import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/corpus/article.js';
import { loadCorpus } from '../../src/folder/read.js';
import { IngestError } from '../../src/ingest/errors.js';
import {
  appendAudit,
  AUDIT_FILE,
  readAudit,
  removeArticleFile,
  slugFileName,
  slugify,
  toCorpusFile,
  writeFileAtomic,
} from '../../src/ingest/store.js';
import { removeTempDirs, snapshot, tempCorpus, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const TEXT = 'The National Taxpayer Advocate told Congress that filings had fallen.\n\nAdvocate Gerald Fenwick said the drop could cost billions.';

describe('toCorpusFile', () => {
  it('writes only the known fields, title first, then the body', () => {
    const file = toCorpusFile({ title: 'Judge pauses transfers', outlet: 'The Example Ledger', author: undefined, published: '2025-07-14', text: TEXT });
    expect(file).toBe(`---\ntitle: Judge pauses transfers\noutlet: The Example Ledger\npublished: 2025-07-14\n---\n${TEXT}\n`);
  });

  it('quotes what YAML would misread, and parseArticle reads it back', () => {
    for (const title of ['Advocate: filings fell', '#1 story', '- dash first', "'quoted'", '"double"', 'yes', 'null', '123', '2025-07-14', '[not a list]', '{not: a map}', '*star', '&anchor', '!tag', '@at', '%pct', '---', 'a # comment?', 'Ünïcödé — “quotes”']) {
      const parsed = parseArticle('005-x.md', toCorpusFile({ title, url: 'https://example.com/a?b=1&c=2#d', text: TEXT }));
      expect(parsed.article.title).toBe(title);
      expect(parsed.article.url).toBe('https://example.com/a?b=1&c=2#d');
      expect(parsed.article.body).toBe(`${TEXT}\n`);
    }
  });

  it('round-trips any one-line metadata through parseArticle (property)', () => {
    const field = fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme' }).map((s) => s.replace(/\s+/g, ' ').trim()).filter((s) => s !== '');
    fc.assert(
      fc.property(field, fc.option(field, { nil: undefined }), fc.option(field, { nil: undefined }), (title, outlet, author) => {
        const parsed = parseArticle('005-x.md', toCorpusFile({ title, outlet, author, text: TEXT }));
        expect(parsed.article.title).toBe(title);
        expect(parsed.article.outlet).toBe(outlet);
        expect(parsed.article.author).toBe(author);
      }),
      { numRuns: 300 },
    );
  });

  it('puts a multi-line title on one line and refuses an empty one', () => {
    expect(parseArticle('a.md', toCorpusFile({ title: 'Two\nlines', text: TEXT })).article.title).toBe('Two lines');
    expect(() => toCorpusFile({ title: '  ', text: TEXT })).toThrow(IngestError);
  });
});

describe('slugFileName', () => {
  it('takes the next number and a short slug', () => {
    const ids = ['000-a', '001-b', '002-c', '003-d', '004-e'];
    expect(slugFileName('IRS to share data', ids)).toBe('005-irs-to-share-data.md');
  });

  it('keeps the slug short, ASCII and readable', () => {
    expect(slugify('Judge pauses IRS data transfers to ICE pending review')).toBe('judge-pauses-irs-data-transfers-to');
    expect(slugify('Ünïcödé café — “déjà vu”!')).toBe('unicode-cafe-deja-vu');
    expect(slugify("IRS's deal")).toBe('irss-deal');
    expect(slugify('???')).toBe('article');
    expect(slugify('a'.repeat(80))).toBe('a'.repeat(40));
  });

  it('numbers after the highest prefix, keeps the width, and starts at 000', () => {
    expect(slugFileName('x', [])).toBe('000-x.md');
    expect(slugFileName('x', ['plain-name', '007-y'])).toBe('008-x.md');
    expect(slugFileName('x', ['0099-y'])).toBe('0100-x.md');
    expect(slugFileName('x', ['999-y'])).toBe('1000-x.md');
  });

  it('never returns a taken id', () => {
    expect(slugFileName('x', ['-1-x', '000-x'])).toBe('001-x.md');
  });
});

describe('writeFileAtomic', () => {
  it('writes the content and leaves no temp file', async () => {
    const dir = await tempDir();
    await writeFileAtomic(join(dir, 'a.md'), 'one');
    await writeFileAtomic(join(dir, 'a.md'), 'two');
    expect(await readFile(join(dir, 'a.md'), 'utf8')).toBe('two');
    expect(await readdir(dir)).toEqual(['a.md']);
  });

  it('writes content given in parts one after another', async () => {
    const dir = await tempDir();
    const big = new Uint8Array(3 << 20).fill(7);
    await writeFileAtomic(join(dir, 'a.bin'), [new TextEncoder().encode('head:'), big.subarray(1), new Uint8Array(0), Uint8Array.of(9)]);
    const written = await readFile(join(dir, 'a.bin'));
    expect(written.byteLength).toBe(5 + big.byteLength);
    expect(written.subarray(0, 5).toString()).toBe('head:');
    expect(written.at(-1)).toBe(9);
    expect(written.subarray(5, -1).every((b) => b === 7)).toBe(true);
  });

  it('refuses to replace a file with overwrite false, and still leaves no temp file', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a.md'), 'original');
    await expect(writeFileAtomic(join(dir, 'a.md'), 'new', { overwrite: false })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(join(dir, 'a.md'), 'utf8')).toBe('original');
    expect(await readdir(dir)).toEqual(['a.md']);
  });

  it('leaves no temp file when the write fails', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'taken'));
    await expect(writeFileAtomic(join(dir, 'taken'), 'x')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['taken']);
  });

  it('is never seen half-written by a concurrent reader', async () => {
    const dir = await tempDir();
    const path = join(dir, 'a.md');
    const big = (c: string) => c.repeat(512 * 1024);
    await writeFileAtomic(path, big('a'));
    const seen = new Set<string>();
    const reading = (async () => {
      for (let i = 0; i < 30; i++) {
        const text = await readFile(path, 'utf8');
        seen.add(`${text[0]}${text.length}${text.at(-1)}`);
      }
    })();
    for (const c of 'bcdef') await writeFileAtomic(path, big(c));
    await reading;
    for (const s of seen) expect(s).toMatch(/^([a-f])524288\1$/);
  });
});

describe('appendAudit', () => {
  it('appends one JSON line per change', async () => {
    const dir = await tempDir();
    await appendAudit(dir, { who: 'mod', whoId: '123456789012345678', when: '2025-07-14T12:00:00.000Z', action: 'add', article: '005-x', title: 'X', from: 'https://example.com/x' });
    await appendAudit(dir, { who: 'mod2', whoId: '223456789012345678', action: 'remove', article: '005-x', title: 'X', from: '005-x.md' });
    const lines = (await readFile(join(dir, AUDIT_FILE), 'utf8')).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0]!)).toEqual({ who: 'mod', whoId: '123456789012345678', when: '2025-07-14T12:00:00.000Z', action: 'add', article: '005-x', title: 'X', from: 'https://example.com/x' });
    const entries = await readAudit(dir);
    expect(entries.map((e) => e.action)).toEqual(['add', 'remove']);
    expect(Number.isNaN(Date.parse(entries[1]!.when!))).toBe(false);
  });

  it('is not read as an article', async () => {
    const dir = await tempCorpus();
    await appendAudit(dir, { who: 'mod', whoId: '1', action: 'add', article: 'a', title: 'A' });
    const { problems, corpus } = await loadCorpus(dir);
    expect(problems).toEqual([]);
    expect(corpus.articles).toHaveLength(5);
  });
});

describe('removeArticleFile', () => {
  const ID = '002-irs-sending-private-tax-files';

  it('takes the file out of the corpus at once, and commit keeps a copy in .removed/', async () => {
    const dir = await tempCorpus();
    const before = await readFile(join(dir, `${ID}.md`));
    const removed = await removeArticleFile(dir, ID);
    expect(removed.file).toBe(`${ID}.md`);
    expect(removed.bytes.equals(before)).toBe(true);
    expect((await loadCorpus(dir)).corpus.articles.map((a) => a.id)).not.toContain(ID);
    await removed.commit();
    const kept = await readdir(join(dir, '.removed'));
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatch(new RegExp(`^\\d{4}-\\d{2}-\\d{2}T.*-${ID}\\.md$`));
    expect((await readdir(dir)).filter((n) => n.startsWith('.') && n !== '.removed')).toEqual([]);
  });

  it('restore puts the same bytes back under the same name', async () => {
    const dir = await tempCorpus();
    const before = await snapshot(dir);
    const removed = await removeArticleFile(dir, ID);
    await removed.restore();
    expect(await snapshot(dir)).toEqual(before);
    await expect(removed.commit()).rejects.toThrow(/already/);
  });

  it('refuses an unknown id with no-such-article', async () => {
    const dir = await tempCorpus();
    await expect(removeArticleFile(dir, 'nope')).rejects.toMatchObject({ code: 'no-such-article' });
    await expect(removeArticleFile(dir, '../corpus/000-irs-begins-sharing-taxpayer-data')).rejects.toMatchObject({ code: 'no-such-article' });
  });
});
