import { describe, expect, it } from 'vitest';
import { collectGarbage, collectionDue, collectWhenQuiet } from '../../src/runtime/collect.js';

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

describe('a collection after a refresh', () => {
  const when = { quietMs: 250, maxWaitMs: 30_000 };

  it('waits while questions keep coming', () => {
    expect(collectionDue(1_000, 0, 900, when)).toBe(false);
  });

  it('is due once no question came for a while', () => {
    expect(collectionDue(1_000, 0, 700, when)).toBe(true);
  });

  it('is due after the longest wait, even while questions keep coming', () => {
    expect(collectionDue(30_000, 0, 29_990, when)).toBe(true);
  });

  it('collects, once a lull comes, what the old story left', async () => {
    let collected = false;
    const registry = new FinalizationRegistry(() => (collected = true));
    (() => {
      registry.register({ story: new Array(100_000).fill('passage') }, 'old story');
    })();
    collectWhenQuiet(() => -Infinity, { quietMs: 20, maxWaitMs: 1_000 });
    for (let i = 0; i < 50 && !collected; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(collected).toBe(true);
  });
});
