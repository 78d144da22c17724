/**
 * Opening a corpus folder: from the saved index when it still matches the files
 * and the code, by building otherwise (and saving the result for next time).
 * A snapshot that is missing, stale, damaged or unwritable only costs a rebuild.
 *
 * Snapshots live in a cache folder, never in the corpus folder: asking writes
 * nothing into an article folder, and a read-only one can be asked.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseCorpus, type ReadFile } from '../corpus/article.js';
import type { BuildProgress } from '../search/index.js';
import { buildFrom, type Story } from './build.js';
import { writeFileAtomic } from './durable.js';
import { fingerprintOf } from './fingerprint.js';
import { readCorpusFiles } from './read.js';
import { decodeSnapshot, encodingSnapshot, snapshotFingerprint, SnapshotError } from './snapshot.js';
import { allSteps } from '../text/steps.js';

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
function removeStaleTemps(snapshotDir: string): void {
  let names: string[];
  try {
    names = readdirSync(snapshotDir);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of names.filter((n) => isSnapshotFile(n) && n.endsWith('.tmp'))) {
    const path = join(snapshotDir, name);
    try {
      if (now - statSync(path).mtimeMs > STALE_TEMP_MS) rmSync(path, { force: true });
    } catch {
      // gone meanwhile, or not ours to remove
    }
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

export interface Opened {
  story: Story;
  /** Where the story came from. */
  from: 'snapshot' | 'build';
  /** A built story's snapshot, in the parts of its file, to save with {@link saveSnapshot} (when snapshots are on). */
  parts?: readonly Uint8Array[] | undefined;
}

/** The snapshot at `path` if it is whole and of the corpus `fingerprint`; else undefined, with a note saying why. */
function readSnapshot(dir: string, path: string, fingerprint: string, note: (message: string) => void): Story | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') note(`snapshot: cannot read ${path}: ${(error as Error).message}; rebuilding`);
    return undefined;
  }
  try {
    if (snapshotFingerprint(bytes) !== fingerprint) {
      note('snapshot: the corpus files or storydesk changed since the index was saved; rebuilding');
      return undefined;
    }
    return decodeSnapshot(bytes, dir);
  } catch (error) {
    if (!(error instanceof SnapshotError)) throw error;
    note(`${error.message}; rebuilding`);
    return undefined;
  }
}

/** Saves a built story for the next start. A failure is noted, not thrown: the live story is unaffected. */
export async function saveSnapshot(dir: string, parts: readonly Uint8Array[], options: Pick<OpenOptions, 'snapshotDir' | 'onSnapshotNote'> = {}): Promise<void> {
  const path = snapshotPath(dir, options.snapshotDir);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, parts);
  } catch (error) {
    options.onSnapshotNote?.(`snapshot: could not save ${path}: ${(error as Error).message}`);
  }
}

export interface OpenOrBuildOptions extends OpenOptions {
  /** Refuse the whole corpus if any file is unusable (a refresh). */
  strict?: boolean;
  /** Build without looking at the snapshot (a refresh: the files changed). */
  build?: boolean;
  /** The folder's article files, when the caller has read them already (from {@link readCorpusFiles}). */
  read?: ReadFile[] | undefined;
  /** Encode a built story's snapshot (default: when snapshots are on); false for a caller that encodes it later, in steps. */
  encode?: boolean;
}

/**
 * The story in `dir`, in this thread: restored from its snapshot when that matches, built
 * otherwise, reading every article file once either way (the fingerprint and the build share
 * the bytes). A built story's snapshot comes back unsaved: see {@link saveSnapshot}.
 * @throws {RefreshError} when no article is usable (with `strict`, when any file is not); {@link CorpusError} when the folder cannot be read.
 */
export function openOrBuild(dir: string, options: OpenOrBuildOptions = {}): Opened {
  const note = options.onSnapshotNote ?? (() => {});
  const useSnapshot = options.snapshot ?? true;
  const read = options.read ?? readCorpusFiles(dir);
  if (useSnapshot && !options.build) {
    removeStaleTemps(resolve(options.snapshotDir ?? DEFAULT_SNAPSHOT_DIR));
    const restored = readSnapshot(dir, snapshotPath(dir, options.snapshotDir), fingerprintOf(read), note);
    if (restored) return { story: restored, from: 'snapshot' };
  }
  const story = buildFrom(parseCorpus(dir, read), options);
  return { story, from: 'build', parts: useSnapshot && (options.encode ?? true) ? allSteps(encodingSnapshot(story)) : undefined };
}

/**
 * The story in `dir`, as {@link openOrBuild}, with a built story's snapshot saved for next time.
 * @throws as {@link openOrBuild}.
 */
export async function openStory(dir: string, options: OpenOrBuildOptions = {}): Promise<Opened> {
  const opened = openOrBuild(dir, options);
  if (opened.parts) await saveSnapshot(dir, opened.parts, options);
  return { story: opened.story, from: opened.from };
}
