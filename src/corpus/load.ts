/**
 * Reads a corpus folder: one article per `.md`, `.markdown` or `.txt` file, with
 * optional YAML front matter. Unusable files are returned as problems, never dropped in silence.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { TimeSlicer } from '../async/slices.js';
import { join } from 'node:path';
import { inferTitle, parseFrontMatter, splitFrontMatter } from './frontmatter.js';
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

/** Reads files with bounded concurrency; results in input order, each a Buffer or the error it raised. */
export async function readFiles(paths: readonly string[]): Promise<(Buffer | Error)[]> {
  const out = new Array<Buffer | Error>(paths.length);
  let next = 0;
  const reader = async () => {
    while (next < paths.length) {
      const i = next++;
      out[i] = await readFile(paths[i]!).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, paths.length) }, reader));
  return out;
}

export const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** The hash recorded for a file as read by {@link readFiles}: of its bytes, or of why it could not be read. */
export function hashOfRead(read: Buffer | Error): string {
  return read instanceof Error ? `unreadable: ${(read as NodeJS.ErrnoException).code ?? read.message}` : sha256(read);
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
 * @throws Error with a message that says what is wrong (without the file name).
 */
export function parseArticle(fileName: string, bytes: Buffer | string, hash = sha256(bytes)): ParsedArticle {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('utf8');
  if (text.includes('\u0000')) throw new Error('not a text file');
  const { yaml, body } = splitFrontMatter(text);
  const meta = yaml === undefined ? { title: inferTitle(body, fileName) } : parseFrontMatter(yaml);
  if (body.trim() === '') throw new Error('the article has no text');
  const id = articleIdOf(fileName);
  const article: Article = {
    id,
    title: meta.title,
    outlet: 'outlet' in meta ? meta.outlet : undefined,
    author: 'author' in meta ? meta.author : undefined,
    url: 'url' in meta ? meta.url : undefined,
    published: 'published' in meta ? meta.published : undefined,
    file: fileName,
    body,
    hash,
  };
  const { passages } = segmentArticle(id, body);
  if (passages.length === 0) throw new Error('the article has no quotable text (only headings or page furniture)');
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

/** One line per problem, for logs and error replies: `corpus: bad.md: front matter: …`. */
export function describeProblems(problems: CorpusProblem[]): string {
  return problems.map((p) => `corpus: ${p.file}: ${p.problem}`).join('\n');
}
