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

function endsWithAbbreviation(segment: string): boolean {
  const lastWord = segment.trimEnd().split(/\s+/).pop()?.toLowerCase() ?? '';
  return ABBREVIATIONS.has(lastWord) || /^[a-z]\.$/.test(lastWord);
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
    if (previous && (endsWithAbbreviation(flowing.slice(previous.start, previous.end)) || /^\s*[\p{Ll}]/u.test(segment))) {
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
