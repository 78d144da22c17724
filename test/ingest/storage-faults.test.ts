/**
 * When the corpus folder cannot be written (full disk, no permission) or is gone,
 * a moderator's change fails with a message that says so in words, and nothing
 * in the folder changes. The disk faults are injected at `open`, where
 * writeFileAtomic and the audit log meet the file system.
 */
import { rm } from 'node:fs/promises';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CorpusEditor, type Moderator } from '../../src/ingest/corpus-editor.js';
import { ingestFailure as failure, openTempStory, removeTempDirs, snapshot, tempCorpus } from './helpers.js';

const fault = vi.hoisted(() => ({ code: undefined as string | undefined, dir: '' }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof real.open = async (path, flags, mode) => {
    const writing = typeof flags === 'string' && /[wa]/.test(flags);
    if (fault.code && writing && String(path).startsWith(fault.dir)) {
      throw Object.assign(new Error(`${fault.code}: injected, open '${String(path)}'`), { code: fault.code, path: String(path) });
    }
    return real.open(path, flags, mode);
  };
  return { ...real, default: { ...real, open }, open };
});

const MOD: Moderator = { name: 'ada', id: '123456789012345678' };
const ARTICLE = `---\ntitle: Ferry service resumes to the island\n---\n${'The council voted on Tuesday to reopen the ferry service to the island after a long winter. '.repeat(4)}\n`;

afterEach(() => {
  fault.code = undefined;
});
afterAll(async () => {
  await removeTempDirs();
});

async function setup() {
  const dir = await tempCorpus();
  const story = await openTempStory(dir, { snapshot: false });
  return { dir, story, editor: new CorpusEditor() };
}

describe('CorpusEditor.add', () => {
  describe.each([
    ['ENOSPC', /the disk is full/],
    ['EDQUOT', /the disk is full/],
    ['EACCES', /storydesk may not write to the corpus folder/],
    ['EROFS', /storydesk may not write to the corpus folder/],
  ])('when writing fails with %s', (code, words) => {
    it('says why in words, without the path or errno text, and changes nothing', async () => {
      const { dir, story, editor } = await setup();
      const before = await snapshot(dir);
      Object.assign(fault, { code, dir });
      const error = await failure(editor.add({ source: { fileName: 'ferry.md', content: ARTICLE }, by: MOD }, story));
      expect(error.code).toBe('storage');
      expect(error.message).toMatch(words);
      expect(error.message).not.toContain(dir);
      expect(error.message).not.toContain(code);
      fault.code = undefined;
      expect(await snapshot(dir)).toEqual(before);
      expect(story.catalog.size).toBe(5);
    });
  });

  describe('when the corpus folder is gone', () => {
    it('says the corpus folder is gone', async () => {
      const { dir, story, editor } = await setup();
      await rm(dir, { recursive: true, force: true });
      const error = await failure(editor.add({ source: { fileName: 'ferry.md', content: ARTICLE }, by: MOD }, story));
      expect(error.message).toMatch(/the corpus folder is gone/);
      expect(error.message).not.toContain(dir);
      expect(story.catalog.size).toBe(5);
    });
  });
});

describe('CorpusEditor.refresh', () => {
  it('says the corpus folder is gone, and the current corpus keeps answering', async () => {
    const { dir, story, editor } = await setup();
    await rm(dir, { recursive: true, force: true });
    const error = await failure(editor.refresh(MOD, story));
    expect(error.message).toMatch(/the corpus folder is gone/);
    expect(error.message).not.toContain(dir);
    expect((await story.ask('Who signed the memorandum of understanding?')).answer).not.toBeNull();
  });
});

describe('CorpusEditor.remove', () => {
  it('says the corpus folder is gone', async () => {
    const { dir, story, editor } = await setup();
    await rm(dir, { recursive: true, force: true });
    const error = await failure(editor.remove({ id: story.catalog.articles[0]!.id, by: MOD }, story));
    expect(error.message).toMatch(/the corpus folder is gone/);
  });
});
