import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorpusEditor, suggestArticles, type EditProgress, type Moderator } from '../../src/ingest/corpus-editor.js';
import { IngestError } from '../../src/ingest/errors.js';
import { readAudit } from '../../src/ingest/store.js';
import { ingestFailure as failure, openTempStory, removeTempDirs, snapshot, tempCorpus } from './helpers.js';
import { AUDIT_PATH, JUDGE_PATH, page, startNewsSite, type NewsSite } from './server.js';

const MOD: Moderator = { name: 'ada', id: '123456789012345678' };
const OTHER: Moderator = { name: 'grace', id: '223456789012345678' };
const JUDGE_QUESTION = 'What did Eleanor Whitcombe order?';
const AUDIT_QUESTION = 'How many records will Priya Natarajan examine?';

let site: NewsSite;
beforeAll(async () => {
  site = await startNewsSite();
});
afterAll(async () => {
  await site.close();
  await removeTempDirs();
});

/** A story over a fresh copy of corpus/, and an editor that may fetch the local site. */
async function setup() {
  const dir = await tempCorpus();
  const story = await openTempStory(dir);
  const editor = new CorpusEditor({ fetch: { allowPrivate: true } });
  return { dir, story, editor };
}

describe('CorpusEditor', () => {
  describe('add from a link', () => {
    it('writes the article, refreshes, and the engine answers from it', async () => {
      const { dir, story, editor } = await setup();
      expect((await story.ask(JUDGE_QUESTION)).answer).toBeNull();
      const progress: EditProgress['stage'][] = [];
      const result = await editor.add({ source: { url: site.url(JUDGE_PATH) }, by: MOD }, story, (p) => progress.push(p.stage));

      expect(result.file).toBe('005-judge-pauses-irs-data-transfers-to.md');
      expect(result.article).toMatchObject({
        id: '005-judge-pauses-irs-data-transfers-to',
        title: 'Judge pauses IRS data transfers to ICE pending review',
        outlet: 'The Example Ledger',
        author: 'Maria Okafor',
        published: '2025-07-14',
        url: site.url(JUDGE_PATH),
      });
      expect(result.passages).toBeGreaterThanOrEqual(5);
      expect(result.firstPassage.text).toMatch(/^A federal judge on Monday ordered/);
      expect(result.report.added).toEqual([{ id: result.article.id, title: result.article.title, passages: result.passages }]);
      expect(result.report.articles).toBe(6);
      expect(result.warnings).toEqual([]);
      expect(progress).toEqual(expect.arrayContaining(['fetching', 'extracting', 'writing', 'indexing']));

      const answer = await story.ask(JUDGE_QUESTION);
      expect(answer.passages[0]?.source.id).toBe(result.article.id);
      expect(answer.answer).toMatch(/Whitcombe|judge/i);

      const file = await readFile(join(dir, result.file), 'utf8');
      expect(file.startsWith('---\ntitle: Judge pauses IRS data transfers to ICE pending review\noutlet: The Example Ledger\nauthor: Maria Okafor\n')).toBe(true);
      expect(file).not.toContain('SuperWidget');
      expect(story.status().refreshedBy).toBe('ada (123456789012345678)');

      const audit = await readAudit(dir);
      expect(audit).toEqual([
        { who: 'ada', whoId: MOD.id, when: expect.any(String), action: 'add', article: result.article.id, title: result.article.title, from: site.url(JUDGE_PATH) },
      ]);
      const names = Object.keys(await snapshot(dir)).filter((n) => n.startsWith('.'));
      expect(names).toEqual(['.audit.jsonl']);
    });

    it('adds a text/plain page, with its first line as the title', async () => {
      const { story, editor } = await setup();
      const result = await editor.add({ source: { url: site.url('/reports/advocate.txt') }, by: MOD }, story);
      expect(result.article.title).toBe('Taxpayer advocate warns data sharing deters filing');
      expect((await story.ask('Who is Gerald Fenwick?')).passages[0]?.source.id).toBe(result.article.id);
    });

    it('refuses the same link again (tracking parameters and fragment aside) before fetching', async () => {
      const { story, editor } = await setup();
      await editor.add({ source: { url: site.url(JUDGE_PATH) }, by: MOD }, story);
      site.hits.clear();
      const error = await failure(editor.add({ source: { url: `${site.url(JUDGE_PATH)}/?utm_source=newsletter#top` }, by: OTHER }, story));
      expect(error.code).toBe('duplicate');
      expect(error.message).toContain('the same link');
      expect(error.existing?.id).toBe('005-judge-pauses-irs-data-transfers-to');
      expect(site.hits.size).toBe(0);
    });

    it('refuses the same text at another address', async () => {
      const { dir, story, editor } = await setup();
      await editor.add({ source: { url: site.url(JUDGE_PATH) }, by: MOD }, story);
      const before = await snapshot(dir);
      const error = await failure(editor.add({ source: { url: site.url('/mirror/judge-story') }, by: OTHER }, story));
      expect(error.code).toBe('duplicate');
      expect(error.message).toContain('the same text');
      expect(await snapshot(dir)).toEqual(before);
    });

    it('passes fetch and extraction failures through and changes nothing', async () => {
      const { dir, story, editor } = await setup();
      const before = await snapshot(dir);
      expect((await failure(editor.add({ source: { url: site.url('/missing') }, by: MOD }, story))).code).toBe('http-status');
      expect((await failure(editor.add({ source: { url: site.url('/') }, by: MOD }, story))).code).toBe('not-article');
      expect((await failure(editor.add({ source: { url: site.url('/news/short') }, by: MOD }, story))).code).toBe('no-text');
      expect((await failure(new CorpusEditor().add({ source: { url: site.url(JUDGE_PATH) }, by: MOD }, story))).code).toBe('blocked-address');
      expect(await snapshot(dir)).toEqual(before);
      expect(story.catalog.articles).toHaveLength(5);
    });
  });

  describe('add from an attachment', () => {
    it('adds a .txt file', async () => {
      const { story, editor } = await setup();
      const result = await editor.add({ source: { fileName: 'advocate.txt', content: Buffer.from(page('taxpayer-advocate-report.txt')) }, by: MOD }, story);
      expect(result.file).toBe('005-taxpayer-advocate-warns-data-sharing.md');
      expect(result.article.url).toBeUndefined();
      const audit = await readAudit(story.dir);
      expect(audit[0]?.from).toBe('advocate.txt');
    });

    it('adds a saved .html page with its metadata', async () => {
      const { story, editor } = await setup();
      const result = await editor.add({ source: { fileName: 'watchdog.html', content: page('inspector-general-audit.html') }, by: MOD }, story);
      expect(result.article).toMatchObject({ author: 'Tom Reyes', outlet: 'Daily Example', published: '2025-08-02' });
    });

    it('refuses an attachment over the size limit', async () => {
      const { story } = await setup();
      const editor = new CorpusEditor({ maxFileBytes: 1000 });
      expect((await failure(editor.add({ source: { fileName: 'a.txt', content: 'x'.repeat(1001) }, by: MOD }, story))).code).toBe('too-large');
    });
  });

  describe('when two adds come at once', () => {
    it('lands both, one after the other, with distinct numbers', async () => {
      const { dir, story, editor } = await setup();
      const [a, b] = await Promise.all([
        editor.add({ source: { url: site.url(JUDGE_PATH) }, by: MOD }, story),
        editor.add({ source: { url: site.url(AUDIT_PATH) }, by: OTHER }, story),
      ]);
      expect(new Set([a.file, b.file]).size).toBe(2);
      expect([a.file, b.file].map((f) => f.slice(0, 4)).sort()).toEqual(['005-', '006-']);
      expect(story.catalog.articles).toHaveLength(7);
      expect((await story.ask(JUDGE_QUESTION)).passages[0]?.source.id).toBe(a.article.id);
      expect((await story.ask(AUDIT_QUESTION)).passages[0]?.source.id).toBe(b.article.id);
      expect((await readAudit(dir)).map((e) => e.who).sort()).toEqual(['ada', 'grace']);
    });

    it('refuses the second of two adds of the same page at once as a duplicate', async () => {
      const { story, editor } = await setup();
      const results = await Promise.allSettled([
        editor.add({ source: { url: site.url(JUDGE_PATH) }, by: MOD }, story),
        editor.add({ source: { url: site.url('/moved') }, by: OTHER }, story),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect((rejected.reason as IngestError).code).toBe('duplicate');
      expect(story.catalog.articles).toHaveLength(6);
    });

    it('queues a plain refresh behind a change under way', async () => {
      const { story, editor } = await setup();
      let refreshing: Promise<unknown> | undefined;
      const added = await editor.add({ source: { url: site.url(JUDGE_PATH) }, by: MOD }, story, (p) => {
        // The add holds the queue once it writes; a refresh asked for now must wait for it.
        if (p.stage === 'writing') refreshing = editor.refresh(OTHER, story);
      });
      expect(added.report.added).toHaveLength(1);
      const report = (await refreshing) as Awaited<ReturnType<CorpusEditor['refresh']>>;
      expect(report.articles).toBe(6);
      expect(report.added).toEqual([]);
      expect(story.status().refreshedBy).toBe('grace (223456789012345678)');
    });
  });

  describe('when the refresh is refused (the folder holds a broken file)', () => {
    it('undoes an add: files and live index stay exactly as they were', async () => {
      const { dir, story, editor } = await setup();
      await writeFile(join(dir, 'zz-broken.md'), '---\ntitle: Broken\npublished: not a date\n---\nSome text here.\n');
      const before = await snapshot(dir);
      const catalog = story.catalog;
      const error = await failure(editor.add({ source: { url: site.url(JUDGE_PATH) }, by: MOD }, story));
      expect(error.code).toBe('refresh-refused');
      expect(error.message).toMatch(/^ingest: the article was not added; refresh refused/);
      expect(error.message).toContain('zz-broken.md');
      expect(await snapshot(dir)).toEqual(before);
      expect(story.catalog).toBe(catalog);
      expect((await story.ask(JUDGE_QUESTION)).answer).toBeNull();
      expect(await readAudit(dir)).toEqual([]);
    });

    it('undoes a removal: the same bytes come back and the article still answers', async () => {
      const { dir, story, editor } = await setup();
      await writeFile(join(dir, 'zz-broken.md'), '---\ntitle: Broken\nsubtitle: unknown\n---\nSome text here.\n');
      const before = await snapshot(dir);
      const error = await failure(editor.remove({ id: '003-irs-to-share-taxpayer-information-with-dhs', by: MOD }, story));
      expect(error.code).toBe('refresh-refused');
      expect(error.message).toMatch(/^ingest: the article was not removed; /);
      expect(await snapshot(dir)).toEqual(before);
      expect(story.catalog.article('003-irs-to-share-taxpayer-information-with-dhs')).toBeDefined();
    });

    it('keeps working after a refused change', async () => {
      const { dir, story, editor } = await setup();
      await writeFile(join(dir, 'zz-broken.md'), '---\ntitle: [unclosed\n---\ntext\n');
      await failure(editor.add({ source: { url: site.url(JUDGE_PATH) }, by: MOD }, story));
      await writeFile(join(dir, 'zz-broken.md'), '---\ntitle: Fixed\n---\nThe file is fixed now and has a sentence of text.\n');
      const result = await editor.add({ source: { url: site.url(JUDGE_PATH) }, by: MOD }, story);
      expect(result.report.added.map((a) => a.id)).toEqual(expect.arrayContaining([result.article.id]));
    });
  });

  describe('remove', () => {
    const ID = '003-irs-to-share-taxpayer-information-with-dhs';

    it('previews, removes, and the article is gone from the folder and the index', async () => {
      const { dir, story, editor } = await setup();
      const preview = await editor.preview(ID, story);
      expect(preview).toMatchObject({ id: ID, title: 'IRS to share taxpayer information about undocumented immigrants with homeland security' });
      expect(preview.passages).toBeGreaterThan(0);
      expect(preview.firstPassage).toBeTypeOf('string');

      const result = await editor.remove({ id: ID, by: MOD }, story);
      expect(result.article.id).toBe(ID);
      expect(result.passages).toBe(preview.passages);
      expect(result.report.removed).toEqual([{ id: ID, title: preview.title, passages: preview.passages }]);
      expect(story.catalog.article(ID)).toBeUndefined();
      expect(story.catalog.articles).toHaveLength(4);
      const files = Object.keys(await snapshot(dir));
      expect(files).not.toContain(`${ID}.md`);
      expect(files.filter((f) => f.startsWith('.removed/'))).toHaveLength(1);
      expect(await readAudit(dir)).toEqual([
        { who: 'ada', whoId: MOD.id, when: expect.any(String), action: 'remove', article: ID, title: preview.title, from: `${ID}.md` },
      ]);
      await expect(editor.preview(ID, story)).rejects.toThrow(IngestError);
    });

    it('removes an article that was just added', async () => {
      const { story, editor } = await setup();
      const added = await editor.add({ source: { url: site.url(JUDGE_PATH) }, by: MOD }, story);
      const removed = await editor.remove({ id: added.article.id, by: OTHER }, story);
      expect(removed.report.removed.map((r) => r.id)).toEqual([added.article.id]);
      expect((await story.ask(JUDGE_QUESTION)).answer).toBeNull();
      expect((await readAudit(story.dir)).map((e) => e.action)).toEqual(['add', 'remove']);
    });

    it('refuses an unknown id and the last article', async () => {
      const { story, editor } = await setup();
      expect((await failure(editor.remove({ id: 'nope', by: MOD }, story))).code).toBe('no-such-article');
      for (const a of story.catalog.articles.slice(1).map((x) => x.id)) await editor.remove({ id: a, by: MOD }, story);
      const last = story.catalog.articles[0]!.id;
      expect((await failure(editor.remove({ id: last, by: MOD }, story))).code).toBe('last-article');
      expect(story.catalog.articles).toHaveLength(1);
    });
  });

  it('suggests articles by id or title for autocomplete', async () => {
    const { story } = await setup();
    expect(suggestArticles(story, 'commissioner').map((a) => a.id)).toEqual(['004-irs-dhs-historic-agreement-commissioner-resigns']);
    expect(suggestArticles(story, '00').length).toBe(5);
    expect(suggestArticles(story, '', 2)).toHaveLength(2);
    expect(suggestArticles(story, 'zzz')).toEqual([]);
  });
});
