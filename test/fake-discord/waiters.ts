/**
 * Condition waiting without polling: every pending wait re-evaluates its
 * `check` whenever the fake's state changes (`notify()`). Timeouts are always
 * cleared, and `rejectAll()` (called from `stop()`) makes sure no timer or
 * promise outlives the server.
 */
interface Pending {
  check: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class Waiters {
  readonly #pending = new Set<Pending>();

  /**
   * Resolves with the first non-undefined value returned by `check`, which is
   * evaluated immediately and after every `notify()`.
   */
  waitFor<T>(check: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    const immediate = check();
    if (immediate !== undefined) return Promise.resolve(immediate);
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = {
        check,
        resolve: resolve as (value: unknown) => void,
        reject,
        timer: setTimeout(() => {
          this.#pending.delete(entry);
          reject(new Error(`fake-discord: timed out after ${timeoutMs}ms waiting for ${describe()}`));
        }, timeoutMs),
      };
      this.#pending.add(entry);
    });
  }

  notify(): void {
    for (const entry of [...this.#pending]) {
      let value: unknown;
      try {
        value = entry.check();
      } catch (error) {
        this.#settle(entry);
        entry.reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (value !== undefined) {
        this.#settle(entry);
        entry.resolve(value);
      }
    }
  }

  rejectAll(reason: string): void {
    for (const entry of [...this.#pending]) {
      this.#settle(entry);
      entry.reject(new Error(`fake-discord: ${reason}`));
    }
  }

  #settle(entry: Pending): void {
    clearTimeout(entry.timer);
    this.#pending.delete(entry);
  }
}
