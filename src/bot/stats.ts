/**
 * The moderators' view of what members ask: `/corpus stats` (an embed) and
 * `npm run stats` (plain text, in src/cli/stats-format.ts). Counts and questions only, never who asked.
 */
import { EmbedBuilder, type APIEmbed } from 'discord.js';
import type { QuestionCount, StatsReport } from './questions.js';
import { BRAND_COLOUR } from './render.js';
import { LIMITS, safeQuote } from './text.js';

/** The periods `/corpus stats` offers. */
export const STATS_PERIODS = [7, 30] as const;

const share = (n: number, of: number) => (of === 0 ? '0%' : `${Math.round((n / of) * 100)}%`);
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** Numbered lines that fit `max` characters: as many as fit whole. */
function fitLines(lines: string[], max: number): string {
  const kept: string[] = [];
  let length = 0;
  for (const line of lines) {
    if (length + line.length + 1 > max) break;
    kept.push(line);
    length += line.length + 1;
  }
  return kept.join('\n');
}

const counted = (items: QuestionCount[]) => items.map((q, i) => `${i + 1}. ${safeQuote(q.question, 160)} (${q.count})`);

export function statsEmbed(report: StatsReport): APIEmbed {
  const { asked, outcomes, votes } = report;
  const from = Math.floor(report.since.getTime() / 1000);
  const embed = new EmbedBuilder().setColor(BRAND_COLOUR).setTitle(`What members asked in the last ${report.days} days`);
  if (asked === 0) return embed.setDescription(`No questions were asked through Discord since <t:${from}:f>.`).toJSON();
  embed.setDescription(
    [
      `**${plural(asked, 'question')}** since <t:${from}:f>.`,
      `Answered ${share(outcomes.high, asked)} · closest passage only ${share(outcomes.low, asked)} · not in the articles ${share(outcomes.abstained, asked)}`,
      `Votes on the answers: 👍 ${votes.up} · 👎 ${votes.down}`,
    ].join('\n'),
  );
  const field = (name: string, lines: string[], none: string) => ({ name, value: fitLines(lines, LIMITS.embedFieldValue) || none });
  embed.addFields(
    field('Most asked', counted(report.mostAsked), '—'),
    field(
      'Most 👎',
      report.mostDown.map((q, i) => `${i + 1}. ${safeQuote(q.question, 160)} (👎 ${q.down} · 👍 ${q.up})`),
      'No answer was marked 👎.',
    ),
    field('Not in the articles: articles to add next', counted(report.unanswered), 'Every question had an answer or a closest passage.'),
  );
  return embed.toJSON();
}
