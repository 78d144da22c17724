/**
 * A full garbage collection on request, for the story's worker after a refresh: the
 * old story (hundreds of MB at 100k passages) is garbage once the new one answers,
 * but an idle worker allocates nothing, so V8 never collects it and the process
 * stays at its peak for as long as nobody asks (measured: 30 s and more).
 *
 * `gc` is only exposed with `--expose-gc`. Set at run time, the flag applies to
 * contexts made after it, so a new context hands the function over (the way Jest's
 * leak detector gets it).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/** Collects now; a pause of tens of milliseconds on a large heap. */
export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/** When a collection asked for waits for a lull in the questions, and how long at most. */
export interface QuietCollection {
  /** No request for this long is a lull. */
  quietMs: number;
  /** Collect after this long anyway, lull or not: the old story must go some time. */
  maxWaitMs: number;
}

export const QUIET_COLLECTION: QuietCollection = { quietMs: 250, maxWaitMs: 30_000 };

/** Whether a collection asked for at `askedAt` is due `now`, the last request having come at `lastRequestAt` (ms). */
export function collectionDue(now: number, askedAt: number, lastRequestAt: number, when: QuietCollection = QUIET_COLLECTION): boolean {
  return now - lastRequestAt >= when.quietMs || now - askedAt >= when.maxWaitMs;
}

let waiting = false;

/**
 * {@link collectGarbage} in the next lull of requests (see {@link collectionDue}): the pause is
 * 0.1 s and more on a loaded machine at 100k passages, and a question that arrives during it
 * waits for all of it. Asked again while one waits, it still collects once.
 */
export function collectWhenQuiet(lastRequestAt: () => number, when: QuietCollection = QUIET_COLLECTION): void {
  if (waiting) return;
  waiting = true;
  const askedAt = performance.now();
  const check = () => {
    if (!collectionDue(performance.now(), askedAt, lastRequestAt(), when)) {
      setTimeout(check, Math.min(50, when.quietMs)).unref();
      return;
    }
    waiting = false;
    collectGarbage();
  };
  setImmediate(check);
}
