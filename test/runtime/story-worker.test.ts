import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildStory, RefreshError } from '../../src/folder/build.js';
import { CorpusError } from '../../src/folder/read.js';
import { StoryWorker, type Started } from '../../src/runtime/story-worker.js';
import { summarize } from '../../src/corpus/catalog.js';
import { openStory, snapshotPath } from '../../src/folder/open.js';
import { snapshotFingerprint } from '../../src/folder/snapshot.js';
import { crash, QUESTIONS, REAL_IDS, useCorpusCopy } from '../core/helpers.js';

type Ready = Exclude<Started, { unchanged: true }> & { story: StoryWorker };

/** A started worker, as the tests name it: `story`. */
function ready(started: Started): Ready {
  if ('unchanged' in started) throw new Error('test: the worker found the folder unchanged');
  return { ...started, story: started.worker };
}

async function using<T>(starting: Promise<Started>, use: (started: Ready) => Promise<T>): Promise<T> {
  const started = ready(await starting);
  try {
    return await use(started);
  } finally {
    await started.story.close();
  }
}

const ask = (story: StoryWorker, question: string, options = {}) => story.request('ask', { question, options });
const passagesOf = (story: StoryWorker, articleId: string) => story.request('passages', { articleId });

describe('StoryWorker', () => {
  const copy = useCorpusCopy();

  it('builds in a worker and answers exactly as a story built in this thread, with its catalog, progress and snapshot', async () => {
    const progress: number[] = [];
    const local = await buildStory(copy.dir);
    await using(StoryWorker.start(copy.dir, { mode: 'build', onProgress: (p) => progress.push(p.done / p.total) }), async ({ story, unsaved, from }) => {
      expect(from).toBe('build');
      expect(story.catalog.articles).toEqual(summarize(local.engine));
      expect(story.catalog.passages).toBe(local.engine.corpus.passages.length);
      expect(story.suggester.questions).toEqual(local.suggester.questions);
      for (const question of QUESTIONS) expect(await ask(story, question, { top: 5 })).toEqual(local.engine.ask(question, { top: 5 }));
      expect(await passagesOf(story, REAL_IDS[2])).toEqual(local.engine.passagesOf(REAL_IDS[2]));
      expect(await passagesOf(story, 'no-such-article')).toEqual([]);
      expect(progress.at(-1)).toBe(1);
      // The snapshot waits in the host until asked for.
      expect(unsaved).toBe(true);
      await expect(readFile(snapshotPath(copy.dir))).rejects.toThrow(/ENOENT/);
      expect(await story.saveSnapshot()).toBeUndefined();
      expect(snapshotFingerprint(await readFile(snapshotPath(copy.dir)))).toBe(local.fingerprint);
    });
  });

  it('finds duplicates by text, named by their catalog entry', async () => {
    const local = await buildStory(copy.dir);
    const body = local.engine.article(REAL_IDS[1])!.body;
    await using(StoryWorker.start(copy.dir, { mode: 'build' }), async ({ story }) => {
      expect(await story.findDuplicate({ text: `  ${body.toUpperCase()} ` })).toEqual({ article: story.catalog.article(REAL_IDS[1]), reason: 'text' });
      expect(await story.findDuplicate({ text: 'A lighthouse keeper was hired.' })).toBeUndefined();
    });
  });

  it('refreshes in place: reports what changed, and answers as a story built from the folder as it is now', async () => {
    await using(StoryWorker.start(copy.dir, { mode: 'build', snapshot: false }), async ({ story }) => {
      const before = story.catalog;
      await rm(join(copy.dir, `${REAL_IDS[0]}.md`));
      await writeFile(join(copy.dir, '005-new.md'), 'The lighthouse keeper Orla Fenwick was hired by the IRS.\n');
      const progress: number[] = [];
      const refreshed = await story.refresh((p) => progress.push(p.done / p.total));
      expect(refreshed).toEqual({
        changes: {
          added: [{ id: '005-new', title: expect.any(String), passages: 1 }],
          removed: [{ id: REAL_IDS[0], title: before.article(REAL_IDS[0])!.title, passages: before.article(REAL_IDS[0])!.passages }],
          changed: [],
        },
        unsaved: false,
      });
      expect(progress.at(-1)).toBe(1);
      expect(story.catalog.ids()).toEqual([...REAL_IDS.slice(1), '005-new']);
      const fresh = buildStory(copy.dir);
      expect(story.fingerprint).toBe(fresh.fingerprint);
      for (const question of [...QUESTIONS.slice(0, 6), 'who was hired as lighthouse keeper']) {
        expect(await ask(story, question), question).toEqual(fresh.engine.ask(question));
      }
      // A folder as it was last read: nothing to build.
      expect(await story.refresh()).toEqual({ unchanged: true });
    });
  });

  it('refuses a refresh with an unusable file and keeps answering from the story it has', async () => {
    await using(StoryWorker.start(copy.dir, { mode: 'build', snapshot: false }), async ({ story }) => {
      const answer = await ask(story, 'Who signed the memo?');
      await writeFile(join(copy.dir, '009-empty.md'), '');
      await expect(story.refresh()).rejects.toThrow(RefreshError);
      expect(await ask(story, 'Who signed the memo?')).toEqual(answer);
      expect(story.catalog.size).toBe(REAL_IDS.length);
    });
  });

  it('opens from the snapshot it finds, and says why when it cannot', async () => {
    await openStory(copy.dir); // saves the snapshot
    await using(StoryWorker.start(copy.dir, { mode: 'open' }), async ({ from, unsaved }) => {
      expect(from).toBe('snapshot');
      expect(unsaved).toBe(false);
    });
    await writeFile(join(copy.dir, '005-new.md'), 'The lighthouse keeper Orla Fenwick was hired by the IRS.\n');
    const notes: string[] = [];
    await using(StoryWorker.start(copy.dir, { mode: 'open', onSnapshotNote: (n) => notes.push(n) }), async ({ story, from }) => {
      expect(from).toBe('build');
      expect(notes.join('\n')).toMatch(/changed since the index was saved/);
      expect((await ask(story, 'Who is the lighthouse keeper?')).answer).toContain('Orla Fenwick');
    });
  });

  it('leaves an unusable file out when opening, and reports it', async () => {
    await writeFile(join(copy.dir, 'broken.md'), '---\ntitle: [\n---\nbody\n');
    await using(StoryWorker.start(copy.dir, { mode: 'open', snapshot: false }), async ({ story, problems }) => {
      expect(problems.map((p) => p.file)).toEqual(['broken.md']);
      expect(story.catalog.articles).toHaveLength(5);
    });
  });

  it('refuses a corpus with an unusable file when strict, naming the file', async () => {
    await writeFile(join(copy.dir, 'broken.md'), '---\ntitle: [\n---\nbody\n');
    const error = await StoryWorker.start(copy.dir, { mode: 'build', strict: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefreshError);
    expect((error as Error).message).toMatch(/^refresh refused, the current corpus keeps serving:\n• broken\.md: /);
  });

  it('reports a missing folder as a CorpusError', async () => {
    await expect(StoryWorker.start(join(copy.dir, 'nope'), { mode: 'build' })).rejects.toThrow(CorpusError);
  });

  it('stops when aborted while building', async () => {
    const controller = new AbortController();
    const start = StoryWorker.start(copy.dir, { mode: 'build', signal: controller.signal });
    controller.abort();
    await expect(start).rejects.toThrow('story: aborted');
  });

  it('answers the questions already asked before it closes, and refuses later ones', async () => {
    const { story } = ready(await StoryWorker.start(copy.dir, { mode: 'build', snapshot: false }));
    const asked = Array.from({ length: 20 }, () => ask(story, 'Who signed the memo?'));
    const closed = story.close();
    await expect(ask(story, 'Who signed the memo?')).rejects.toThrow(/^story: this story was replaced/);
    for (const answer of await Promise.all(asked)) expect(answer.answer).toContain('Bessent');
    await closed;
  });

  it('fails the requests under way and reports the loss when its worker dies', async () => {
    const lost: Error[] = [];
    const { story } = ready(await StoryWorker.start(copy.dir, { mode: 'build', snapshot: false, onLost: (e) => lost.push(e) }));
    // Many questions, so that some are still unanswered when the worker goes.
    const asked = Array.from({ length: 200 }, () => ask(story, 'Who signed the memo?'));
    await crash(story);
    const outcomes = await Promise.allSettled(asked);
    const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(failed.length).toBeGreaterThan(0);
    for (const { reason } of failed) expect((reason as Error).message).toMatch(/^story: the story host stopped/);
    await expect(ask(story, 'Who signed the memo?')).rejects.toThrow(/^story: the story host stopped/);
    expect(lost).toHaveLength(1);
    await story.close();
  });
});
