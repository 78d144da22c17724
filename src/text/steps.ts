/**
 * Long synchronous work written as generators, so it can be done in steps: each
 * `yield` is a point where a caller may stop and do other work (a story's worker
 * answers questions between steps of a refresh). Nothing here waits: whoever runs
 * the steps decides when. A yielded value may report progress.
 */
import type { BuildProgress } from '../search/index.js';

/** Work done in steps, returning `T`; it may yield its progress. */
export type Steps<T> = Generator<BuildProgress | undefined, T, void>;

/** Runs every step now and returns the result; `onProgress` hears each progress yielded. */
export function allSteps<T>(steps: Steps<T>, onProgress?: (progress: BuildProgress) => void): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (step.value && onProgress) onProgress(step.value);
  }
}
