/**
 * Learns acronyms from the articles themselves: "Federal Aviation Administration (FAA)",
 * "annual percentage rate, or APR", "FBI (Federal Bureau of Investigation)".
 */
import { analyzeWithoutAcronyms, type Acronym } from './analyze.js';
import { STOP_WORDS } from './stopwords.js';

const MINOR_WORDS = new Set(['of', 'and', 'the', 'for', 'on', 'in', 'to', '&']);

// Up to eight words, then "(ACR)" or ", or ACR".
const LONG_THEN_SHORT = /((?:[\p{L}&][\p{L}'’-]*\s+){0,7}[\p{L}&][\p{L}'’-]*)(?:\s*\(\s*([A-Z][A-Za-z]{1,7}?)s?\s*\)|,?\s+or\s+([A-Z]{2,8})s?\b)/gu;
const SHORT_THEN_LONG = /\b([A-Z]{2,8})\s+\(((?:[\p{L}&][\p{L}'’-]*\s*){2,8})\)/gu;

// Where a definition can end: "(ACR)" or ", or ACR". Cheap to find, since it starts at "(" or white space.
const ANCHOR = /\(\s*[A-Z][A-Za-z]{1,7}?s?\s*\)|,?\s+or\s+[A-Z]{2,8}s?\b/gu;
const LONG_THEN_SHORT_AT = new RegExp(LONG_THEN_SHORT.source, 'uy');
const WORD_START = /(?<![\p{L}&'’-])[\p{L}&]/gu;
const WINDOW = 300;
const MAX_WORDS = 8;

/** The matches of LONG_THEN_SHORT, trying it only at the last eight word starts before each anchor. */
function* longThenShort(text: string): Generator<RegExpExecArray> {
  let from = 0;
  for (const anchor of text.matchAll(ANCHOR)) {
    if (anchor.index < from) continue;
    const start = Math.max(from, anchor.index - WINDOW);
    const starts: number[] = [];
    WORD_START.lastIndex = start;
    for (let w = WORD_START.exec(text); w && w.index < anchor.index; w = WORD_START.exec(text)) starts.push(w.index);
    for (const at of starts.slice(-MAX_WORDS)) {
      LONG_THEN_SHORT_AT.lastIndex = at;
      const m = LONG_THEN_SHORT_AT.exec(text);
      if (!m) continue;
      from = at + m[0].length;
      yield m;
      break;
    }
  }
}

/** Does `words` (a long form candidate) spell `letters`? Minor words may be skipped or used. */
function spells(words: string[], letters: string): boolean {
  const match = (w: number, l: number): boolean => {
    if (l === letters.length) return w === words.length;
    if (w === words.length) return false;
    const word = words[w]!;
    const lower = word.toLowerCase();
    if (lower[0] === letters[l] && match(w + 1, l + 1)) return true;
    // "Identification" may give "ID"; allow two letters from one word's start.
    if (lower.startsWith(letters.slice(l, l + 2)) && l + 2 <= letters.length && match(w + 1, l + 2)) return true;
    return MINOR_WORDS.has(lower) && match(w + 1, l);
  };
  return match(0, 0);
}

/** The shortest tail of `before` whose words spell the acronym, or undefined. */
function longFormFor(before: string, acronym: string): string | undefined {
  const words = before.trim().split(/\s+/).filter(Boolean);
  const letters = acronym.toLowerCase();
  for (let take = 1; take <= words.length; take++) {
    const tail = words.slice(words.length - take);
    if (MINOR_WORDS.has(tail[0]!.toLowerCase())) continue;
    if (spells(tail, letters)) return tail.join(' ');
  }
  return undefined;
}

function toAcronym(short: string, longForm: string): Acronym | undefined {
  const stems = analyzeWithoutAcronyms(longForm);
  if (stems.length < 2) return undefined;
  return { term: short.toLowerCase(), longForm, stems };
}

/** Every acronym defined in `texts`; the first definition of each wins. */
export function learnAcronyms(texts: Iterable<string>): Acronym[] {
  const found = new Map<string, Acronym>();
  const add = (acronym: Acronym | undefined) => {
    if (acronym && !found.has(acronym.term)) found.set(acronym.term, acronym);
  };
  for (const text of texts) {
    for (const m of longThenShort(text)) {
      const short = m[2] ?? m[3];
      if (!short || short.toUpperCase() !== short.replace(/s$/, '').toUpperCase()) continue;
      const letters = short.replace(/[a-z]+$/, '');
      if (letters.length < 2) continue;
      const longForm = longFormFor(m[1] ?? '', letters);
      if (longForm) add(toAcronym(letters, longForm));
    }
    for (const m of text.matchAll(SHORT_THEN_LONG)) {
      const words = (m[2] ?? '').trim().split(/\s+/);
      if (spells(words, m[1]!.toLowerCase())) add(toAcronym(m[1]!, words.join(' ')));
    }
  }
  return [...found.values()];
}

// A name of capitalised words, minor words allowed between them: "Department of Defense",
// "Bank of New York". A word in capitals (an acronym) or a lone initial ends it.
const CAPITALISED_NAME = /(?<![\p{L}\p{N}'’-])\p{Lu}\p{Ll}[\p{L}'’-]*(?:[ \t]+(?:(?:of|and|for|on|the|&)[ \t]+)*\p{Lu}\p{Ll}[\p{L}'’-]*)+/gu;
/** Fewer letters than this collide with words ("us", "wp"); more are not typed. */
const IMPLIED_LETTERS = { min: 3, max: 6 };
const LEADING_ARTICLE = /^(?:The|A|An)\s+/;

/** A name's initials: "nws" for "National Weather Service", and "dod" too for "Department of Defense". */
function initialsOf(words: readonly string[]): string[] {
  const skipping = words.filter((w) => !MINOR_WORDS.has(w)).map((w) => w[0]!.toLowerCase()).join('');
  const withOf = words.filter((w) => w === 'of' || !MINOR_WORDS.has(w)).map((w) => w[0]!.toLowerCase()).join('');
  return withOf === skipping ? [skipping] : [skipping, withOf];
}

/**
 * The names a run of capitalised words may hold: itself and each part of it joined by "and";
 * at a sentence's start, each also without its first word ("Lawyers for the Department of Defense").
 */
function namesIn(run: string, startsSentence: boolean): Set<string> {
  const names = new Set<string>();
  for (const part of [run, ...run.split(/[ \t]+and(?:[ \t]+the)?[ \t]+/)]) {
    const words = part.replace(LEADING_ARTICLE, '').split(/[ \t]+/);
    names.add(words.join(' '));
    if (startsSentence && part === run) {
      let next = 1;
      while (next < words.length && MINOR_WORDS.has(words[next]!)) next++;
      if (next < words.length) names.add(words.slice(next).join(' '));
    }
  }
  return names;
}

/**
 * Acronyms the articles use without defining: news writes "the Department of Defense" and
 * readers type "dod". Each capitalised name gives its initials (three to six letters), and
 * so does each part of it (see namesIn). Initials the text uses as a word ("Secretary of War" and
 * the word "sow") are not taken, nor function words; a defined acronym wins over an implied one.
 */
export function impliedAcronyms(text: string): Acronym[] {
  const found = new Map<string, Acronym>();
  let wordsInText: Set<string> | undefined;
  for (const m of text.matchAll(CAPITALISED_NAME)) {
    const startsSentence = /(?:^|[.!?:\n]\s*)$/.test(text.slice(Math.max(0, m.index - 3), m.index));
    for (const name of namesIn(m[0], startsSentence)) {
      const words = name.split(/[ \t]+/);
      for (const initials of initialsOf(words)) {
        if (initials.length < IMPLIED_LETTERS.min || initials.length > IMPLIED_LETTERS.max || found.has(initials)) continue;
        wordsInText ??= new Set([...text.matchAll(/\p{L}+/gu)].map((w) => w[0]).filter((w) => w !== w.toUpperCase()).map((w) => w.toLowerCase()));
        if (wordsInText.has(initials) || STOP_WORDS.has(initials)) continue;
        const acronym = toAcronym(initials, name);
        if (acronym) found.set(initials, acronym);
      }
    }
  }
  return [...found.values()];
}
