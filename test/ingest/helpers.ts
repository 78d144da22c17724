/** Temp copies of the real corpus, stories opened on them, and a byte-exact picture of a folder. */
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { snapshotPath } from '../../src/folder/open.js';
import { IngestError } from '../../src/ingest/errors.js';
import { LiveStory, type LiveStoryOptions } from '../../src/runtime/live-story.js';

export const REAL_CORPUS_DIR = fileURLToPath(new URL('../../corpus/', import.meta.url));

const made: string[] = [];
const opened: LiveStory[] = [];

/** A fresh copy of corpus/ in a temp folder; removed by {@link removeTempDirs}. */
export async function tempCorpus(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'storydesk-ingest-'));
  made.push(dir);
  const corpus = join(dir, 'corpus');
  // Without a snapshot an older storydesk may have left in corpus/: the folders are compared file by file.
  await cp(REAL_CORPUS_DIR, corpus, { recursive: true, filter: (source) => !source.endsWith('.index.snapshot') });
  return corpus;
}

/** An empty temp folder; removed by {@link removeTempDirs}. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'storydesk-ingest-'));
  made.push(dir);
  return dir;
}

/**
 * The live story over a {@link tempCorpus} folder, in its worker as the bot has it,
 * with its snapshot in a cache folder beside the corpus. Closed by {@link removeTempDirs}.
 */
export async function openTempStory(dir: string, options: LiveStoryOptions = {}): Promise<LiveStory> {
  const story = await LiveStory.open(dir, { snapshotDir: join(dirname(dir), 'cache'), ...options });
  opened.push(story);
  return story;
}

/** Closes every story {@link openTempStory} opened (waiting for their snapshot saves), then removes the temp folders. */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(opened.splice(0).map((story) => story.close()));
  // A story a test opened itself on a temp corpus saved its snapshot in the default cache folder.
  await Promise.all(made.splice(0).flatMap((dir) => [rm(dir, { recursive: true, force: true }), rm(snapshotPath(join(dir, 'corpus')), { force: true })]));
}

/** The IngestError `promise` fails with (the test fails if it does not). */
export async function ingestFailure(promise: Promise<unknown>): Promise<IngestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IngestError);
  return error as IngestError;
}

/**
 * Every file under `dir` (dot files and subfolders included) with its content.
 * The index snapshot is not among them: it is kept in a cache folder, outside.
 */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[path.slice(dir.length + 1)] = (await readFile(path)).toString('base64');
  }
  return out;
}
