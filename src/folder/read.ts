/**
 * Reading a corpus folder: every article file once, synchronously, in steps of a few
 * files (a story's worker answers questions between them during a refresh), its bytes
 * parsed by `corpus/article.ts` and hashed for the fingerprint from the same read.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hashOfRead, isArticleFile, parseCorpus, type LoadedCorpus, type ReadFile } from '../corpus/article.js';
import { allSteps, type Steps } from '../text/steps.js';

/** A corpus that cannot be read at all (missing folder, not a folder, unreadable). Safe to show. */
export class CorpusError extends Error {
  override name = 'CorpusError';
}

/** The largest article file read (8 MiB, some 2,000 pages of text): anything larger is not an article. */
export const MAX_ARTICLE_BYTES = 8 * 1024 * 1024;

/**
 * Opening never waits: a named pipe with no writer would otherwise block until
 * someone writes to it. Regular files ignore the flag.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Why a file cannot be read, in words; the `code` is kept for the fingerprint. */
export class UnreadableFile extends Error {
  override name = 'UnreadableFile';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

function unreadable(error: unknown): UnreadableFile {
  if (error instanceof UnreadableFile) return error;
  const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
  const words: Record<string, string> = {
    ENOENT: 'it is a link to a file that does not exist (or it was deleted while being read)',
    EISDIR: 'it is a folder, not a file',
    EACCES: 'storydesk may not read it (check its permissions)',
    EPERM: 'storydesk may not read it (check its permissions)',
    ELOOP: 'it is a link that points to itself (a loop of links)',
    ENAMETOOLONG: 'its name is too long',
  };
  return new UnreadableFile(words[code] ?? `it could not be read (${code})`, code);
}

/** One article file's bytes: only a regular file, and only up to {@link MAX_ARTICLE_BYTES}; else why not. */
export function readArticleBytes(path: string): Buffer | UnreadableFile {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    return unreadable(error);
  }
  try {
    const info = fstatSync(fd);
    if (info.isDirectory()) throw new UnreadableFile('it is a folder, not a file', 'EISDIR');
    if (!info.isFile()) throw new UnreadableFile('it is not a regular file (a named pipe, socket or device); only files are read', 'ENOTFILE');
    if (info.size > MAX_ARTICLE_BYTES) throw new UnreadableFile(`it is larger than ${MAX_ARTICLE_BYTES / 1024 / 1024} MiB`, 'EFBIG');
    // One byte more than its size, to see that it grew while read; then on to the end, never past the limit.
    let buffer = Buffer.allocUnsafe(Math.min(MAX_ARTICLE_BYTES + 1, info.size + 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > MAX_ARTICLE_BYTES) break;
        const grown = Buffer.allocUnsafe(Math.min(MAX_ARTICLE_BYTES + 1, length * 2));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const bytesRead = readSync(fd, buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > MAX_ARTICLE_BYTES) throw new UnreadableFile(`it is larger than ${MAX_ARTICLE_BYTES / 1024 / 1024} MiB`, 'EFBIG');
    return buffer.subarray(0, length);
  } catch (error) {
    return unreadable(error);
  } finally {
    closeSync(fd);
  }
}

/** Files read between two steps. */
const FILES_A_STEP = 16;

/**
 * Every article file of `dir`, in file-name order, each read once.
 * @throws {CorpusError} when the folder itself cannot be read.
 */
export function readCorpusFiles(dir: string): ReadFile[] {
  return allSteps(readingCorpusFiles(dir));
}

/** {@link readCorpusFiles} in steps of a few files (see `text/steps.ts`). */
export function* readingCorpusFiles(dir: string): Steps<ReadFile[]> {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new CorpusError(`corpus: ${dir} is not a folder`);
    names = readdirSync(dir);
  } catch (error) {
    if (error instanceof CorpusError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new CorpusError(`corpus: cannot read ${dir}: ${reason}`);
  }
  const files: ReadFile[] = [];
  for (const file of names.filter(isArticleFile).sort()) {
    const read = readArticleBytes(join(dir, file));
    files.push({ file, read, hash: hashOfRead(read) });
    if (files.length % FILES_A_STEP === 0) yield;
  }
  return files;
}

/**
 * Loads every article file in `dir`, in file-name order.
 * @throws {CorpusError} when the folder itself cannot be read.
 */
export function loadCorpus(dir: string): LoadedCorpus {
  return parseCorpus(dir, readCorpusFiles(dir));
}
