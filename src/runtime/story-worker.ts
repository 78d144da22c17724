/**
 * A story kept in a worker thread (`worker.ts`), asked by message.
 *
 * The bot's thread keeps only the catalog and the autocomplete questions. Building
 * in a worker was not enough on its own: taking a 100k-passage index into this
 * thread, and holding two of them during a swap, made its garbage collections
 * stall the event loop for 46–58 ms at 100k passages. Here the worker opens the
 * story and answers from it, and a refresh is built by the same worker, in steps
 * between the questions it answers, reusing what did not change; a second whole
 * story (and a second heap) is never alive.
 */
import { resolve as absolute } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Suggester } from '../answer/suggest.js';
import { Catalog, type CatalogChanges, type DuplicateFound } from '../corpus/catalog.js';
import type { CorpusProblem } from '../corpus/types.js';
import { RefreshError } from '../folder/build.js';
import { DEFAULT_SNAPSHOT_DIR } from '../folder/open.js';
import { CorpusError } from '../folder/read.js';
import type { DuplicateCandidate } from '../ingest/duplicates.js';
import type { BuildProgress } from '../search/index.js';
import type { Args, Described, Op, Reply, Request, WorkerMessage, WorkerStart } from './protocol.js';

/** Compiled (`dist/`, `npm start`): the worker is plain JavaScript. From source (tests, `npm run dev`): TypeScript, through tsx. */
const COMPILED = import.meta.url.endsWith('.js');
const ENTRY = new URL(COMPILED ? './worker.js' : './worker.ts', import.meta.url);
/** From source, the worker starts in a boot script that registers tsx before importing the worker's module. */
const BOOT = COMPILED ? ENTRY : new URL('./worker-boot.mjs', import.meta.url);

export interface StartOptions {
  mode: WorkerStart['mode'];
  strict?: boolean;
  snapshot?: boolean;
  /** The cache folder of snapshots (default: see `folder/open.ts`). */
  snapshotDir?: string | undefined;
  onProgress?: (progress: BuildProgress) => void;
  onSnapshotNote?: (message: string) => void;
  /** Stops the worker while it is still building. */
  signal?: AbortSignal;
  /** The worker stopped on its own after it was ready (a crash): its requests have failed. */
  onLost?: (error: Error) => void;
}

export interface Started {
  worker: StoryWorker;
  /** The worker holds a built story's snapshot: save it with {@link StoryWorker.saveSnapshot}. */
  unsaved: boolean;
  problems: CorpusProblem[];
  from: 'snapshot' | 'build';
}

/** What a refresh changed, and whether the new story's snapshot awaits {@link StoryWorker.saveSnapshot}; or word that the folder is unchanged. */
export type Refresh = { changes: CatalogChanges; unsaved: boolean } | { unchanged: true };

interface Pending {
  resolve: (value: Reply<Op>) => void;
  reject: (error: Error) => void;
  settled: Promise<Reply<Op>>;
  /** Closing does not wait for it (a refresh): it fails instead. */
  abandoned: boolean;
}

/** An error from the worker: a refused refresh or an unreadable folder as itself, with its message safe to show; anything else wrapped. */
function rebuildError(message: Extract<WorkerMessage, { type: 'failed' | 'refused' }>, wrapped: string): Error {
  if (message.name === 'RefreshError') return new RefreshError(message.message);
  if (message.name === 'CorpusError') return new CorpusError(message.message);
  const error = new Error(`${wrapped}: ${message.message}`);
  if (message.stack) error.stack = `${error.message}\n--- in the worker ---\n${message.stack}`;
  return error;
}

export class StoryWorker {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private lost: Error | undefined;
  private closing: Promise<void> | undefined;

  private described: { catalog: Catalog; suggester: Suggester; fingerprint: string; problems: readonly CorpusProblem[] };
  /** Hears a refresh's progress while one runs. */
  private onProgress: ((progress: BuildProgress) => void) | undefined;

  private constructor(
    private readonly worker: Worker,
    story: Described,
  ) {
    this.described = StoryWorker.describe(story);
  }

  private static describe(story: Described) {
    return { catalog: Catalog.from(story.catalog), suggester: Suggester.fromQuestions(story.questions), fingerprint: story.fingerprint, problems: story.problems };
  }

  /** The story's articles, as the worker's story has them now. */
  get catalog(): Catalog {
    return this.described.catalog;
  }

  get suggester(): Suggester {
    return this.described.suggester;
  }

  /** What the story was built from (see `folder/fingerprint.ts`). */
  get fingerprint(): string {
    return this.described.fingerprint;
  }

  /** The files the story left out. */
  get problems(): readonly CorpusProblem[] {
    return this.described.problems;
  }

  /**
   * Re-reads the folder in the worker, which keeps answering from the story it has until the new
   * one is whole and reuses what did not change (see `refreshing` in `folder/build.ts`). One at a time.
   * @throws {RefreshError} when a file is unusable or none is; {@link CorpusError} when the folder cannot be read.
   */
  async refresh(onProgress?: (progress: BuildProgress) => void): Promise<Refresh> {
    this.onProgress = onProgress;
    try {
      const reply = await this.send('refresh', {}, true);
      if ('unchanged' in reply) return reply;
      this.described = StoryWorker.describe(reply);
      return { changes: reply.changes, unsaved: reply.unsaved };
    } finally {
      this.onProgress = undefined;
    }
  }

