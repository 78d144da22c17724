/**
 * Splits an article body into passages: about a paragraph each, at most
 * {@link MAX_PASSAGE_CHARS}, never cut inside a sentence. Page furniture (`furniture.ts`) and
 * headings are kept out of passages (headings become context for the passages below them);
 * an embedded tweet stays together with its attribution line.
 */
import { splitSentences } from '../text/sentences.js';
import { isFurniture, isLinkListItem, startsLinkList } from './furniture.js';
import type { Passage, PassageKind } from './types.js';

export const MAX_PASSAGE_CHARS = 700;

/** A stretch of the body that is not quoted, and why. */
export interface SkippedSpan {
  start: number;
  end: number;
  text: string;
  reason: 'furniture' | 'heading';
}

export interface SegmentedArticle {
  passages: Passage[];
  skipped: SkippedSpan[];
}

interface Paragraph {
  start: number;
  end: number;
  text: string;
  ordinal: number;
}

// "— City Desk (@citydesk) March 28, 2025"
const TWEET_ATTRIBUTION = /^[—–-]{1,2}\s*[^\n]{1,80}\(@\w{1,15}\)\s+[A-Z][a-z]+\.? \d{1,2}, \d{4}\s*$/;

/** "— City Desk (@citydesk) March 28, 2025": the line that says who posted an embedded tweet. */
export function isTweetAttribution(line: string): boolean {
  return TWEET_ATTRIBUTION.test(line.trim());
}

const TERMINAL = /[.!?…"”’)\]]$/;
const LIST_MARKER = /^(?:[-*+•]|\d{1,3}[.)])\s+/;
const MARKDOWN_HEADING = /^#{1,6}\s+/;
const BLOCKQUOTE = /^>\s?/;

function paragraphsOf(body: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let offset = 0;
  let previousBlank = true;
  for (const rawLine of body.split('\n')) {
    const lineStart = offset;
    offset += rawLine.length + 1;
    const line = rawLine.replace(/\r$/, '');
    const trimmed = line.trim();
    if (trimmed === '') {
      previousBlank = true;
      continue;
    }
    let start = lineStart + line.indexOf(trimmed);
    let text = trimmed;
    for (const marker of [MARKDOWN_HEADING, BLOCKQUOTE, LIST_MARKER]) {
      const m = marker.exec(text);
      if (m && marker !== MARKDOWN_HEADING) {
        start += m[0].length;
        text = text.slice(m[0].length);
      }
    }
    const end = start + text.length;
    const last = paragraphs.at(-1);
    const isHardWrap =
      last !== undefined &&
      !previousBlank &&
      !TERMINAL.test(last.text) &&
      /^[a-z]/.test(text) &&
      !MARKDOWN_HEADING.test(last.text);
    if (last && isHardWrap) {
      last.end = end;
      last.text = body.slice(last.start, end);
    } else if (text !== '') {
      paragraphs.push({ start, end, text, ordinal: paragraphs.length + 1 });
    }
    previousBlank = false;
  }
  return paragraphs;
}

function isHeading(text: string): boolean {
  if (MARKDOWN_HEADING.test(text)) return true;
  const words = text.split(/\s+/).length;
  if (text.length <= 150 && text.endsWith('?') && !/[.!]\s/.test(text)) return true; // an FAQ-style question line
  return text.length <= 120 && words <= 16 && !TERMINAL.test(text) && !/[.!?]\s/.test(text);
}

/** Splits one over-long paragraph into chunks of whole sentences, each at most `max` characters. */
function chunkBySentences(paragraph: Paragraph, body: string, max: number): { start: number; end: number }[] {
  const sentences = splitSentences(paragraph.text).flatMap((s) =>
    s.text.length <= max ? [s] : splitAtWhitespace(s.text, max).map((w) => ({ ...w, start: s.start + w.start, end: s.start + w.end })),
  );
  const chunks: { start: number; end: number }[] = [];
  for (const sentence of sentences) {
    const absolute = { start: paragraph.start + sentence.start, end: paragraph.start + sentence.end };
    const current = chunks.at(-1);
    if (current && absolute.end - current.start <= max) current.end = absolute.end;
    else chunks.push(absolute);
  }
  return chunks.filter((c) => body.slice(c.start, c.end).trim() !== '');
}

// Only for a single sentence longer than the limit: the one place a cut falls inside a sentence.
function splitAtWhitespace(text: string, max: number): { start: number; end: number; text: string }[] {
  const parts: { start: number; end: number; text: string }[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + max, text.length);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      if (space > start) end = space;
    }
    const piece = text.slice(start, end).trim();
    const lead = text.slice(start, end).length - text.slice(start, end).trimStart().length;
    if (piece) parts.push({ start: start + lead, end: start + lead + piece.length, text: piece });
    start = end;
    while (text[start] === ' ') start++;
  }
  return parts;
}

/** Splits an article body into passages and the spans left out of them. */
export function segmentArticle(articleId: string, body: string, max = MAX_PASSAGE_CHARS): SegmentedArticle {
  const paragraphs = paragraphsOf(body);
  const passages: Passage[] = [];
  const skipped: SkippedSpan[] = [];
  let heading: string | undefined;
  let inLinkList = false;

  const push = (start: number, end: number, paragraph: number, kind: PassageKind) => {
    passages.push({
      id: `${articleId}#${passages.length + 1}`,
      articleId,
      paragraph,
      start,
      end,
      text: body.slice(start, end),
      kind,
      heading,
    });
  };

  for (let i = 0; i < paragraphs.length; i++) {
    const p = paragraphs[i]!;
    const next = paragraphs[i + 1];
    if (next && TWEET_ATTRIBUTION.test(next.text) && next.end - p.start <= max) {
      push(p.start, next.end, p.ordinal, 'tweet');
      i++;
      continue;
    }
    if (TWEET_ATTRIBUTION.test(p.text)) {
      push(p.start, p.end, p.ordinal, 'tweet');
      continue;
    }
    const bare = p.text.replace(MARKDOWN_HEADING, '');
    if (isFurniture(bare)) {
      skipped.push({ start: p.start, end: p.end, text: p.text, reason: 'furniture' });
      inLinkList = startsLinkList(bare);
      continue;
    }
    if (inLinkList && isLinkListItem(p.text)) {
      skipped.push({ start: p.start, end: p.end, text: p.text, reason: 'furniture' });
      continue;
    }
    inLinkList = false;
    if (isHeading(p.text)) {
      skipped.push({ start: p.start, end: p.end, text: p.text, reason: 'heading' });
      heading = p.text.replace(MARKDOWN_HEADING, '');
      continue;
    }
    if (p.text.length <= max) push(p.start, p.end, p.ordinal, 'text');
    else for (const chunk of chunkBySentences(p, body, max)) push(chunk.start, chunk.end, p.ordinal, 'text');
  }
  return { passages, skipped };
}
