/**
 * Replies built from answers, as Discord JSON: the answer sentence first, as a
 * quote; then the sentences around it in the passage; its sources, with links;
 * buttons to page, see the whole passage, open the article, post, delete, or
 * ask a suggested question. Pure: an {@link Answer} in, message parts out (the
 * bot and `npm run picture` render the same replies).
 */
import { createHash } from 'node:crypto';
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type InteractionReplyOptions,
} from 'discord.js';
import type { Answer, RankedPassage, Source } from '../answer/types.js';
import type { ArticleMeta } from '../corpus/types.js';
import { editDistance } from '../search/index.js';
import { splitSentences } from '../text/sentences.js';
import { blockQuote, escapeQuoted, LIMITS, safeQuote, truncate } from './text.js';

export const BRAND_COLOUR = 0x3b6ea5;
export const ABSTAIN_COLOUR = 0x888888;
/** A low-confidence reply looks different: it is the closest passage, not an answer. */
export const LOW_CONFIDENCE_COLOUR = 0xc99a2e;
export const LOW_CONFIDENCE_CAVEAT = 'The articles may not say exactly. Closest passage:';
export const ABSTAIN_LINE = "The articles don't say.";

/** Discord's limits for message components. */
export const COMPONENT_LIMITS = { rows: 5, buttonsPerRow: 5, customId: 100, label: 80 } as const;

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2025-04-08` → `8 April 2025`; anything else as it is. */
export function formatDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  return match && month ? `${Number(match[3])} ${month} ${match[1]}` : iso;
}

/** An http(s) address fit for a markdown link and a link button, or undefined. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
    // Parentheses and angle brackets would end a markdown link early.
    const href = parsed.href.replace(/[()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    return href.length <= 512 ? href : undefined;
  } catch {
    return undefined;
  }
}

/** Title (linked when the article has an address) · outlet · author · date, or "undated". */
export function sourceLine(source: Source): string {
  const title = escapeQuoted(truncate(source.title, 200));
  const url = safeUrl(source.url);
  const linked = url ? `[${title}](${url})` : `**${title}**`;
  const details = [source.outlet, source.author].filter((d): d is string => Boolean(d)).map((d) => escapeQuoted(truncate(d, 100)));
  details.push(source.published ? formatDate(source.published) : 'undated');
  return [linked, ...details].join(' · ');
}

/** The newest publication date among `sources`, or undefined when none is dated. */
export function newestDate(sources: readonly Source[]): string | undefined {
  return sources
    .map((s) => s.published)
    .filter((d): d is string => Boolean(d))
    .sort()
    .at(-1);
}

export interface Excerpt {
  /** Raw text before the sentence, the sentence, and after, each verbatim from the passage. */
  before: string;
  sentence: string;
  after: string;
  /** Text of the passage left out before and after. */
  cutBefore: boolean;
  cutAfter: boolean;
}

/**
 * The sentence of `passage` that holds `sentence`, with `around` sentences either
 * side. Undefined when the passage does not hold the sentence.
 */
export function excerptAround(passage: string, sentence: string, around = 1): Excerpt | undefined {
  const at = sentence ? passage.indexOf(sentence) : -1;
  if (at < 0) return undefined;
  const end = at + sentence.length;
  const spans = splitSentences(passage);
  const first = spans.findIndex((s) => s.end > at);
  let last = spans.length - 1;
  while (last > 0 && spans[last]!.start >= end) last -= 1;
  if (first < 0) return undefined;
  const from = spans[Math.max(0, first - around)]!.start;
  const to = spans[Math.min(spans.length - 1, last + around)]!.end;
  const start = Math.min(from, at);
  const stop = Math.max(to, end);
  return {
    before: passage.slice(start, at),
    sentence,
    after: passage.slice(end, stop),
    cutBefore: passage.slice(0, start).trim() !== '',
    cutAfter: passage.slice(stop).trim() !== '',
  };
}

/** Wraps each non-empty line in bold, so bold survives a block quote's line breaks. */
function bold(escaped: string): string {
  return escaped
    .split('\n')
    .map((line) => (line.trim() ? `**${line.trim()}**` : line))
    .join('\n');
}

/** The excerpt, escaped and fitted to `room`, with "…" where text is left out; the sentence in bold when `strong`. */
function renderExcerpt(excerpt: Excerpt, room: number, strong: boolean): string {
  const sentence = safeQuote(excerpt.sentence, Math.floor(room * 0.6));
  const side = Math.max(0, Math.floor((room - sentence.length) / 2) - 8);
  let before = escapeQuoted(excerpt.before);
  let cutBefore = excerpt.cutBefore;
  if (before.length > side) {
    // Keep the words nearest the sentence.
    const raw = excerpt.before.slice(Math.max(0, excerpt.before.length - side));
    before = safeQuote(raw.replace(/^\S*\s+/, ''), side);
    cutBefore = true;
  }
  let after = escapeQuoted(excerpt.after);
  let cutAfter = excerpt.cutAfter;
  if (after.length > side) {
    after = safeQuote(excerpt.after, side).replace(/…$/, '');
    cutAfter = true;
  }
  const middle = strong ? bold(sentence) : sentence;
  return `${cutBefore ? '…' : ''}${before}${middle}${after}${cutAfter ? '…' : ''}`.trim();
}

export interface AnswerView {
  answer: Answer;
  /** Which passage is shown (0 = the best, with the answer sentence). */
  index: number;
}

/** Whether passage `index` of the answer is shown cut short (so "Show whole passage" has something to show). */
export function isTrimmed(answer: Answer, index: number): boolean {
  const passage = answer.passages[index];
  if (!passage || index !== 0 || !answer.answer) return false;
  const excerpt = excerptAround(passage.text, answer.answer);
  return excerpt !== undefined && (excerpt.cutBefore || excerpt.cutAfter);
}

function sourcesField(passage: RankedPassage): { name: string; value: string } {
  const lines = passage.sources.map(sourceLine);
  const value = lines.length > 1 ? `In ${lines.length} articles:\n${lines.map((s) => `• ${s}`).join('\n')}` : (lines[0] ?? '—');
  return { name: lines.length > 1 ? 'Sources' : 'Source', value: truncate(value, LIMITS.embedFieldValue) };
}

function footerText(parts: (string | undefined)[]): string {
  return truncate(parts.filter((p): p is string => Boolean(p)).join(' · '), LIMITS.embedFooter);
}

/**
 * An answer's embed. On the first passage of a confident answer the description
 * opens with the answer sentence as a quote, in bold, then the sentences around it
 * in the passage. A low answer opens with its caveat and never shows a sentence as
 * the answer. Other passages are shown whole.
 */
export function answerEmbed({ answer, index }: AnswerView): APIEmbed {
  const passage = answer.passages[index]!;
  const low = answer.confidence === 'low';
  const excerpt = index === 0 && answer.answer ? excerptAround(passage.text, answer.answer) : undefined;
  let description: string;
  if (excerpt && !low) {
    const first = blockQuote(bold(safeQuote(answer.answer!, 1400)));
    const context = excerpt.cutBefore || excerpt.cutAfter || excerpt.before.trim() || excerpt.after.trim() ? blockQuote(renderExcerpt(excerpt, 2000, true)) : '';
    description = context ? `${first}\n\n${context}` : first;
  } else if (excerpt) {
    description = `${LOW_CONFIDENCE_CAVEAT}\n${blockQuote(renderExcerpt(excerpt, 2400, false))}`;
  } else {
    const quote = blockQuote(safeQuote(passage.text, 3000));
    description = low && index === 0 ? `${LOW_CONFIDENCE_CAVEAT}\n${quote}` : quote;
  }
  const meant = low && index === 0 ? didYouMean(answer.question, answer.suggestions ?? []) : undefined;
  if (meant) description += `\n\nDid you mean **${escapeQuoted(meant)}**?`;
  const newest = newestDate(passage.sources);
  const url = safeUrl(passage.source.url);
  return {
    color: low ? LOW_CONFIDENCE_COLOUR : BRAND_COLOUR,
    title: safeQuote(answer.question, LIMITS.embedTitle),
    ...(url ? { url } : {}),
    description: truncate(description, LIMITS.embedDescription),
    fields: [sourcesField(passage)],
    footer: {
      text: footerText([
        answer.passages.length > 1 ? `Passage ${index + 1} of ${answer.passages.length}` : undefined,
        'quoted verbatim from the articles',
        newest ? `as of ${formatDate(newest)}` : undefined,
      ]),
    },
  };
}

/** A passage shown whole (the "Show whole passage" reply). */
export function passageEmbed(passage: Pick<RankedPassage, 'text' | 'sources' | 'source'>): APIEmbed {
  const url = safeUrl(passage.source.url);
  return {
    color: BRAND_COLOUR,
    title: safeQuote(passage.source.title, LIMITS.embedTitle),
    ...(url ? { url } : {}),
    description: blockQuote(safeQuote(passage.text, 3800)),
    fields: [sourcesField(passage as RankedPassage)],
    footer: { text: 'The whole passage, quoted verbatim from the article' },
  };
}

/**
 * "Did you mean …" for a name typed a few letters off one in a suggestion
 * ("ada hail" → Ada Hale), or undefined.
 */
export function didYouMean(question: string, suggestions: readonly string[]): string | undefined {
  const typed = (question.toLowerCase().match(/\p{L}[\p{L}'’-]*/gu) ?? []).filter((w) => w.length >= 4);
  for (const suggestion of suggestions) {
    // Runs of capitalised words after the first word: the names a suggestion is about.
    const names = suggestion.slice(suggestion.indexOf(' ') + 1).match(/\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+)*/gu) ?? [];
    for (const name of names) {
      const words = name.toLowerCase().split(/\s+/);
      const misspelt = typed.some((t) => !words.includes(t) && words.some((w) => {
        const d = editDistance(t, w);
        return d > 0 && d <= (w.length >= 6 ? 2 : 1);
      }));
      if (misspelt) return name;
    }
  }
  return undefined;
}

/** The reply when the articles do not answer: said plainly, with the hint and what to ask instead. */
export function abstainEmbed(answer: Answer, suggestions: readonly string[]): APIEmbed {
  const lines = [ABSTAIN_LINE];
  if (answer.hint) lines.push('', escapeQuoted(answer.hint));
  const meant = didYouMean(answer.question, suggestions);
  if (meant) lines.push('', `Did you mean **${escapeQuoted(meant)}**?`);
  if (suggestions.length > 0) lines.push('', 'Questions the articles do answer are below: press one to ask it.');
  return {
    color: ABSTAIN_COLOUR,
    title: safeQuote(answer.question || 'No question', LIMITS.embedTitle),
    description: truncate(lines.join('\n'), LIMITS.embedDescription),
  };
}

/** A short key for a text that fits a custom id and is the same after a restart. */
export function shortKey(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 10);
}

/** The custom id of a button that asks `question`: the question itself when it fits, else its key. */
export function askCustomId(question: string): string {
  const direct = `ask:q:${question}`;
  return direct.length <= COMPONENT_LIMITS.customId ? direct : `ask:k:${shortKey(question)}`;
}

/**
 * The custom id of "Show whole passage": the passage's id and a key of its text,
 * so it works after a restart (and says so when the article has changed since);
 * when that is too long, the answer's session.
 */
export function passageCustomId(passage: Pick<RankedPassage, 'passageId' | 'text'>, sessionId: string, index: number): string {
  const direct = `passage:${shortKey(passage.text)}:${passage.passageId}`;
  return direct.length <= COMPONENT_LIMITS.customId ? direct : `passage:s:${sessionId}:${index}`;
}

/**
 * The custom id of "More passages": the page and the question, so the answer can be
 * asked again after a restart; when the question is too long for that, the answer's session.
 */
export function pageCustomId(question: string, sessionId: string, index: number): string {
  const direct = `ask:m:${index}:${question}`;
  return direct.length <= COMPONENT_LIMITS.customId ? direct : `ask:more:${sessionId}:${index}`;
}

export type PassageRef = { kind: 'id'; key: string; passageId: string } | { kind: 'session'; sessionId: string; index: number };

export function parsePassageCustomId(customId: string): PassageRef | undefined {
  const rest = customId.slice('passage:'.length);
  const session = /^s:([^:]+):(\d+)$/.exec(rest);
  if (session) return { kind: 'session', sessionId: session[1]!, index: Number(session[2]) };
  const direct = /^([A-Za-z0-9_-]{10}):(.+#\d+)$/.exec(rest);
  return direct ? { kind: 'id', key: direct[1]!, passageId: direct[2]! } : undefined;
}

export const DELETE_PREFIX = 'delete:';

function button(customId: string, label: string, style: ButtonStyle, disabled = false): APIButtonComponent {
  return { type: ComponentType.Button, custom_id: customId, label: truncate(label, COMPONENT_LIMITS.label), style, ...(disabled ? { disabled } : {}) } as APIButtonComponent;
}

function row(components: APIButtonComponent[]): ButtonRow[] {
  return components.length > 0 ? [{ type: ComponentType.ActionRow, components: components.slice(0, COMPONENT_LIMITS.buttonsPerRow) }] : [];
}

export interface AnswerButtons {
  answer: Answer;
  sessionId: string;
  index: number;
  canPost: boolean;
  /** The private answer has been posted: its button stays, disabled, as "Posted to channel". */
  posted?: boolean;
  /** On a public answer: who asked, so only they (or a member with Manage Messages) can delete it. */
  deleteFor?: string | undefined;
}

/**
 * The answer's buttons: a row of actions (more passages, the whole passage, the
 * article's link, post or delete) and, when the answer is low, a row of
 * suggested questions. At most two rows, so others (feedback votes) fit under them.
 */
export function answerButtons({ answer, sessionId, index, canPost, posted = false, deleteFor }: AnswerButtons): ButtonRow[] {
  const total = answer.passages.length;
  const passage = answer.passages[index];
  const actions: APIButtonComponent[] = [];
  if (total > 1) {
    const next = (index + 1) % total;
    actions.push(button(pageCustomId(answer.question, sessionId, next), next === 0 ? 'Back to the answer' : `More passages (${next + 1}/${total})`, ButtonStyle.Secondary));
  }
  if (passage && isTrimmed(answer, index)) actions.push(button(passageCustomId(passage, sessionId, index), 'Show whole passage', ButtonStyle.Secondary));
  const url = safeUrl(passage?.source.url);
  if (url) actions.push({ type: ComponentType.Button, style: ButtonStyle.Link, url, label: 'Read the article' });
  if (canPost) {
    actions.push(posted ? button(`ask:post:${sessionId}:${index}`, 'Posted to channel', ButtonStyle.Secondary, true) : button(`ask:post:${sessionId}:${index}`, 'Post to channel', ButtonStyle.Primary));
  }
  if (deleteFor) actions.push(button(`${DELETE_PREFIX}${deleteFor}`, 'Delete', ButtonStyle.Danger));
  const suggestions = answer.confidence === 'low' ? suggestionButtons(answer.suggestions ?? []) : [];
  return [...row(actions), ...suggestions];
}

/** Up to three buttons, each asking a question the articles answer. */
export function suggestionButtons(questions: readonly string[]): ButtonRow[] {
  const unique = [...new Set(questions)].slice(0, 3);
  return row(unique.map((q) => button(askCustomId(q), q, ButtonStyle.Secondary)));
}

export interface AnswerMessageOptions {
  sessionId: string;
  index: number;
  /** The message is (or will be) seen only by the asker: "Post to channel" instead of "Delete". */
  onPrivate: boolean;
  askerId: string;
  posted?: boolean;
}

/** The embed and buttons of an answer, as the bot sends them (and `npm run picture` draws them). */
export function answerMessage(answer: Answer, { sessionId, index, onPrivate, askerId, posted = false }: AnswerMessageOptions): { embeds: APIEmbed[]; components: ButtonRow[] } {
  return {
    embeds: [answerEmbed({ answer, index })],
    components: answerButtons({ answer, sessionId, index, canPost: onPrivate, posted, deleteFor: onPrivate ? undefined : askerId }),
  };
}

/** The reply when the articles do not answer: the embed and a button for each suggested question. */
export function abstainMessage(answer: Answer, suggestions: readonly string[]): { embeds: APIEmbed[]; components: ButtonRow[] } {
  return { embeds: [abstainEmbed(answer, suggestions)], components: suggestionButtons(suggestions) };
}

/** Every reply goes out with no mention parsed; `allowUser` is the one user a reply may ping. */
export function noPings(allowUser?: string): InteractionReplyOptions['allowedMentions'] {
  return allowUser ? { parse: [], users: [allowUser], repliedUser: false } : { parse: [], repliedUser: false };
}

export function articleLine(article: ArticleMeta, passages: number): string {
  const details = [article.outlet, article.published].filter((d): d is string => Boolean(d)).map(escapeQuoted);
  const title = escapeQuoted(truncate(article.title, 200));
  const url = safeUrl(article.url);
  const linked = url ? `[${title}](${url})` : `**${title}**`;
  return `${linked}${details.length ? ` · ${details.join(' · ')}` : ''} · ${passages} passage${passages === 1 ? '' : 's'}\n\`${article.id}\``;
}
