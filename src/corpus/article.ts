/**
 * Article files as text: one article per `.md`, `.markdown` or `.txt` file, with
 * optional YAML front matter. Unusable files are returned as problems, never dropped
 * in silence. Pure: the bytes come from the caller (`folder/read.ts` reads the folder).
 */
import { createHash } from 'node:crypto';
import { ArticleError } from './errors.js';
import { inferTitle, parseFrontMatter, pickMeta, splitFrontMatter } from './frontmatter.js';
import { segmentArticle } from './passages.js';
import type { Article, Corpus, CorpusProblem, Passage } from './types.js';
import { allSteps, type Steps } from '../text/steps.js';

export const ARTICLE_EXTENSIONS = ['.md', '.markdown', '.txt'] as const;

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

/** Files parsed between two steps. */
const FILES_A_STEP = 8;

/** An article file as read from its folder: its bytes, or why they could not be read, and {@link hashOfRead} of that. */
export interface ReadFile extends FileHash {
  read: Buffer | Error;
}

/**
 * Parses the article files of a corpus folder (in file-name order), keeping every
 * usable one and saying what is wrong with each of the others.
 */
export function parseCorpus(dir: string, read: readonly ReadFile[]): LoadedCorpus {
  return allSteps(parsingCorpus(dir, read));
}

/** An article and its passages, as parsed from its file. */
export interface ParsedArticle {
  article: Article;
  passages: Passage[];
}

/**
 * {@link parseCorpus} in steps of a few files (see `text/steps.ts`). `unchanged` gives a file's
 * article as parsed before, when it is known to hold the very bytes read (by name and hash):
 * that file is not parsed again, and its article and passages are the same objects.
 */
export function* parsingCorpus(dir: string, read: readonly ReadFile[], unchanged?: (file: string, hash: string) => ParsedArticle | undefined): Steps<LoadedCorpus> {
  const articles: Article[] = [];
  const passages: Passage[] = [];
  const problems: CorpusProblem[] = [];
  const files: FileHash[] = [];
  const seen = new Map<string, string>();
  for (const { file, read: bytes, hash } of read) {
    try {
      files.push({ file, hash });
      if (bytes instanceof Error) throw bytes;
      const parsed = unchanged?.(file, hash) ?? parseArticle(file, bytes, hash);
      const clash = seen.get(parsed.article.id);
      if (clash) throw new Error(`duplicate article id "${parsed.article.id}" (also ${clash})`);
      seen.set(parsed.article.id, file);
      articles.push(parsed.article);
      passages.push(...parsed.passages);
    } catch (error) {
      problems.push({ file, problem: error instanceof Error ? error.message : String(error) });
    }
    if (files.length % FILES_A_STEP === 0) yield;
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