  /**
   * Starts a worker and resolves once it answers and its catalog is here.
   * @throws {RefreshError | CorpusError} as a build does; an Error when aborted or when the worker dies.
   */
  static start(dir: string, options: StartOptions): Promise<Started> {
    return new Promise<Started>((resolve, reject) => {
      if (options.signal?.aborted) {
        reject(new Error('story: aborted'));
        return;
      }
      const request: WorkerStart = {
        entry: ENTRY.href,
        dir,
        mode: options.mode,
        strict: options.strict ?? false,
        snapshot: options.snapshot ?? true,
        snapshotDir: absolute(options.snapshotDir ?? DEFAULT_SNAPSHOT_DIR),
      };
      const worker = new Worker(BOOT, { workerData: request });
      let story: StoryWorker | undefined;
      let settled = false;
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        options.signal?.removeEventListener('abort', abort);
        outcome();
      };
      const fail = (error: Error) => {
        if (!settled) {
          finish(() => reject(error));
          void worker.terminate();
        } else story?.loseWith(error, options.onLost);
      };
      const abort = () => fail(new Error('story: aborted'));
      options.signal?.addEventListener('abort', abort, { once: true });

      worker.on('message', (message: WorkerMessage) => {
        switch (message.type) {
          case 'progress':
            (story ? story.onProgress : options.onProgress)?.({ done: message.done, total: message.total });
            return;
          case 'note':
            options.onSnapshotNote?.(message.message);
            return;
          case 'failed':
            fail(rebuildError(message, 'story: the story host failed'));
            return;
          case 'reply':
          case 'refused':
            story?.settle(message);
            return;
          case 'ready': {
            const ready = new StoryWorker(worker, message);
            story = ready;
            worker.unref();
            finish(() => resolve({ worker: ready, unsaved: message.unsaved, problems: message.problems, from: message.from }));
          }
        }
      });
      worker.on('error', (error) => fail(new Error(`story: the story host crashed: ${error.message}`, { cause: error })));
      worker.on('exit', (code) => {
        if (story?.closing) return;
        fail(new Error(`story: the story host stopped (exit code ${code})${story ? '' : ' before its story was ready'}`));
      });
    });
  }

  /** Asks the worker; the reply is the one {@link Requests} declares for `op`. */
  request<K extends Exclude<Op, 'refresh'>>(op: K, args: Args<K>): Promise<Reply<K>> {
    return this.send(op, args, false);
  }

  private send<K extends Op>(op: K, args: Args<K>, abandoned: boolean): Promise<Reply<K>> {
    if (this.lost) return Promise.reject(this.lost);
    if (this.closing) return Promise.reject(new Error('story: this story was replaced; ask again'));
    const id = this.nextId++;
    let resolve!: Pending['resolve'];
    let reject!: Pending['reject'];
    const settled = new Promise<Reply<Op>>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // A worker with nothing to answer must not keep the process alive; one with requests must.
    if (this.pending.size === 0) this.worker.ref();
    this.pending.set(id, { resolve, reject, settled, abandoned });
    this.worker.postMessage({ id, op, ...args } as Request);
    // The worker replies to `op` with Reply<K>: see its handlers in worker.ts.
    return settled as Promise<Reply<K>>;
  }

  /** The article `candidate` duplicates (same link, or the same text under another name), as the catalog has it. */
  async findDuplicate(candidate: DuplicateCandidate): Promise<DuplicateFound | undefined> {
    const reply = await this.request('duplicate', { candidate });
    const article = reply && this.catalog.article(reply.id);
    return reply && article ? { article, reason: reply.reason } : undefined;
  }

  /**
   * Saves the snapshot the worker built, if it still holds one. It stays in the worker: carried here,
   * 78 MB at 100k passages made this thread collect garbage just when the new story arrived.
   * @returns why it could not be saved, if so (never fatal).
   */
  saveSnapshot(): Promise<string | undefined> {
    // Replaced already: the newer story saves its own snapshot.
    if (this.closing) return Promise.resolve(undefined);
    return this.request('save', {});
  }

  /** Answers the requests already sent, then stops the worker; a refresh under way fails. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled([...this.pending.values()].filter((p) => !p.abandoned).map((p) => p.settled));
      await this.worker.terminate();
      for (const entry of this.pending.values()) entry.reject(new Error('story: aborted'));
      this.pending.clear();
    })();
    return this.closing;
  }

  private settle(message: Extract<WorkerMessage, { type: 'reply' | 'refused' }>): void {
    const entry = this.pending.get(message.id);
    if (!entry) return;
    this.pending.delete(message.id);
    if (this.pending.size === 0) this.worker.unref();
    if (message.type === 'reply') entry.resolve(message.value);
    else entry.reject(rebuildError(message, 'story: the story host could not answer'));
  }

  private loseWith(error: Error, onLost: ((error: Error) => void) | undefined): void {
    if (this.lost || this.closing) return;
    this.lost = error;
    for (const entry of this.pending.values()) entry.reject(error);
    this.pending.clear();
    onLost?.(error);
  }
}
