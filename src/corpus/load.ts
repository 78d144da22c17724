/**
 * Reads a corpus folder: one article per `.md`, `.markdown` or `.txt` file, with
 * optional YAML front matter. Unusable files are returned as problems, never dropped in silence.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { inferTitle, parseFrontMatter, splitFrontMatter } from './frontmatter.js';
import { segmentArticle } from './passages.js';
import type { Article, Corpus, CorpusProblem, Passage } from './types.js';

export const ARTICLE_EXTENSIONS = ['.md', '.markdown', '.txt'] as const;

/** A corpus that cannot be read at all (missing folder, not a folder, unreadable). Safe to show. */
export class CorpusError extends Error {
  override name = 'CorpusError';
}

export interface LoadedCorpus {
  corpus: Corpus;
  problems: CorpusProblem[];
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
export function parseArticle(fileName: string, bytes: Buffer | string): ParsedArticle {
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
    hash: createHash('sha256').update(bytes).digest('hex'),
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
  const seen = new Map<string, string>();
  for (const file of names.filter(isArticleFile).sort()) {
    try {
      const bytes = await readFile(join(dir, file));
      const parsed = parseArticle(file, bytes);
      const clash = seen.get(parsed.article.id);
      if (clash) throw new Error(`duplicate article id "${parsed.article.id}" (also ${clash})`);
      seen.set(parsed.article.id, file);
      articles.push(parsed.article);
      passages.push(...parsed.passages);
    } catch (error) {
      problems.push({ file, problem: error instanceof Error ? error.message : String(error) });
    }
  }
  return { corpus: { dir, articles, passages }, problems };
}

/** One line per problem, for logs and error replies: `corpus: bad.md: front matter: …`. */
export function describeProblems(problems: CorpusProblem[]): string {
  return problems.map((p) => `corpus: ${p.file}: ${p.problem}`).join('\n');
}
