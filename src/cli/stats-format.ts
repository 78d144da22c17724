/** `npm run stats`: the moderators' report as plain text (the same as `/corpus stats`). */
import type { StatsReport } from '../bot/questions.js';

const share = (n: number, of: number) => (of === 0 ? '0%' : `${Math.round((n / of) * 100)}%`);

/** Member-typed text on a terminal: no control characters (escape sequences). */
const plain = (text: string) => text.replace(/\p{Cc}+/gu, ' ');

const day = (date: Date) => date.toISOString().slice(0, 10);

/** The report as lines of text; member-typed questions without control characters. */
export function statsText(report: StatsReport): string {
  const { asked, outcomes, votes } = report;
  const lines = [`Questions asked through Discord in the last ${report.days} days (${day(report.since)} to ${day(report.until)}): ${asked}`];
  if (asked === 0) return lines.join('\n');
  const width = String(asked).length;
  const row = (label: string, n: number, note = '') => `  ${label.padEnd(10)} ${String(n).padStart(width)}  ${share(n, asked).padStart(4)}${note}`;
  lines.push(
    row('answered', outcomes.high),
    row('low', outcomes.low, '  (closest passage only)'),
    row('abstained', outcomes.abstained, '  (not in the articles)'),
    `Votes on the answers: ${votes.up} 👍, ${votes.down} 👎`,
  );
  const list = (title: string, items: string[], none: string) => lines.push('', title, ...(items.length > 0 ? items.map((item) => `  ${item}`) : [`  ${none}`]));
  list('Most asked', report.mostAsked.map((q) => `${String(q.count).padStart(width)}  ${plain(q.question)}`), '—');
  list('Most 👎', report.mostDown.map((q) => `${q.down} 👎 ${q.up} 👍  ${plain(q.question)}`), 'No answer was marked 👎.');
  list('Not in the articles (articles to add next)', report.unanswered.map((q) => `${String(q.count).padStart(width)}  ${plain(q.question)}`), 'Every question had an answer or a closest passage.');
  return lines.join('\n');
}
