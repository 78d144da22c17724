/**
 * Sentence boundaries for English news text, from `Intl.Segmenter` with a repair
 * pass for the abbreviations it splits after ("Mr.", "Sen.", "Jan.").
 */

export interface Span {
  start: number;
  end: number;
  text: string;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

// Titles and short forms that end in a period but rarely end a sentence.
const ABBREVIATIONS = new Set(
  [
    'mr', 'mrs', 'ms', 'dr', 'prof', 'sen', 'rep', 'gov', 'gen', 'col', 'lt', 'sgt', 'capt', 'st', 'jr', 'sr',
    'rev', 'hon', 'pres', 'supt', 'atty', 'inc', 'corp', 'co', 'ltd', 'no', 'vs', 'v', 'etc', 'e.g', 'i.e',
    'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'ave', 'blvd', 'dept',
    'est', 'approx', 'fig', 'gov\'t',
  ].map((a) => `${a}.`),
);

// Words that open a sentence far more often than they follow a name: after "U.S." they start a new sentence.
const SENTENCE_OPENERS = new Set(
  'the a an he she it they we i you his her its their this that these those there but and or so yet if when while after before since as at in on for then however meanwhile still'.split(' '),
);

/**
 * The segment ends with a short form, so the sentence goes on in `next`. A dotted initialism
 * ("U.S.", "D.C.", "p.m.") ends one only before a word that opens sentences: "the U.S. Court
 * of Appeals" is one sentence, "moved to the U.S. The next year" two.
 */
function endsWithAbbreviation(segment: string, next: string): boolean {
  const lastWord = segment.trimEnd().split(/\s+/).pop()?.toLowerCase() ?? '';
  if (ABBREVIATIONS.has(lastWord) || /^[a-z]\.$/.test(lastWord)) return true;
  if (!/^(?:[a-z]\.){2,}$/.test(lastWord)) return false;
  const nextWord = /^\s*[“"‘'(]?([\p{L}]+)/u.exec(next)?.[1]?.toLowerCase();
  return nextWord !== undefined && !SENTENCE_OPENERS.has(nextWord);
}

/**
 * Splits `text` into sentences with their offsets in `text`. Each span's text is
 * trimmed of surrounding white space; offsets point at the trimmed text.
 */
export function splitSentences(text: string): Span[] {
  const raw: { start: number; end: number }[] = [];
  // ICU ends a sentence at every line break; a hard-wrapped paragraph is one flow of text.
  // A line that opens with a dash (a tweet's attribution) stays apart. Same length, so offsets hold.
  const flowing = text.replace(/\r?\n(?![—–-])/g, (br) => ' '.repeat(br.length));
  for (const { segment, index } of segmenter.segment(flowing)) {
    const previous = raw.at(-1);
    // A sentence never starts in lower case: "“Is it legal?” she asked" is one sentence, its inner "?" a quotation's.
    if (previous && (endsWithAbbreviation(flowing.slice(previous.start, previous.end), segment) || /^\s*[\p{Ll}]/u.test(segment))) {
      previous.end = index + segment.length;
    } else {
      raw.push({ start: index, end: index + segment.length });
    }
  }
  const spans: Span[] = [];
  for (const { start, end } of raw) {
    const slice = text.slice(start, end);
    const leading = slice.length - slice.trimStart().length;
    const trimmed = slice.trim();
    if (trimmed === '') continue;
    spans.push({ start: start + leading, end: start + leading + trimmed.length, text: trimmed });
  }
  return spans;
}
