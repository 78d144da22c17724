/**
 * The live story: the one that answers now, and how it is replaced. A refresh
 * builds the new story completely before swapping it in, so questions keep being
 * answered from the old one and a bad file never leaves the bot empty.
 *
 * The bot's stories live in worker threads (see `runtime/story-worker.ts`); this thread
 * holds their catalogs. `indexIn: 'this-thread'` keeps them here instead.
 */
import type { AskOptions } from '../answer/engine.js';
import type { Suggester } from '../answer/suggest.js';
import type { Answer } from '../answer/types.js';
import { describeProblems } from '../corpus/article.js';
import type { CorpusProblem, Passage } from '../corpus/types.js';
import type { DuplicateCandidate } from '../ingest/duplicates.js';
import type { BuildProgress } from '../search/index.js';
import { RefreshError } from '../folder/build.js';
import { HostedStory } from './story-worker.js';
import { diffCatalogs, type ArticleChange, type Catalog, type CatalogChanges, type DuplicateFound, type LiveStory } from '../corpus/catalog.js';
import { LocalStory } from './local-story.js';
import { buildFresh, openStory, saveSnapshot, type OpenOptions } from '../folder/open.js';

export { RefreshError };
export type { ArticleChange };

export interface RefreshReport extends CatalogChanges {
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

export interface ServiceOptions extends Omit<OpenOptions, 'onProgress'> {
  /** Where stories live and answer: a worker thread each (default; the bot), or this thread (tests). */
  indexIn?: 'worker' | 'this-thread';
  /** Files left out at startup, one line each. */
  onProblems?: (text: string) => void;
  /** The story's worker stopped on its own; the service is reopening the story from the folder. */
  onLost?: (error: Error) => void;
}

interface Opened {
  story: LiveStory;
  problems: CorpusProblem[];
  /** Saves a built story's snapshot; may note why it could not. */
  save?: (() => Promise<void>) | undefined;
}

export class StoryService {
  private live: LiveStory;
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
    story: LiveStory,
    by: string,
    private readonly options: ServiceOptions,
  ) {
    this.live = story;
    this.status_ = { articles: story.catalog.size, passages: story.catalog.passages, refreshedAt: new Date(), refreshedBy: by };
  }

  /**
   * Opens the corpus folder: from its index snapshot when that still matches the
   * files, by building otherwise. Unusable files are reported through `onProblems`
   * and left out; only a folder with no usable article is fatal.
   */
  static async open(dir: string, options: ServiceOptions = {}): Promise<StoryService> {
    // The story's worker may be lost later; the service, made once the story is open, recovers it.
    const opened: { service?: StoryService } = {};
    const { story, problems } = await StoryService.openLive(dir, options, (error) => opened.service?.recover(error));
    if (problems.length > 0) options.onProblems?.(describeProblems(problems));
    opened.service = new StoryService(dir, story, 'startup', options);
    return opened.service;
  }

  private static async openLive(dir: string, options: ServiceOptions, onLost: (error: Error) => void): Promise<Opened> {
    if (options.indexIn === 'this-thread') {
      const { story } = await openStory(dir, options);
      return { story: new LocalStory(story), problems: story.problems };
    }
    return HostedStory.start(dir, { ...options, mode: 'open', onLost });
  }

  get catalog(): Catalog {
    return this.live.catalog;
  }

  get suggester(): Suggester {
    return this.live.suggester;
  }

  async ask(question: string, options?: AskOptions): Promise<Answer> {
    return (await this.current()).ask(question, options);
  }

  async passagesOf(articleId: string): Promise<readonly Passage[]> {
    return (await this.current()).passagesOf(articleId);
  }

  async findDuplicate(candidate: DuplicateCandidate): Promise<DuplicateFound | undefined> {
    return (await this.current()).findDuplicate(candidate);
  }

  /** The live story, once a recovery under way has replaced a lost one. */
  private async current(): Promise<LiveStory> {
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

  private async build(onProgress?: (progress: BuildProgress) => void): Promise<LiveStory> {
    const { options } = this;
    let opened: Opened;
    if (options.indexIn === 'this-thread') {
      const { story, bytes } = await buildFresh(this.dir, { ...options, strict: true, onProgress });
      opened = { story: new LocalStory(story), problems: story.problems, save: bytes && (() => saveSnapshot(this.dir, bytes, options)) };
    } else {
      const onLost = (error: Error) => this.recover(error);
      const previous = this.live.catalog;
      const hosted = await HostedStory.start(this.dir, { ...options, mode: 'build', strict: true, previous, onProgress, signal: this.closing.signal, onLost });
      const save = async () => {
        const note = await hosted.story.saveSnapshot().catch((error: unknown) => `snapshot: not saved: ${error instanceof Error ? error.message : String(error)}`);
        if (note) options.onSnapshotNote?.(note);
      };
      opened = { ...hosted, save: hosted.unsaved ? save : undefined };
    }
    const { save } = opened;
    if (save) this.saving = this.saving.then(save);
    return opened.story;
  }

  private async doRefresh(by: string, onProgress?: (progress: BuildProgress) => void): Promise<RefreshReport> {
    const started = performance.now();
    const next = await this.build(onProgress);
    const before = await this.current();
    this.live = next;
    const { catalog } = next;
    this.status_ = { articles: catalog.size, passages: catalog.passages, refreshedAt: new Date(), refreshedBy: by };
    void before.close();
    return {
      ...(next.changes?.since === before.catalog ? next.changes.changes : diffCatalogs(before.catalog, catalog)),
      articles: catalog.size,
      passages: catalog.passages,
      passagesBefore: before.catalog.passages,
      tookMs: Math.round(performance.now() - started),
    };
  }

  /** The live story's worker died: reopen the folder (from its snapshot, usually in a second or two). */
  private recover(error: Error): void {
    if (this.recovering || this.closing.signal.aborted) return;
    this.options.onLost?.(error);
    const lost = this.live;
    this.recovering = (async () => {
      try {
        const onLost = (e: Error) => this.recover(e);
        const { story } = await StoryService.openLive(this.dir, this.options, onLost);
        // A refresh may have swapped in a new story meanwhile: keep that one.
        if (this.live === lost) this.live = story;
        else void story.close();
      } catch (reopenError) {
        this.options.onLost?.(reopenError instanceof Error ? reopenError : new Error(String(reopenError)));
      } finally {
        this.recovering = undefined;
      }
    })();
  }
}
