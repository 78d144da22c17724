/**
 * Making article text safe for Discord: no pings, no markdown surprises, and
 * within Discord's length limits.
 */
import { escapeMarkdown } from 'discord.js';

export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFieldValue: 1024,
  embedFooter: 2048,
  embedTotal: 6000,
  choiceName: 100,
  choiceValue: 100,
} as const;

const ZERO_WIDTH = '\u200b';

/** Breaks `@everyone`, `@here`, `<@id>`, `<#id>`, `<@&id>` so they neither ping nor render as mentions. */
export function defuseMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, `@${ZERO_WIDTH}$1`).replace(/<([@#])/g, `<${ZERO_WIDTH}$1`);
}

/** Escapes markdown and mentions in quoted text. */
export function escapeQuoted(text: string): string {
  return defuseMentions(
    escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true, maskedLink: true }),
  );
}

/** Cuts `text` to at most `max` characters at a word boundary, with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = max - 1;
  const cut = text.slice(0, room);
  const space = cut.lastIndexOf(' ');
  return `${(space > room * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Escapes, then fits `max`: cutting the raw text, so an escape is never split in half. */
export function safeQuote(text: string, max: number): string {
  let raw = text;
  let escaped = escapeQuoted(raw);
  while (escaped.length > max && raw.length > 0) {
    raw = truncate(raw, Math.max(1, raw.length - (escaped.length - max) - 1));
    escaped = escapeQuoted(raw);
  }
  return escaped;
}

/** Prefixes each line with `> ` so a multi-line passage stays one block quote. */
export function blockQuote(escaped: string): string {
  return escaped
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}
