/**
 * Opening a corpus folder: from the saved index when it still matches the files
 * and the code, by building otherwise (and saving the result for next time).
 * A snapshot that is missing, stale, damaged or unwritable only costs a rebuild.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/durable.js';
import type { BuildProgress } from '../search/index.js';
import { buildStory } from './build.js';
import { buildInWorker } from './build-in-worker.js';
import { corpusFingerprint } from './fingerprint.js';
import { decodeSnapshot, encodeSnapshot, snapshotFingerprint, SnapshotError, type BuiltStory } from './snapshot.js';

/** The saved index, inside the corpus folder; dot-prefixed, so never read as an article. */
export const SNAPSHOT_FILE = '.index.snapshot';

export interface OpenOptions {
  /** Use and save the index snapshot (default true). */
  snapshot?: boolean;
  /** Where a build runs: a worker thread (default; the bot), or this thread (the command line, tests). */
  buildIn?: 'worker' | 'this-thread';
  onProgress?: (progress: BuildProgress) => void;
  /** Why a snapshot was not used or not saved. Never fatal. */
  onSnapshotNote?: (message: string) => void;
}

export interface OpenedStory {
  story: BuiltStory;
  /** Where the story came from. */
  from: 'snapshot' | 'build';
}

async function readSnapshot(dir: string, note: (message: string) => void): Promise<BuiltStory | undefined> {
  const path = join(dir, SNAPSHOT_FILE);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') note(`snapshot: cannot read ${path}: ${(error as Error).message}; rebuilding`);
    return undefined;
  }
  try {
    if (snapshotFingerprint(bytes) !== (await corpusFingerprint(dir))) {
      note('snapshot: the corpus files or storydesk changed since the index was saved; rebuilding');
      return undefined;
    }
    return await decodeSnapshot(bytes, dir);
  } catch (error) {
    if (!(error instanceof SnapshotError)) throw error;
    note(`${error.message}; rebuilding`);
    return undefined;
  }
}

/** Saves a built story for the next start. A failure is noted, not thrown: the live story is unaffected. */
export async function saveSnapshot(dir: string, bytes: Uint8Array, note: (message: string) => void = () => {}): Promise<void> {
  const path = join(dir, SNAPSHOT_FILE);
  try {
    await writeFileAtomic(path, bytes);
  } catch (error) {
    note(`snapshot: could not save ${path}: ${(error as Error).message}`);
  }
}

/**
 * The story in `dir`: restored from its snapshot when that matches, built otherwise.
 * @throws {RefreshError} when no article is usable; {@link CorpusError} when the folder cannot be read.
 */
export async function openStory(dir: string, options: OpenOptions = {}): Promise<OpenedStory> {
  const note = options.onSnapshotNote ?? (() => {});
  const useSnapshot = options.snapshot ?? true;
  if (useSnapshot) {
    const restored = await readSnapshot(dir, note);
    if (restored) return { story: restored, from: 'snapshot' };
  }
  if (options.buildIn === 'this-thread') {
    const story = await buildStory(dir, { onProgress: options.onProgress });
    if (useSnapshot) await saveSnapshot(dir, encodeSnapshot(story), note);
    return { story, from: 'build' };
  }
  const { story, bytes } = await buildInWorker(dir, { onProgress: options.onProgress });
  if (useSnapshot) await saveSnapshot(dir, bytes, note);
  return { story, from: 'build' };
}
