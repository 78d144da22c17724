/**
 * Reads a corpus folder: one article per `.md`, `.markdown` or `.txt` file, with
 * optional YAML front matter. Unusable files are returned as problems, never dropped in silence.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TimeSlicer } from '../async/slices.js';
import { ArticleError } from './errors.js';
import { inferTitle, parseFrontMatter, pickMeta, splitFrontMatter } from './frontmatter.js';
import { segmentArticle } from './passages.js';
import type { Article, Corpus, CorpusProblem, Passage } from './types.js';

export const ARTICLE_EXTENSIONS = ['.md', '.markdown', '.txt'] as const;

/** A corpus that cannot be read at all (missing folder, not a folder, unreadable). Safe to show. */
export class CorpusError extends Error {
  override name = 'CorpusError';
}

/** An article file as read: its name and the sha256 of its bytes. */
export interface FileHash {
  file: string;
  hash: string;
}

export interface LoadedCorpus {
  corpus: Corpus;
  problems: CorpusProblem[];
  /** Every article file read, usable or not, in file-name order. */
  files: FileHash[];
}

/** Files read at once: enough to keep the disk and thread pool busy, few enough to stay far from the open-file limit. */
const READ_CONCURRENCY = 16;

/** The largest article file read (8 MiB, some 2,000 pages of text): anything larger is not an article. */
export const MAX_ARTICLE_BYTES = 8 * 1024 * 1024;

/**
 * Opening never waits: a named pipe with no writer would otherwise hold a thread
 * of the pool until someone writes to it. Regular files ignore the flag.
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

/** One article file's bytes: only a regular file, and only up to {@link MAX_ARTICLE_BYTES}. */
export async function readArticleBytes(path: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (error) {
    throw unreadable(error);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new UnreadableFile('it is a folder, not a file', 'EISDIR');
    if (!info.isFile()) throw new UnreadableFile('it is not a regular file (a named pipe, socket or device); only files are read', 'ENOTFILE');
    if (info.size > MAX_ARTICLE_BYTES) throw new UnreadableFile(`it is larger than ${MAX_ARTICLE_BYTES / 1024 / 1024} MiB`, 'EFBIG');
    // Read to the end, but never past the limit (the file may grow while it is read).
    const buffer = Buffer.allocUnsafe(Math.min(MAX_ARTICLE_BYTES + 1, Math.max(info.size, 64 * 1024)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) break;
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > MAX_ARTICLE_BYTES) throw new UnreadableFile(`it is larger than ${MAX_ARTICLE_BYTES / 1024 / 1024} MiB`, 'EFBIG');
    return Buffer.from(buffer.subarray(0, length));
  } catch (error) {
    throw unreadable(error);
  } finally {
    await handle.close().catch(() => {});
  }
}

/** Reads files with bounded concurrency; results in input order, each a Buffer or why it could not be read. */
export async function readFiles(paths: readonly string[]): Promise<(Buffer | UnreadableFile)[]> {
  const out = new Array<Buffer | UnreadableFile>(paths.length);
  let next = 0;
  const reader = async () => {
    while (next < paths.length) {
      const i = next++;
      out[i] = await readArticleBytes(paths[i]!).catch(unreadable);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, paths.length) }, reader));
  return out;
}

/** Share of control characters (other than tab, newline, carriage return, form feed) above which a file is not text. */
const MAX_CONTROL_SHARE = 0.01;

/**
 * An article file's text: UTF-8, without NUL bytes or a run of control characters.
 * @throws {ArticleError} 'not-text', saying why the bytes are not text.
 */
export function decodeArticleText(bytes: Buffer | string): string {
  let text: string;
  if (typeof bytes === 'string') text = bytes;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new ArticleError('not-text', 'not text: it is not valid UTF-8 (save it as UTF-8 text)');
    }
  }
  if (text.includes('\u0000')) throw new ArticleError('not-text', 'not text: it holds binary data (NUL bytes)');
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0x7f || c === 0xfffd) control++;
  }
  if (control > 0 && control > text.length * MAX_CONTROL_SHARE) throw new ArticleError('not-text', 'not text: it holds binary data (control characters)');
  return text;
}

