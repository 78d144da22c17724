/**
 * The live story: the one that answers now, and how it is replaced. A refresh
 * builds the new story completely before swapping it in, so questions keep being
 * answered from the old one and a bad file never leaves the bot empty. Refreshes
 * queue one behind another, and a story whose worker dies is reopened.
 *
 * The story lives in a worker thread (see `story-worker.ts`), which also builds a
 * refresh's story, in steps between questions; this thread holds its catalog and
 * autocomplete questions.
 */
import type { AskOptions } from '../answer/engine.js';
import type { Suggester } from '../answer/suggest.js';
import type { Answer } from '../answer/types.js';
import { describeProblems } from '../corpus/article.js';
import type { Catalog, CatalogChanges, DuplicateFound, RefreshReport } from '../corpus/catalog.js';
import type { Passage } from '../corpus/types.js';
import type { OpenOptions } from '../folder/open.js';
import type { DuplicateCandidate } from '../ingest/duplicates.js';
import type { BuildProgress } from '../search/index.js';
import { StoryWorker } from './story-worker.js';

export interface StoryStatus {
  articles: number;
  passages: number;
  refreshedAt: Date;
  refreshedBy: string;
}

export interface LiveStoryOptions extends Omit<OpenOptions, 'onProgress'> {
  /** Files left out at startup, one line each. */
  onProblems?: (text: string) => void;
  /** The story's worker stopped on its own; the live story is reopening it from the folder. */
  onLost?: (error: Error) => void;
}

const NO_CHANGES: CatalogChanges = { added: [], removed: [], changed: [] };

export class LiveStory {
  private live: StoryWorker;
  private status_: StoryStatus;
  private running: Promise<RefreshReport> | undefined;
  private queued: Promise<RefreshReport> | undefined;
  /** Reopening after the live story's worker was lost; questions wait for it. */
  private recovering: Promise<void> | undefined;
  /** Snapshot saves, one after another, so the last build's is the one left on disk. */
  private saving: Promise<void> = Promise.resolve();
  private readonly closing = new AbortController();

  private constructor(
    readonly dir: string,
    story: StoryWorker,
    by: string,
    private readonly options: LiveStoryOptions,
  ) {
    this.live = story;
    this.status_ = { articles: story.catalog.size, passages: story.catalog.passages, refreshedAt: new Date(), refreshedBy: by };
  }

  /**
   * Opens the corpus folder: from its index snapshot when that still matches the
   * files, by building otherwise. Unusable files are reported through `onProblems`
   * and left out; only a folder with no usable article is fatal.
   */
  static async open(dir: string, options: LiveStoryOptions = {}): Promise<LiveStory> {
    // The story's worker may be lost later; the live story, made once it is open, recovers it.
    const opened: { live?: LiveStory } = {};
    const { worker, problems } = await LiveStory.openWorker(dir, options, (error) => opened.live?.recover(error));
    if (problems.length > 0) options.onProblems?.(describeProblems(problems));
    opened.live = new LiveStory(dir, worker, 'startup', options);
    return opened.live;
  }

  private static async openWorker(dir: string, options: LiveStoryOptions, onLost: (error: Error) => void, signal?: AbortSignal) {
    return StoryWorker.start(dir, { ...options, mode: 'open', onLost, signal });
  }

  get catalog(): Catalog {
    return this.live.catalog;
  }

  get suggester(): Suggester {
    return this.live.suggester;
  }

  async ask(question: string, options: AskOptions = {}): Promise<Answer> {
    return (await this.current()).request('ask', { question, options });
  }

  /**
   * The answer to a question that reads as English; null for one that does not. Judged in the story's
   * worker, beside the lexicon and the story's words: in this thread they cost memory, and a garbage
   * collection on every swap; and one message instead of two keeps a question's wait short during a refresh.
   */
  async askInEnglish(question: string, options: AskOptions = {}): Promise<Answer | null> {
    return (await this.current()).request('askInEnglish', { question, options });
  }

  /** One article's passages, in order (none for an unknown id). */
  async passagesOf(articleId: string): Promise<readonly Passage[]> {
    return (await this.current()).request('passages', { articleId });
  }

  /** The article `candidate` duplicates (same link, or the same text under another name), if any. */
  async findDuplicate(candidate: DuplicateCandidate): Promise<DuplicateFound | undefined> {
    return (await this.current()).findDuplicate(candidate);
  }

  /** The live story's worker, once a recovery under way has replaced a lost one. */
  private async current(): Promise<StoryWorker> {
    if (this.recovering) await this.recovering;
    return this.live;
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

  /** Stops a build in progress, waits for the last snapshot save, and frees the live story. */
  async close(): Promise<void> {
    this.closing.abort();
    await this.saving;
    await this.recovering;
    await this.live.close();
  }

  private async doRefresh(by: string, onProgress?: (progress: BuildProgress) => void): Promise<RefreshReport> {
    const started = performance.now();
    const live = await this.current();
    const before = live.catalog;
    // The worker builds the new story beside the one answering, and swaps it in when it is whole.
    const refreshed = await live.refresh(onProgress);
    const { catalog } = live;
    this.status_ = { articles: catalog.size, passages: catalog.passages, refreshedAt: new Date(), refreshedBy: by };
    const changes = 'unchanged' in refreshed ? NO_CHANGES : refreshed.changes;
    if ('unsaved' in refreshed && refreshed.unsaved) {
      const save = async () => {
        const note = await live.saveSnapshot().catch((error: unknown) => `snapshot: not saved: ${error instanceof Error ? error.message : String(error)}`);
        if (note) this.options.onSnapshotNote?.(note);
      };
      this.saving = this.saving.then(save);
    }
    return { ...changes, articles: catalog.size, passages: catalog.passages, passagesBefore: before.passages, tookMs: Math.round(performance.now() - started) };
  }

  /** The live story's worker died: reopen the folder (from its snapshot, usually in a second or two). */
  private recover(error: Error): void {
    if (this.recovering || this.closing.signal.aborted) return;
    this.options.onLost?.(error);
    this.recovering = (async () => {
      try {
        // Closing stops a reopening under way (a rebuild, when the snapshot is stale) rather than waiting for it.
        const { worker } = await LiveStory.openWorker(this.dir, this.options, (e) => this.recover(e), this.closing.signal);
        this.live = worker;
      } catch (reopenError) {
        if (!this.closing.signal.aborted) this.options.onLost?.(reopenError instanceof Error ? reopenError : new Error(String(reopenError)));
      } finally {
        this.recovering = undefined;
      }
    })();
  }
}
