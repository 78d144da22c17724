/**
 * The live story: the engine that answers now, and how it is replaced. A refresh
 * builds the new engine completely before swapping it in, so questions keep being
 * answered from the old one and a bad file never leaves the bot empty.
 */
import { StoryEngine } from '../answer/engine.js';
import { Suggester } from '../answer/suggest.js';
import { describeProblems, loadCorpus } from '../corpus/load.js';
import type { Article, Corpus } from '../corpus/types.js';
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

function passageCounts(corpus: Corpus): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of corpus.passages) counts.set(p.articleId, (counts.get(p.articleId) ?? 0) + 1);
  return counts;
}

/** What differs between two corpora, by article id and file hash. */
export function diffCorpora(before: Corpus, after: Corpus): Pick<RefreshReport, 'added' | 'removed' | 'changed'> {
  const old = new Map(before.articles.map((a) => [a.id, a]));
  const now = new Map(after.articles.map((a) => [a.id, a]));
  const oldCounts = passageCounts(before);
  const newCounts = passageCounts(after);
  const change = (a: Article, counts: Map<string, number>): ArticleChange => ({ id: a.id, title: a.title, passages: counts.get(a.id) ?? 0 });
  return {
    added: after.articles.filter((a) => !old.has(a.id)).map((a) => change(a, newCounts)),
    removed: before.articles.filter((a) => !now.has(a.id)).map((a) => change(a, oldCounts)),
    changed: after.articles.filter((a) => old.has(a.id) && old.get(a.id)!.hash !== a.hash).map((a) => change(a, newCounts)),
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
    const before = this.live.engine.corpus;
    this.live = { engine, suggester };
    this.status_ = { articles: corpus.articles.length, passages: corpus.passages.length, refreshedAt: new Date(), refreshedBy: by };
    return {
      ...diffCorpora(before, corpus),
      articles: corpus.articles.length,
      passages: corpus.passages.length,
      passagesBefore: before.passages.length,
      tookMs: Math.round(performance.now() - started),
    };
  }
}
