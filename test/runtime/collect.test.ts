import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/runtime/collect.js';

describe('collectGarbage', () => {
  it('collects what nothing refers to any more, at once, without --expose-gc on the command line', async () => {
    let collected = false;
    const registry = new FinalizationRegistry(() => (collected = true));
    (() => {
      // Large enough that a collection is not otherwise due when it is dropped.
      registry.register({ story: new Array(100_000).fill('passage') }, 'old story');
    })();
    collectGarbage();
    // Finalizers run as a task after the collection.
    for (let i = 0; i < 10 && !collected; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(collected).toBe(true);
  });

  it('can be called again', () => {
    expect(() => {
      collectGarbage();
      collectGarbage();
    }).not.toThrow();
  });
});
