/**
 * Opening a corpus folder: from the saved index when it still matches the files
 * and the code, by building otherwise (and saving the result for next time).
 * A snapshot that is missing, stale, damaged or unwritable only costs a rebuild.
 *
 * Snapshots live in a cache folder, never in the corpus folder: asking writes
 * nothing into an article folder, and a read-only one can be asked.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from './durable.js';
import type { BuildProgress } from '../search/index.js';
import { buildStory } from './build.js';
import { corpusFingerprint } from './fingerprint.js';
import { decodeSnapshot, encodeSnapshot, snapshotFingerprint, SnapshotError, type BuiltStory } from './snapshot.js';

/** Where snapshots are kept unless `snapshotDir` says otherwise, under the working directory. */
export const DEFAULT_SNAPSHOT_DIR = join('.cache', 'storydesk');

/**
 * The snapshot file of the corpus folder `dir`: named for the folder's absolute
 * path, so two corpora never share one (`corpus-1a2b3c4d5e6f7a8b.snapshot`).
 */
export function snapshotPath(dir: string, snapshotDir: string = DEFAULT_SNAPSHOT_DIR): string {
  const absolute = resolve(dir);
  const name = basename(absolute).replace(/[^\w.-]+/g, '_').slice(0, 40) || 'corpus';
  const hash = createHash('sha256').update(absolute).digest('hex').slice(0, 16);
  return join(resolve(snapshotDir), `${name}-${hash}.snapshot`);
}

/** A snapshot or one of its temporary files (`.<name>.<pid>.<random>.tmp`, see writeFileAtomic). */
export function isSnapshotFile(name: string): boolean {
  return name.endsWith('.snapshot') || (name.startsWith('.') && name.includes('.snapshot.') && name.endsWith('.tmp'));
}

/** Temporary snapshot files older than this were left by a process that died while saving. */
const STALE_TEMP_MS = 60 * 60 * 1000;

/** Removes snapshot temp files a crashed process left behind (tens of MB each at 100k passages). Best effort. */
async function removeStaleTemps(snapshotDir: string): Promise<void> {
  const names = await readdir(snapshotDir).catch(() => [] as string[]);
  const now = Date.now();
  for (const name of names.filter((n) => isSnapshotFile(n) && n.endsWith('.tmp'))) {
    const path = join(snapshotDir, name);
    const info = await stat(path).catch(() => undefined);
    if (info && now - info.mtimeMs > STALE_TEMP_MS) await rm(path, { force: true }).catch(() => {});
  }
}

export interface OpenOptions {
  /** Use and save the index snapshot (default true). */
  snapshot?: boolean;
  /** The cache folder snapshots are kept in (default {@link DEFAULT_SNAPSHOT_DIR}, under the working directory). */
  snapshotDir?: string | undefined;
  onProgress?: (progress: BuildProgress) => void;
  /** Why a snapshot was not used or not saved. Never fatal. */
  onSnapshotNote?: (message: string) => void;
}

export interface OpenedStory {
  story: BuiltStory;
  /** Where the story came from. */
  from: 'snapshot' | 'build';
}

async function readSnapshot(dir: string, path: string, note: (message: string) => void): Promise<BuiltStory | undefined> {
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
export async function saveSnapshot(dir: string, bytes: Uint8Array, options: Pick<OpenOptions, 'snapshotDir' | 'onSnapshotNote'> = {}): Promise<void> {
  const path = snapshotPath(dir, options.snapshotDir);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, bytes);
  } catch (error) {
    options.onSnapshotNote?.(`snapshot: could not save ${path}: ${(error as Error).message}`);
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
    await removeStaleTemps(resolve(options.snapshotDir ?? DEFAULT_SNAPSHOT_DIR));
    const restored = await readSnapshot(dir, snapshotPath(dir, options.snapshotDir), note);
    if (restored) return { story: restored, from: 'snapshot' };
  }
  const { story, bytes } = await buildFresh(dir, options);
  if (bytes) await saveSnapshot(dir, bytes, options);
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
