/**
 * Replies built from answers: an embed with the answer sentence standing out in
 * the verbatim passage, its sources, and buttons to page or post it.
 */
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
  type APIEmbed,
  type InteractionReplyOptions,
} from 'discord.js';
import type { Answer, RankedPassage, Source } from '../answer/types.js';
import type { ArticleMeta } from '../corpus/types.js';
import { blockQuote, escapeQuoted, LIMITS, safeQuote, truncate } from './text.js';

export const BRAND_COLOUR = 0x3b6ea5;
const ABSTAIN_COLOUR = 0x888888;
/** A low-confidence reply looks different: it is the closest passage, not an answer. */
export const LOW_CONFIDENCE_COLOUR = 0xc99a2e;
export const LOW_CONFIDENCE_CAVEAT = 'The articles may not say exactly. Closest passage:';

export function sourceLine(source: Source): string {
  const title = escapeQuoted(truncate(source.title, 200));
  const linked = source.url ? `[${title}](${source.url})` : `**${title}**`;
  const details = [source.outlet, source.author, source.published].filter((d): d is string => Boolean(d)).map((d) => escapeQuoted(d));
  return [linked, ...details].join(' · ');
}

/** The passage as a block quote, with the answer sentence in bold where it stands. */
function quotedPassage(passage: RankedPassage, answer: string | null, room: number): string {
  const at = answer ? passage.text.indexOf(answer) : -1;
  if (at < 0 || !answer) return blockQuote(safeQuote(passage.text, room - 200));
  const before = passage.text.slice(0, at);
  const after = passage.text.slice(at + answer.length);
  const sentence = safeQuote(answer, Math.floor(room / 2));
  const left = Math.max(0, Math.floor((room - sentence.length) / 2) - 20);
  const beforeText = before.length > left ? `…${safeQuote(before.slice(before.length - left), left)}` : escapeQuoted(before);
  const afterText = safeQuote(after, Math.max(0, room - sentence.length - beforeText.length - 40));
  return blockQuote(`${beforeText}**${sentence}**${afterText}`);
}

export interface AnswerView {
  answer: Answer;
  /** Which passage is shown (0 = the best, with the answer sentence). */
  index: number;
  askedBy?: string;
}

export function answerEmbed({ answer, index, askedBy }: AnswerView): APIEmbed {
  const passage = answer.passages[index]!;
  const low = answer.confidence === 'low';
  // A low answer's sentence is only the likeliest, so it is not set in bold as the answer.
  const sentence = index === 0 && !low ? answer.answer : null;
  const sources = passage.sources.map(sourceLine);
  const sourcesValue =
    sources.length > 1 ? truncate(`In ${sources.length} articles:\n${sources.map((s) => `• ${s}`).join('\n')}`, LIMITS.embedFieldValue) : (sources[0] ?? '');
  const footer = [`Passage ${index + 1} of ${answer.passages.length}`, `paragraph ${passage.paragraph}`, 'quoted verbatim from the articles'];
  if (askedBy) footer.unshift(`Asked by ${askedBy}`);
  return new EmbedBuilder()
    .setColor(low ? LOW_CONFIDENCE_COLOUR : BRAND_COLOUR)
    .setTitle(safeQuote(answer.question, LIMITS.embedTitle))
    .setDescription(low ? `${LOW_CONFIDENCE_CAVEAT}\n${quotedPassage(passage, null, 1700)}` : quotedPassage(passage, sentence, 1800))
    .addFields({ name: sources.length > 1 ? 'Sources' : 'Source', value: sourcesValue || '—' })
    .setFooter({ text: truncate(footer.join(' · '), LIMITS.embedFooter) })
    .toJSON();
}

export function abstainEmbed(answer: Answer, examples: string[]): APIEmbed {
  const lines = ["The articles don't say."];
  if (answer.hint) lines.push('', escapeQuoted(answer.hint));
  if (examples.length > 0) lines.push('', 'You could ask:', ...examples.slice(0, 3).map((e) => `• ${escapeQuoted(e)}`));
  return new EmbedBuilder()
    .setColor(ABSTAIN_COLOUR)
    .setTitle(safeQuote(answer.question || 'No question', LIMITS.embedTitle))
    .setDescription(truncate(lines.join('\n'), LIMITS.embedDescription))
    .toJSON();
}

export interface AnswerButtons {
  sessionId: string;
  index: number;
  total: number;
  canPost: boolean;
  /** The private answer has been posted: its button stays, disabled, as "Posted to channel". */
  posted?: boolean;
}

export function answerButtons({ sessionId, index, total, canPost, posted = false }: AnswerButtons): ActionRowBuilder<ButtonBuilder>[] {
  const row = new ActionRowBuilder<ButtonBuilder>();
  if (total > 1) {
    const next = (index + 1) % total;
    row.addComponents(
      new ButtonBuilder()
        .setCustomId(`ask:more:${sessionId}:${next}`)
        .setLabel(next === 0 ? 'Back to the answer' : `More passages (${next + 1}/${total})`)
        .setStyle(ButtonStyle.Secondary),
    );
  }
  if (canPost) {
    const button = new ButtonBuilder().setCustomId(`ask:post:${sessionId}:${index}`);
    if (posted) button.setLabel('Posted to channel').setStyle(ButtonStyle.Secondary).setDisabled(true);
    else button.setLabel('Post to channel').setStyle(ButtonStyle.Primary);
    row.addComponents(button);
  }
  return row.components.length > 0 ? [row] : [];
}

/** Every reply goes out with no mention parsed; `allowUser` is the one user a reply may ping. */
export function noPings(allowUser?: string): InteractionReplyOptions['allowedMentions'] {
  return allowUser ? { parse: [], users: [allowUser], repliedUser: false } : { parse: [], repliedUser: false };
}

export function articleLine(article: ArticleMeta, passages: number): string {
  const details = [article.outlet, article.published].filter((d): d is string => Boolean(d)).map(escapeQuoted);
  const title = escapeQuoted(truncate(article.title, 200));
  const linked = article.url ? `[${title}](${article.url})` : `**${title}**`;
  return `${linked}${details.length ? ` · ${details.join(' · ')}` : ''} · ${passages} passage${passages === 1 ? '' : 's'}\n\`${article.id}\``;
}
