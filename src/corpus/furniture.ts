/**
 * Page furniture: the lines of a page that are its chrome, not its reporting
 * ("See the tweet below!", "Listen to this story", "Quick Takes", "Share this
 * story", "Advertisement", a byline or a time stamp, a list of sources). One list,
 * used both where a page becomes article text (`ingest/extract.ts`) and where an
 * article is split into passages (`passages.ts`), so what one drops the other never quotes.
 *
 * Every rule matches a whole line, trimmed, without a Markdown heading, list or quote marker.
 */

interface Rule {
  pattern: RegExp;
  /** Only lines up to this long: a longer line that starts the same way is reporting. */
  maxLength?: number;
}

/** Headings after which every following short line is a list of links, not content. */
const LINK_LIST_HEADING = /^(sources?|references|related( articles| stories| coverage)?|recommended( reading)?|more on this story|read more|also read):?$/i;

const RULES: Rule[] = [
  { pattern: /^(see|watch|view|read) (the )?(tweet|video|post|thread|clip)s? (below|above)[.!:]*$/i },
  { pattern: /^listen to (this |the )?(story|article)( above| below)?[.!]*$/i },
  { pattern: /^(quick takes|key takeaways|key points|highlights|in brief|at a glance|summary):?$/i },
  { pattern: LINK_LIST_HEADING },
  { pattern: /^(advertisement|sponsored( content)?|ad|share|share this( article| story)?|tweet|email|print|comments?|subscribe|sign up|follow us.*|click here.*)[.!]*$/i },
  { pattern: /^(read|continue reading|read the full story)\b.{0,60}$/i },
  { pattern: /^(image|photo|video)( credit)?:.{0,120}$/i },
  {
    pattern:
      /^(advertisement|sponsored( content)?|share( this( article| story| page)?)?( on \w+)?|(tweet|email|print|copy link|save|comment)s?|follow us\b.*|subscribe( now| today)?\b[^.]*|sign up (for|to)\b[^.]*|read more\b.*|continue reading\b.*|related( stories| articles| coverage| reading)?(:.*)?|recommended( for you| reading| stories)?:?|most (read|popular)\b.*|(photo|image|video)( credit)?:.*)$/i,
    maxLength: 100,
  },
  // A byline: "By Jane Doe".
  { pattern: /^(by|By|BY)\s+\p{Lu}[^.!?]{0,80}$/u, maxLength: 100 },
  // A date line: "Published on Tuesday, April 8, 2025".
  {
    pattern: /^(published|updated|posted)?:?\s*(on\s+)?(mon|tue|wed|thu|fri|sat|sun)?\w*,?\s*(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b.{0,30}$/i,
    maxLength: 100,
  },
];

// A time stamp: "Updated 3:05 p.m. ET", "Published 2 hours ago", "Last updated 2025-07-14".
const STAMP_LINE = /^(published|updated|posted|last updated)\b/i;
const STAMP_DATE = /\d{1,2}:\d{2}|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{2,4}|\bago\b/i;
const STAMP_MAX = 80;

/** Whether `line` (one paragraph, without a Markdown marker) is page furniture. */
export function isFurniture(line: string): boolean {
  const text = line.trim();
  if (RULES.some(({ pattern, maxLength }) => (maxLength === undefined || text.length <= maxLength) && pattern.test(text))) return true;
  return text.length <= STAMP_MAX && STAMP_LINE.test(text) && STAMP_DATE.test(text);
}

/** Whether `line` is furniture that heads a list of links ("Sources:", "Related stories"). */
export function startsLinkList(line: string): boolean {
  return LINK_LIST_HEADING.test(line.trim());
}

/** Whether `line`, under a {@link startsLinkList} heading, is one more item of the list (short, not sentences). */
export function isLinkListItem(line: string): boolean {
  return line.length <= 200 && !/[.!?]\s/.test(line);
}
