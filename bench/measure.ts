/**
 * Measurement helpers: percentiles, forced garbage collection for heap deltas,
 * and the longest event-loop stall while an operation runs.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** Nearest-rank percentile of `values` (0 < p ≤ 100); undefined for no values. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function hasGc(): boolean {
  return typeof globalThis.gc === 'function';
}

/** Full, repeated collection, so `heapUsed` counts only what is still referenced. */
export async function collectGarbage(): Promise<void> {
  const gc = globalThis.gc;
  if (!gc) throw new Error('bench: global.gc is missing; run node with --expose-gc');
  // Let pending callbacks drop their references, then collect twice (weak maps, finalizers).
  await sleep(0);
  gc();
  gc();
}

/** Memory held by JavaScript: the heap plus ArrayBuffers (typed-array postings live outside the heap). */
export async function heapUsed(): Promise<number> {
  await collectGarbage();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

const RESOLUTION_MS = 10;

export interface Stalled<T> {
  value: T;
  ms: number;
  /** Longest event-loop delay while the operation ran (ms); it includes the monitor's resolution. */
  maxStallMs: number;
}

/** {@link Stalled} from a 10 ms-resolution monitor, plus what the result retains. */
export interface Measured<T> extends Stalled<T> {
  /** Retained memory growth (heap and ArrayBuffers) after minus before, both after a full GC, with `value` alive. */
  heapBytes: number;
}

/**
 * Runs `operation` under an event-loop delay monitor of the given resolution:
 * its wall time and the longest stall it causes (a synchronous operation stalls for its whole run).
 */
export async function withStallMonitor<T>(operation: () => T | Promise<T>, resolutionMs = 2): Promise<Stalled<T>> {
  const monitor = monitorEventLoopDelay({ resolution: resolutionMs });
  monitor.enable();
  // reset() drops the interval in progress, so start clean and let the timer tick twice before the work.
  await sleep(3 * resolutionMs);
  monitor.reset();
  await sleep(2.5 * resolutionMs);
  const start = performance.now();
  const value = await operation();
  const elapsed = performance.now() - start;
  // The delay is recorded when the timer next runs: give it a turn after the work.
  await sleep(3 * resolutionMs);
  monitor.disable();
  return { value, ms: elapsed, maxStallMs: monitor.max / 1e6 };
}

/** {@link withStallMonitor} at 10 ms resolution, plus the memory the operation's result retains. */
export async function measure<T>(operation: () => T | Promise<T>): Promise<Measured<T>> {
  const before = await heapUsed();
  const run = await withStallMonitor(operation, RESOLUTION_MS);
  const after = await heapUsed();
  return { ...run, heapBytes: after - before };
}

export interface Latencies<R = unknown> {
  /** Wall time of each timed call, in input order. */
  samples: number[];
  /** What each timed call returned, in input order. */
  results: R[];
  p50: number | undefined;
  p99: number | undefined;
  max: number | undefined;
}

/** Calls `run` for each input after `warmup` untimed calls; wall time of each call in ms. */
export function latencies<Q, R>(inputs: readonly Q[], warmup: readonly Q[], run: (input: Q) => R): Latencies<R> {
  for (const input of warmup) run(input);
  const samples: number[] = [];
  const results: R[] = [];
  for (const input of inputs) {
    const start = performance.now();
    const result = run(input);
    samples.push(performance.now() - start);
    results.push(result);
  }
  return { samples, results, p50: percentile(samples, 50), p99: percentile(samples, 99), max: percentile(samples, 100) };
}
