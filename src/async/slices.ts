/**
 * Long work cut into short slices so the event loop keeps turning: a story kept
 * in the bot's thread (`indexIn: 'this-thread'`) must still acknowledge Discord
 * interactions within 3 s, and a story host still reports its progress.
 */

/** Longest stretch of work between yields to the event loop. */
export const SLICE_MS = 8;

export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class TimeSlicer {
  private sliceStart = performance.now();

  constructor(private readonly sliceMs = SLICE_MS) {}

  /** True once the current slice has run its time; then call {@link pause}. */
  due(): boolean {
    return performance.now() - this.sliceStart >= this.sliceMs;
  }

  /** Yields to the event loop and starts a new slice. */
  async pause(): Promise<void> {
    await yieldToLoop();
    this.sliceStart = performance.now();
  }

  /** Yields only when the slice is due. Cheap enough to call after every small step. */
  async maybePause(): Promise<void> {
    if (this.due()) await this.pause();
  }
}
