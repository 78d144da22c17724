/**
 * Opening a corpus folder: from the saved index when it still matches the files
 * and the code, by building otherwise (and saving the result for next time).
 * A snapshot that is missing, stale, damaged or unwritable only costs a rebuild.
 */
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/durable.js';
import type { BuildProgress } from '../search/index.js';
import { buildStory } from './build.js';
import { corpusFingerprint } from './fingerprint.js';
import { decodeSnapshot, encodeSnapshot, snapshotFingerprint, SnapshotError, type BuiltStory } from './snapshot.js';

/** The saved index, inside the corpus folder; dot-prefixed, so never read as an article. */
export const SNAPSHOT_FILE = '.index.snapshot';

/** The snapshot or one of its temporary files (`.<name>.<pid>.<random>.tmp`, see writeFileAtomic). */
export function isSnapshotFile(name: string): boolean {
  return name === SNAPSHOT_FILE || (name.startsWith(`.${SNAPSHOT_FILE}.`) && name.endsWith('.tmp'));
}

/** Temporary snapshot files older than this were left by a process that died while saving. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/** Removes snapshot temp files a crashed process left behind (78 MB each at 100k passages). Best effort. */
async function removeStaleTemps(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const now = Date.now();
  for (const name of names.filter((n) => isSnapshotFile(n) && n !== SNAPSHOT_FILE)) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (info && now - info.mtimeMs > STALE_TEMP_MS) await rm(path, { force: true }).catch(() => {});
  }
}

export interface OpenOptions {
  /** Use and save the index snapshot (default true). */
  snapshot?: boolean;
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
    await removeStaleTemps(dir);
    const restored = await readSnapshot(dir, note);
    if (restored) return { story: restored, from: 'snapshot' };
  }
  const { story, bytes } = await buildFresh(dir, options);
  if (bytes) await saveSnapshot(dir, bytes, note);
  return { story, from: 'build' };
}

/**
 * Builds `dir` in this thread, with the story's snapshot bytes when snapshots are on.
 * The bot calls it inside a story host (a worker thread); the command line directly.
 */
export async function buildFresh(
  dir: string,
  options: Pick<OpenOptions, 'snapshot' | 'onProgress'> & { strict?: boolean },
): Promise<{ story: BuiltStory; bytes: Uint8Array | undefined }> {
  const story = await buildStory(dir, options);
  return { story, bytes: (options.snapshot ?? true) ? await encodeSnapshot(story) : undefined };
}
