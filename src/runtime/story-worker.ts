/**
 * A story that lives in a worker thread (`worker.ts`) and answers by message.
 *
 * The bot's thread keeps only the catalog and the autocomplete questions. Building
 * in a worker was not enough on its own: taking a 100k-passage index into this
 * thread, and holding two of them during a swap, made its garbage collections
 * stall the event loop for 46–58 ms at 100k passages. Here the new host builds (or opens) the
 * story itself and simply takes over; the old host is stopped once its last
 * request is answered.
 */
import { resolve as absolute } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AskOptions } from '../answer/engine.js';
import { Suggester } from '../answer/suggest.js';
import type { Answer } from '../answer/types.js';
import { CorpusError } from '../corpus/article.js';
import type { CorpusProblem, Passage } from '../corpus/types.js';
import type { DuplicateCandidate } from '../ingest/duplicates.js';
import type { BuildProgress } from '../search/index.js';
import { RefreshError } from '../folder/build.js';
import type { DuplicateReply, HostMessage, HostRequest, HostStart } from './protocol.js';
import { Catalog, type CatalogChanges, type DuplicateFound, type LiveStory } from '../corpus/catalog.js';
import { DEFAULT_SNAPSHOT_DIR } from '../folder/open.js';

/** Compiled (`dist/`, `npm start`): the host is plain JavaScript. From source (tests, `npm run dev`): TypeScript, through tsx. */
const COMPILED = import.meta.url.endsWith('.js');
const ENTRY = new URL(COMPILED ? './worker.js' : './worker.ts', import.meta.url);
/** From source, the worker starts in a boot script that registers tsx before importing the host. */
const BOOT = COMPILED ? ENTRY : new URL('./worker-boot.mjs', import.meta.url);

export interface HostOptions {
  mode: HostStart['mode'];
  /** For a refresh: the catalog live now, so the host reports what changed. */
  previous?: Catalog;
  strict?: boolean;
  snapshot?: boolean;
  /** The cache folder of snapshots (default: see `open.ts`). */
  snapshotDir?: string | undefined;
  onProgress?: (progress: BuildProgress) => void;
  onSnapshotNote?: (message: string) => void;
  /** Stops the host while it is still building. */
  signal?: AbortSignal;
  /** The host stopped on its own after it was ready (a crash): its requests have failed. */
  onLost?: (error: Error) => void;
}

export interface Hosted {
  story: HostedStory;
  /** The host holds a built story's snapshot: save it with {@link HostedStory.saveSnapshot}. */
  unsaved: boolean;
  problems: CorpusProblem[];
  from: 'snapshot' | 'build';
}

type RequestBody = HostRequest extends infer R ? (R extends HostRequest ? Omit<R, 'id'> : never) : never;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  settled: Promise<unknown>;
}

function rebuildError(message: Extract<HostMessage, { type: 'failed' }>): Error {
  if (message.name === 'RefreshError') return new RefreshError(message.message);
  if (message.name === 'CorpusError') return new CorpusError(message.message);
  const error = new Error(`story: the story host failed: ${message.message}`);
  if (message.stack) error.stack = `${error.message}\n--- in the worker ---\n${message.stack}`;
  return error;
}