export const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** The hash recorded for a file as read by {@link readFiles}: of its bytes, or of why it could not be read. */
export function hashOfRead(read: Buffer | Error): string {
  return read instanceof Error ? `unreadable: ${(read as { code?: string }).code ?? read.message}` : sha256(read);
}

export interface ParsedArticle {
  article: Article;
  passages: Passage[];
}

/** The article id for a file name: the name without its extension. */
export function articleIdOf(fileName: string): string {
  return fileName.replace(/\.[^.]+$/, '');
}

export function isArticleFile(fileName: string): boolean {
  const lower = fileName.toLowerCase();
  return !fileName.startsWith('.') && !fileName.startsWith('_') && lower !== 'readme.md' && ARTICLE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/**
 * Parses one article file's text.
 * @throws {ArticleError} saying what is wrong (without the file name): 'front-matter', 'not-text' or 'no-text'.
 */
export function parseArticle(fileName: string, bytes: Buffer | string, hash = sha256(bytes)): ParsedArticle {
  const text = decodeArticleText(bytes);
  const { yaml, body } = splitFrontMatter(text);
  const meta = yaml === undefined ? { title: inferTitle(body, fileName) } : parseFrontMatter(yaml);
  if (body.trim() === '') throw new ArticleError('no-text', 'the article has no text');
  const id = articleIdOf(fileName);
  const article: Article = { id, ...pickMeta(meta), file: fileName, body, hash };
  const { passages } = segmentArticle(id, body);
  if (passages.length === 0) throw new ArticleError('no-text', 'the article has no quotable text (only headings or page furniture)');
  return { article, passages };
}

/**
 * Loads every article file in `dir`, in file-name order.
 * @throws {CorpusError} when the folder itself cannot be read.
 */
export async function loadCorpus(dir: string): Promise<LoadedCorpus> {
  let names: string[];
  try {
    if (!(await stat(dir)).isDirectory()) throw new CorpusError(`corpus: ${dir} is not a folder`);
    names = await readdir(dir);
  } catch (error) {
    if (error instanceof CorpusError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new CorpusError(`corpus: cannot read ${dir}: ${reason}`);
  }
  const articles: Article[] = [];
  const passages: Passage[] = [];
  const problems: CorpusProblem[] = [];
  const files: FileHash[] = [];
  const seen = new Map<string, string>();
  const articleFiles = names.filter(isArticleFile).sort();
  const contents = await readFiles(articleFiles.map((file) => join(dir, file)));
  const slicer = new TimeSlicer();
  for (let i = 0; i < articleFiles.length; i++) {
    const file = articleFiles[i]!;
    try {
      const bytes = contents[i]!;
      const hash = hashOfRead(bytes);
      files.push({ file, hash });
      if (bytes instanceof Error) throw bytes;
      const parsed = parseArticle(file, bytes, hash);
      const clash = seen.get(parsed.article.id);
      if (clash) throw new Error(`duplicate article id "${parsed.article.id}" (also ${clash})`);
      seen.set(parsed.article.id, file);
      articles.push(parsed.article);
      passages.push(...parsed.passages);
    } catch (error) {
      problems.push({ file, problem: error instanceof Error ? error.message : String(error) });
    }
    await slicer.maybePause();
  }
  return { corpus: { dir, articles, passages }, problems, files };
}

/** One line per problem, for logs and the command line's standard error: `corpus: bad.md: front matter: …`. */
export function describeProblems(problems: CorpusProblem[]): string {
  return problems.map((p) => `corpus: ${p.file}: ${p.problem}`).join('\n');
}

/** One line per problem, in words for a reply (no module name): `• bad.md: front matter: …`. */
export function listProblems(problems: CorpusProblem[]): string {
  return problems.map((p) => `• ${p.file}: ${p.problem}`).join('\n');
}
