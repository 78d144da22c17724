/**
 * What the bot's thread holds of the story that answers: a small catalog of the
 * articles and the autocomplete questions. The index itself, with every passage,
 * may live in another thread (see `hosted-story.ts`): at 100k passages, holding it
 * here made each garbage collection of this thread long enough to be felt.
 */
import type { AskOptions, StoryEngine } from '../answer/engine.js';
import type { Suggester } from '../answer/suggest.js';
import type { Answer } from '../answer/types.js';
import type { ArticleMeta, Passage } from '../corpus/types.js';
import type { DuplicateCandidate } from '../ingest/duplicates.js';

/** An article as the catalog knows it: its metadata, file and size, without its text. */
export interface ArticleSummary extends ArticleMeta {
  /** File name inside the corpus folder. */
  file: string;
  /** sha256 of the file's bytes, to tell changed files apart. */
  hash: string;
  /** How many passages it was split into. */
  passages: number;
}

/** The articles of a story, in corpus order, looked up by id. */
export class Catalog {
  private readonly byId: Map<string, ArticleSummary>;
  /** Passages in all. */
  readonly passages: number;

  constructor(readonly articles: readonly ArticleSummary[]) {
    this.byId = new Map(articles.map((a) => [a.id, a]));
    this.passages = articles.reduce((sum, a) => sum + a.passages, 0);
  }

  article(id: string): ArticleSummary | undefined {
    return this.byId.get(id);
  }
}

export interface DuplicateFound {
  article: ArticleSummary;
  reason: 'url' | 'text';
}

/** A built story, answering from this thread or another. */
export interface LiveStory {
  readonly catalog: Catalog;
  readonly suggester: Suggester;
  ask(question: string, options?: AskOptions): Promise<Answer>;
  /** One article's passages, in order (none for an unknown id). */
  passagesOf(articleId: string): Promise<readonly Passage[]>;
  /** The article `candidate` duplicates (same link, or the same text under another name), if any. */
  findDuplicate(candidate: DuplicateCandidate): Promise<DuplicateFound | undefined>;
  /** Lets the requests under way finish, then frees the story. */
  close(): Promise<void>;
}

/** The catalog entries of an engine's articles. */
export function summarize(engine: Pick<StoryEngine, 'articles' | 'passagesOf'>, from = 0, count = Infinity): ArticleSummary[] {
  return engine.articles.slice(from, from + count).map((a) => {
    const summary: ArticleSummary = { id: a.id, title: a.title, file: a.file, hash: a.hash, passages: engine.passagesOf(a.id).length };
    if (a.outlet) summary.outlet = a.outlet;
    if (a.author) summary.author = a.author;
    if (a.url) summary.url = a.url;
    if (a.published) summary.published = a.published;
    return summary;
  });
}
