/**
 * No article exists without its audit entry: the entry is written before the
 * article file, and a process killed in between has it settled at the next start.
 */
import { readdir } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { CorpusEditor, type EditableStory, type Moderator } from '../../src/ingest/corpus-editor.js';
import { readAudit } from '../../src/ingest/store.js';
import type { LiveStory } from '../../src/runtime/live-story.js';
import { openTempStory, removeTempDirs, snapshot, tempCorpus } from './helpers.js';

const MOD: Moderator = { name: 'ada', id: '123456789012345678' };
const ARTICLE = `---\ntitle: Ferry service resumes to the island\n---\n${'The council voted on Tuesday to reopen the ferry service to the island after a long winter. '.repeat(4)}\n`;

afterAll(async () => {
  await removeTempDirs();
});

/** The story, except that its refresh never finishes: the process is "killed" during it. */
function stalled(story: LiveStory): { story: EditableStory; refreshing: Promise<void> } {
  let started!: () => void;
  const refreshing = new Promise<void>((resolve) => (started = resolve));
  const view: EditableStory = {
    dir: story.dir,
    get catalog() {
      return story.catalog;
    },
    passagesOf: (id) => story.passagesOf(id),
    findDuplicate: (candidate) => story.findDuplicate(candidate),
    refresh: () => {
      started();
      return new Promise(() => {});
    },
  };
  return { story: view, refreshing };
}

describe('an added article and its audit entry', () => {
  it('when the process dies after the file is written, the next start writes its entry', async () => {
    const dir = await tempCorpus();
    const live = await openTempStory(dir, { snapshot: false });
    const { story, refreshing } = stalled(live);
    void new CorpusEditor().add({ source: { fileName: 'ferry.md', content: ARTICLE }, by: MOD }, story);
    await refreshing;
    const added = (await readdir(dir)).filter((f) => f.includes('ferry-service'));
    expect(added).toEqual(['005-ferry-service-resumes-to-the-island.md']);

    // The next start, in a new process: a new editor over the same folder.
    expect(await new CorpusEditor().reconcile(dir)).toBe(1);
    expect(await readAudit(dir)).toEqual([
      { who: 'ada', whoId: MOD.id, when: expect.any(String), action: 'add', article: '005-ferry-service-resumes-to-the-island', title: 'Ferry service resumes to the island', from: 'ferry.md' },
    ]);
    // Settled once: a second start writes nothing more.
    expect(await new CorpusEditor().reconcile(dir)).toBe(0);
    expect((await readdir(dir)).filter((f) => f.startsWith('.audit.pending'))).toEqual([]);
  });

  it('an add that completes leaves exactly one entry and nothing pending', async () => {
    const dir = await tempCorpus();
    const story = await openTempStory(dir, { snapshot: false });
    await new CorpusEditor().add({ source: { fileName: 'ferry.md', content: ARTICLE }, by: MOD }, story);
    expect((await readAudit(dir)).map((e) => e.action)).toEqual(['add']);
    expect(Object.keys(await snapshot(dir)).filter((f) => f.startsWith('.audit.pending'))).toEqual([]);
    expect(await new CorpusEditor().reconcile(dir)).toBe(0);
    expect(await readAudit(dir)).toHaveLength(1);
  });
});
