/**
 * What the bot's thread holds of the story that answers: a small catalog of the
 * articles. The story itself, with every passage, lives in a worker thread (see
 * `runtime/story-worker.ts`): at 100k passages, holding it in the bot's thread
 * made each garbage collection there long enough to be felt.
 */
import type { AnswerEngine } from '../answer/engine.js';
import { pickMeta } from './frontmatter.js';
import type { ArticleMeta } from './types.js';
import { allSteps, type Steps } from '../text/steps.js';

/** An article as the catalog knows it: its metadata, file and size, without its text. */
export interface ArticleSummary extends ArticleMeta {
  /** File name inside the corpus folder. */
  file: string;
  /** sha256 of the file's bytes, to tell changed files apart. */
  hash: string;
  /** How many passages it was split into. */
  passages: number;
}

/** A catalog in a message between threads: its JSON lines and totals. */
export interface CatalogFields {
  lines: string;
  size: number;
  passages: number;
}

/**
 * The articles of a story, in corpus order, looked up by id. Kept as one string
 * of JSON lines and read only when asked: at 10k articles, as objects, it was
 * enough garbage-collection work for this thread to feel every swap.
 */
/** Articles written into a catalog between two steps. */
const ARTICLES_A_STEP = 256;

export class Catalog {
  private parsed: ArticleSummary[] | undefined;

  private constructor(
    /** One summary per line, as JSON, each starting with its id: `{"id":…`. */
    readonly lines: string,
    /** Articles in all. */
    readonly size: number,
    /** Passages in all. */
    readonly passages: number,
  ) {}

  static of(articles: readonly ArticleSummary[]): Catalog {
    return allSteps(Catalog.making(articles));
  }

  /** {@link of} in steps (see `text/steps.ts`). */
  static *making(articles: readonly ArticleSummary[]): Steps<Catalog> {
    // The id first, whatever the object's key order: `article()` finds a line by its start.
    const lines: string[] = [];
    for (const { id, ...rest } of articles) {
      lines.push(JSON.stringify({ id, ...rest }));
      if (lines.length % ARTICLES_A_STEP === 0) yield;
    }
    return new Catalog(lines.join('\n'), articles.length, articles.reduce((sum, a) => sum + a.passages, 0));
  }

  /** A catalog made by {@link Catalog.of} elsewhere (in a story's worker), from its fields. */
  static from({ lines, size, passages }: CatalogFields): Catalog {
    return new Catalog(lines, size, passages);
  }

  /** Every summary. Reads the whole catalog once: for lists, not for one article. */
  get articles(): readonly ArticleSummary[] {
    this.parsed ??= this.lines === '' ? [] : this.lines.split('\n').map((line) => JSON.parse(line) as ArticleSummary);
    return this.parsed;
  }

  /** One article, found by its line's start without reading the others. */
  article(id: string): ArticleSummary | undefined {
    const start = `{"id":${JSON.stringify(id)},`;
    let at = this.lines.startsWith(start) ? 0 : this.lines.indexOf(`\n${start}`);
    if (at < 0) return undefined;
    if (at > 0) at += 1;
    const end = this.lines.indexOf('\n', at);
    return JSON.parse(this.lines.slice(at, end < 0 ? undefined : end)) as ArticleSummary;
  }

  /** Every article id, in order, without reading the rest of the catalog. */
  ids(): string[] {
    return Array.from(this.lines.matchAll(/^\{"id":("(?:[^"\\]|\\.)*")/gm), (m) => JSON.parse(m[1]!) as string);
  }
}

/** An article that came, went or changed in a refresh, and its passage count. */
export interface ArticleChange {
  id: string;
  title: string;
  passages: number;
}

export interface CatalogChanges {
  added: ArticleChange[];
  removed: ArticleChange[];
  changed: ArticleChange[];
}

/** What differs between two stories' articles (a catalog's, or {@link summarize}'s), by article id and file hash. */
export function diffArticles(before: readonly ArticleSummary[], after: readonly ArticleSummary[]): CatalogChanges {
  const change = (a: ArticleChange): ArticleChange => ({ id: a.id, title: a.title, passages: a.passages });
  const hashBefore = new Map(before.map((a) => [a.id, a.hash]));
  const idsAfter = new Set(after.map((a) => a.id));
  return {
    added: after.filter((a) => !hashBefore.has(a.id)).map(change),
    removed: before.filter((a) => !idsAfter.has(a.id)).map(change),
    changed: after.filter((a) => hashBefore.has(a.id) && hashBefore.get(a.id) !== a.hash).map(change),
  };
}

export interface DuplicateFound {
  article: ArticleSummary;
  reason: 'url' | 'text';
}

/** What a refresh did: the articles it added, removed and changed, and the totals. */
export interface RefreshReport extends CatalogChanges {
  articles: number;
  passages: number;
  passagesBefore: number;
  tookMs: number;
}

/** The catalog entries of an engine's articles. */
export function summarize(engine: Pick<AnswerEngine, 'articles' | 'passagesOf'>): ArticleSummary[] {
  return allSteps(summarizing(engine));
}

/** {@link summarize} in steps (see `text/steps.ts`). */
export function* summarizing(engine: Pick<AnswerEngine, 'articles' | 'passagesOf'>): Steps<ArticleSummary[]> {
  const summaries: ArticleSummary[] = [];
  for (const a of engine.articles) {
    summaries.push({ id: a.id, ...pickMeta(a), file: a.file, hash: a.hash, passages: engine.passagesOf(a.id).length });
    if (summaries.length % ARTICLES_A_STEP === 0) yield;
  }
  return summaries;
}
