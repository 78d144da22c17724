/**
 * Faults a battery of tests against the real bot found (issue 11), each
 * reproduced against the loopback fake Discord with the real discord.js client.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { opt } from '../fake-discord/index.js';
import { messageOf, startHarness, type Harness } from './support/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

beforeEach(() => {
  h.logs.lines.length = 0;
});

afterEach(() => {
  expect(h.fake.unexpectedRequests).toEqual([]);
});

describe('every interaction gets a reply that fits', () => {
  it('an unknown command with a 6,000-character name is told so within 2,000 characters', async () => {
    const name = 'x'.repeat(6000);
    const callback = await h.fake.sendInteraction({ kind: 'command', name }).waitForCallback();
    const content = messageOf(callback).content ?? '';
    expect(content).toMatch(/^I don't know the command \/x+/);
    expect(content.length).toBeLessThanOrEqual(2000);
  });

  it('an autocomplete with no focused option still gets a (empty) response', async () => {
    const callback = await h.fake
      .sendInteraction({ kind: 'autocomplete', name: 'ask', options: [opt.string('question', 'irs')] })
      .waitForCallback();
    expect(callback.type).toBe(8);
    expect(messageOf(callback)).toMatchObject({ choices: [] });
  });
});
