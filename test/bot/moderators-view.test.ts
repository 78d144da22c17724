/**
 * The pure parts of the moderators' replies: the cooldown's clock, the stats embed
 * within Discord's limits whatever members typed, and errors said in words.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Cooldowns } from '../../src/bot/cooldown.js';
import { replyFor, UserError } from '../../src/bot/errors.js';
import { IngestError } from '../../src/ingest/errors.js';
import type { StatsReport } from '../../src/bot/questions.js';
import { statsEmbed } from '../../src/bot/stats.js';
import { statsText } from '../../src/cli/stats-format.js';
import { LIMITS } from '../../src/bot/text.js';

describe('Cooldowns', () => {
  it('holds a member for the configured seconds after a public answer, then lets them post again', () => {
    let now = 1_000_000;
    const cooldowns = new Cooldowns(15, () => now);
    cooldowns.check('a');
    cooldowns.start('a');
    expect(() => cooldowns.check('a')).toThrow(UserError);
    expect(() => cooldowns.check('a')).toThrow(`<t:${Math.ceil((1_000_000 + 15_000) / 1000)}:R>`);
    cooldowns.check('b');
    now += 15_000;
    cooldowns.check('a');
  });

  it('holds no one when set to 0', () => {
    const cooldowns = new Cooldowns(0);
    cooldowns.start('a');
    cooldowns.check('a');
  });
});

function report(questions: string[]): StatsReport {
  const counts = questions.map((question, i) => ({ question, count: i + 1 }));
  return {
    days: 30,
    since: new Date(Date.UTC(2026, 0, 1)),
    until: new Date(Date.UTC(2026, 0, 31)),
    asked: questions.length * 3,
    outcomes: { high: questions.length, low: questions.length, abstained: questions.length },
    votes: { up: 1, down: 2 },
    mostAsked: counts,
    mostDown: questions.map((question) => ({ question, down: 2, up: 1 })),
    unanswered: counts,
  };
}

describe('statsEmbed', () => {
  it('fits Discord’s limits and defuses mentions, whatever members typed', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 0, maxLength: 300 }), { minLength: 1, maxLength: 10 }), (questions) => {
        const embed = statsEmbed(report(questions.map((q) => `@everyone <@123> ${q}`)));
        let total = (embed.title ?? '').length + (embed.description ?? '').length;
        expect((embed.description ?? '').length).toBeLessThanOrEqual(LIMITS.embedDescription);
        for (const field of embed.fields ?? []) {
          expect(field.value.length).toBeGreaterThan(0);
          expect(field.value.length).toBeLessThanOrEqual(LIMITS.embedFieldValue);
          expect(field.value).not.toMatch(/@everyone|<@\d/);
          total += field.name.length + field.value.length;
        }
        expect(total).toBeLessThanOrEqual(LIMITS.embedTotal);
      }),
      { numRuns: 50 },
    );
  });

  it('says so when nothing was asked', () => {
    expect(statsEmbed({ ...report([]), asked: 0, outcomes: { high: 0, low: 0, abstained: 0 } }).description).toMatch(/^No questions were asked through Discord since <t:\d+:f>\.$/);
  });
});

describe('statsText', () => {
  it('prints no control characters a member typed (a terminal escape stays text)', () => {
    const text = statsText(report(['Who signed \u001b[31mthe memo?']));
    expect(text).not.toContain('\u001b');
    expect(text).toContain('Who signed  [31mthe memo?');
  });
});

describe('replyFor', () => {
  it('says an error without the module prefixes it carries for the logs', () => {
    const error = new IngestError('refresh-refused', 'the article was not added; refresh refused:\n• 004-x.md: it is a folder, not a file');
    expect(error.message).toBe('ingest: the article was not added; refresh refused:\n• 004-x.md: it is a folder, not a file');
    expect(replyFor(error)).toBe('the article was not added; refresh refused:\n• 004-x.md: it is a folder, not a file');
  });
});