export class HostedStory implements LiveStory {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private lost: Error | undefined;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly worker: Worker,
    readonly catalog: Catalog,
    readonly suggester: Suggester,
    readonly changes: { since: Catalog; changes: CatalogChanges } | undefined,
  ) {}

  /**
   * Starts a host and resolves once it answers and its catalog is here.
   * @throws {RefreshError | CorpusError} as a build does; an Error when aborted or when the worker dies.
   */
  static start(dir: string, options: HostOptions): Promise<Hosted> {
    return new Promise<Hosted>((resolve, reject) => {
      if (options.signal?.aborted) {
        reject(new Error('story: aborted'));
        return;
      }
      const { previous } = options;
      const request: HostStart = {
        entry: ENTRY.href,
        dir,
        mode: options.mode,
        strict: options.strict ?? false,
        snapshot: options.snapshot ?? true,
        snapshotDir: absolute(options.snapshotDir ?? DEFAULT_SNAPSHOT_DIR),
        previous: previous && { lines: previous.lines, size: previous.size, passages: previous.passages },
      };
      const worker = new Worker(BOOT, { workerData: request });
      let story: HostedStory | undefined;
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

      worker.on('message', (message: HostMessage) => {
        switch (message.type) {
          case 'progress':
            options.onProgress?.({ done: message.done, total: message.total });
            return;
          case 'note':
            options.onSnapshotNote?.(message.message);
            return;
          case 'failed':
            fail(rebuildError(message));
            return;
          case 'reply':
          case 'refused':
            story?.settle(message);
            return;
          case 'ready': {
            const changes = previous && message.changes && { since: previous, changes: message.changes };
            const ready = new HostedStory(worker, Catalog.from(message.catalog), Suggester.fromQuestions(message.questions), changes);
            story = ready;
            worker.unref();
            finish(() => resolve({ story: ready, unsaved: message.unsaved, problems: message.problems, from: message.from }));
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

  ask(question: string, options: AskOptions = {}): Promise<Answer> {
    return this.request({ op: 'ask', question, options }) as Promise<Answer>;
  }

  passagesOf(articleId: string): Promise<readonly Passage[]> {
    return this.request({ op: 'passages', articleId }) as Promise<Passage[]>;
  }

  async findDuplicate(candidate: DuplicateCandidate): Promise<DuplicateFound | undefined> {
    const reply = (await this.request({ op: 'duplicate', candidate })) as DuplicateReply | undefined;
    const article = reply && this.catalog.article(reply.id);
    return reply && article ? { article, reason: reply.reason } : undefined;
  }

  /**
   * Saves the snapshot the host built, if it still holds one. It stays in the host: carried here,
   * 78 MB at 100k passages made this thread collect garbage just when the new story arrived.
   * @returns why it could not be saved, if so (never fatal).
   */
  saveSnapshot(): Promise<string | undefined> {
    // Replaced already: the newer story saves its own snapshot.
    if (this.closing) return Promise.resolve(undefined);
    return this.request({ op: 'save' }) as Promise<string | undefined>;
  }

  /** Answers the requests already sent, then stops the worker. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled([...this.pending.values()].map((p) => p.settled));
      await this.worker.terminate();
    })();
    return this.closing;
  }

  private request(body: RequestBody): Promise<unknown> {
    if (this.lost) return Promise.reject(this.lost);
    if (this.closing) return Promise.reject(new Error('story: this story was replaced; ask again'));
    const id = this.nextId++;
    let resolve!: Pending['resolve'];
    let reject!: Pending['reject'];
    const settled = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const entry: Pending = { resolve, reject, settled };
    // A host with nothing to answer must not keep the process alive; one with requests must.
    if (this.pending.size === 0) this.worker.ref();
    this.pending.set(id, entry);
    this.worker.postMessage({ id, ...body } as HostRequest);
    return entry.settled;
  }

  private settle(message: Extract<HostMessage, { type: 'reply' | 'refused' }>): void {
    const entry = this.pending.get(message.id);
    if (!entry) return;
    this.pending.delete(message.id);
    if (this.pending.size === 0) this.worker.unref();
    if (message.type === 'reply') entry.resolve(message.value);
    else {
      const error = new Error(`story: the story host could not answer: ${message.message}`);
      if (message.stack) error.stack = `${error.message}\n--- in the worker ---\n${message.stack}`;
      entry.reject(error);
    }
  }

  private loseWith(error: Error, onLost: ((error: Error) => void) | undefined): void {
    if (this.lost || this.closing) return;
    this.lost = error;
    for (const entry of this.pending.values()) entry.reject(error);
    this.pending.clear();
    onLost?.(error);
  }
}
