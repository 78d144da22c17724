/**
 * The live story: the engine that answers now, and how it is replaced. A refresh
 * builds the new engine completely before swapping it in, so questions keep being
 * answered from the old one and a bad file never leaves the bot empty.
 */
import { StoryEngine } from '../answer/engine.js';
import { Suggester } from '../answer/suggest.js';
import { describeProblems, loadCorpus } from '../corpus/load.js';
import type { Article } from '../corpus/types.js';
import type { BuildProgress } from '../search/index.js';

/** A refresh that was refused; the message names the files and problems and is safe to show. */
export class RefreshError extends Error {
  override name = 'RefreshError';
}

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

export class StoryService {
  private live: { engine: StoryEngine; suggester: Suggester };
  private status_: StoryStatus;
  private running: Promise<RefreshReport> | undefined;
  private queued: Promise<RefreshReport> | undefined;

  private constructor(
    readonly dir: string,
    engine: StoryEngine,
    by: string,
  ) {
    this.live = { engine, suggester: Suggester.build(engine) };
    this.status_ = { articles: engine.articles.length, passages: engine.corpus.passages.length, refreshedAt: new Date(), refreshedBy: by };
  }

  /**
   * Loads and indexes the corpus folder. Unusable files are reported through
   * `onProblems` and left out; only a folder with no usable article is fatal.
   */
  static async open(dir: string, onProblems?: (text: string) => void): Promise<StoryService> {
    const { corpus, problems } = await loadCorpus(dir);
    if (problems.length > 0) onProblems?.(describeProblems(problems));
    if (corpus.articles.length === 0) throw new RefreshError(`corpus: no usable articles in ${dir}`);
    return new StoryService(dir, await StoryEngine.create(corpus), 'startup');
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

  private async doRefresh(by: string, onProgress?: (progress: BuildProgress) => void): Promise<RefreshReport> {
    const started = performance.now();
    const { corpus, problems } = await loadCorpus(this.dir);
    if (problems.length > 0) throw new RefreshError(`refresh refused, the current corpus keeps serving:\n${describeProblems(problems)}`);
    if (corpus.articles.length === 0) throw new RefreshError(`refresh refused: no usable articles in ${this.dir}; the current corpus keeps serving`);
    const engine = await StoryEngine.create(corpus, onProgress);
    const suggester = Suggester.build(engine);
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
