/**
 * Builds a story in a worker thread: analysing 100k passages takes seconds, and
 * even a build that yields every few milliseconds stalls the main thread with its
 * garbage collections. The worker sends the result as one transferable buffer in
 * snapshot format, which the main thread takes in a slice at a time.
 */
import { Worker } from 'node:worker_threads';
import { CorpusError } from '../corpus/load.js';
import type { BuildProgress } from '../search/index.js';
import { RefreshError, type BuildOptions } from './build.js';
import { decodeSnapshot, type BuiltStory } from './snapshot.js';

export interface BuildRequest {
  entry: string;
  dir: string;
  strict: boolean;
}

export type WorkerMessage =
  | ({ type: 'progress' } & BuildProgress)
  | { type: 'done'; bytes: Uint8Array }
  | { type: 'failed'; name: string; message: string; stack: string | undefined };

export interface WorkerBuild {
  story: BuiltStory;
  /** The story in snapshot format, ready to be saved. */
  bytes: Uint8Array;
}

const BOOT = new URL('./build-worker-boot.mjs', import.meta.url);
const ENTRY = new URL('./build-worker.ts', import.meta.url).href;

function rebuildError(message: Extract<WorkerMessage, { type: 'failed' }>): Error {
  if (message.name === 'RefreshError') return new RefreshError(message.message);
  if (message.name === 'CorpusError') return new CorpusError(message.message);
  const error = new Error(`build: the build worker failed: ${message.message}`);
  if (message.stack) error.stack = `${error.message}\n--- in the worker ---\n${message.stack}`;
  return error;
}

/**
 * Loads and indexes `dir` in a worker thread; resolves once the main thread holds the new story.
 * Aborting `signal` stops the worker.
 * @throws {RefreshError | CorpusError} as {@link buildStory} does.
 */
export function buildInWorker(dir: string, options: BuildOptions & { signal?: AbortSignal } = {}): Promise<WorkerBuild> {
  return new Promise<WorkerBuild>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new Error('build: aborted'));
      return;
    }
    const request: BuildRequest = { entry: ENTRY, dir, strict: options.strict ?? false };
    const worker = new Worker(BOOT, { workerData: request });
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', abort);
      outcome();
    };
    const abort = () => {
      finish(() => reject(new Error('build: aborted')));
      void worker.terminate();
    };
    options.signal?.addEventListener('abort', abort, { once: true });
    let result: Uint8Array | undefined;
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') options.onProgress?.({ done: message.done, total: message.total });
      else if (message.type === 'failed') finish(() => reject(rebuildError(message)));
      else result = message.bytes;
    });
    worker.on('error', (error) => finish(() => reject(new Error(`build: the build worker crashed: ${error.message}`, { cause: error }))));
    worker.on('exit', (code) => {
      const bytes = result;
      if (!bytes) {
        finish(() => reject(new Error(`build: the build worker exited (code ${code}) without a result`)));
        return;
      }
      // Decoded only once the worker is gone: while it tears down its heap, it competes for the CPU with
      // this thread's garbage collector, whose pauses then grow.
      decodeSnapshot(bytes, dir).then(
        (story) => finish(() => resolve({ story, bytes })),
        (error: unknown) => finish(() => reject(error instanceof Error ? error : new Error(String(error)))),
      );
    });
  });
}
