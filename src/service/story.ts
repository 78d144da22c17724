/**
 * The live story: the engine that answers now, and how it is replaced. A refresh
 * builds the new engine completely before swapping it in, so questions keep being
 * answered from the old one and a bad file never leaves the bot empty.
 */
import type { StoryEngine } from '../answer/engine.js';
import type { Suggester } from '../answer/suggest.js';
import { describeProblems } from '../corpus/load.js';
import type { Article } from '../corpus/types.js';
import type { BuildProgress } from '../search/index.js';
import { RefreshError } from './build.js';
import { buildFresh, openStory, saveSnapshot, type OpenOptions } from './open.js';
import type { BuiltStory } from './snapshot.js';

export { RefreshError };

export interface ArticleChange {
  id: string;
  title: string;
  passages: number;
}

export interface RefreshReport {
  added: ArticleChange[];
  removed: ArticleChange[];
  changed: ArticleChange[];
  articles: number;
  passages: number;
  passagesBefore: number;
  tookMs: number;
}

export interface StoryStatus {
  articles: number;
  passages: number;
  refreshedAt: Date;
  refreshedBy: string;
}

/** What differs between two indexed corpora, by article id and file hash. */
export function diffStories(before: StoryEngine, after: StoryEngine): Pick<RefreshReport, 'added' | 'removed' | 'changed'> {
  const change = (engine: StoryEngine) => (a: Article): ArticleChange => ({ id: a.id, title: a.title, passages: engine.passagesOf(a.id).length });
  return {
    added: after.articles.filter((a) => !before.article(a.id)).map(change(after)),
    removed: before.articles.filter((a) => !after.article(a.id)).map(change(before)),
    changed: after.articles.filter((a) => before.article(a.id) && before.article(a.id)!.hash !== a.hash).map(change(after)),
  };
}

export interface ServiceOptions extends Omit<OpenOptions, 'onProgress'> {
  /** Files left out at startup, one line each. */
  onProblems?: (text: string) => void;
}

export class StoryService {
  private live: { engine: StoryEngine; suggester: Suggester };
  private status_: StoryStatus;
  private running: Promise<RefreshReport> | undefined;
  private queued: Promise<RefreshReport> | undefined;
  /** Snapshot saves, one after another, so the last build's is the one left on disk. */
  private saving: Promise<void> = Promise.resolve();
  private readonly closing = new AbortController();

  private constructor(
    readonly dir: string,
    story: BuiltStory,
    by: string,
    private readonly options: ServiceOptions,
  ) {
    this.live = { engine: story.engine, suggester: story.suggester };
    this.status_ = { articles: story.engine.articles.length, passages: story.engine.corpus.passages.length, refreshedAt: new Date(), refreshedBy: by };
  }

  /**
   * Opens the corpus folder: from its index snapshot when that still matches the
   * files, by building otherwise. Unusable files are reported through `onProblems`
   * and left out; only a folder with no usable article is fatal.
   */
  static async open(dir: string, options: ServiceOptions = {}): Promise<StoryService> {
    const { story } = await openStory(dir, options);
    if (story.problems.length > 0) options.onProblems?.(describeProblems(story.problems));
    return new StoryService(dir, story, 'startup', options);
  }

  get engine(): StoryEngine {
    return this.live.engine;
  }

  get suggester(): Suggester {
    return this.live.suggester;
  }

  status(): StoryStatus {
    return { ...this.status_ };
  }

  /**
   * Re-reads the folder and swaps in a new index when it is whole. Any unusable
   * file refuses the refresh and the current corpus keeps serving.
   *
   * The folder is always read after this call: a refresh already running may have
   * read it before the caller's change, so one more is queued behind it, and every
   * call made meanwhile shares that one.
   */
  refresh(by: string, onProgress?: (progress: BuildProgress) => void): Promise<RefreshReport> {
    if (this.queued) return this.queued;
    if (!this.running) return this.start(by, onProgress);
    const settled = this.running.then(
      () => undefined,
      () => undefined,
    );
    this.queued = settled.then(() => {
      this.queued = undefined;
      return this.start(by, onProgress);
    });
    return this.queued;
  }

  private start(by: string, onProgress?: (progress: BuildProgress) => void): Promise<RefreshReport> {
    const run: Promise<RefreshReport> = this.doRefresh(by, onProgress).finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  /** Stops a build in progress and waits for the last snapshot save. The live story keeps answering. */
  async close(): Promise<void> {
    this.closing.abort();
    await this.saving;
  }

  private async build(onProgress?: (progress: BuildProgress) => void): Promise<BuiltStory> {
    const { story, bytes } = await buildFresh(this.dir, { ...this.options, strict: true, onProgress, signal: this.closing.signal });
    if (bytes) {
      this.saving = this.saving.then(() => saveSnapshot(this.dir, bytes, this.options.onSnapshotNote));
    }
    return story;
  }

  private async doRefresh(by: string, onProgress?: (progress: BuildProgress) => void): Promise<RefreshReport> {
    const started = performance.now();
    const { engine, suggester } = await this.build(onProgress);
    const { corpus } = engine;
    const before = this.live.engine;
    this.live = { engine, suggester };
    this.status_ = { articles: corpus.articles.length, passages: corpus.passages.length, refreshedAt: new Date(), refreshedBy: by };
    return {
      ...diffStories(before, engine),
      articles: corpus.articles.length,
      passages: corpus.passages.length,
      passagesBefore: before.corpus.passages.length,
      tookMs: Math.round(performance.now() - started),
    };
  }
}
