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
  const parts = run.includes(' and ') ? [run, ...run.split(/[ \t]+and(?:[ \t]+the)?[ \t]+/)] : [run];
  for (const part of parts) {
    const withoutArticle = part.replace(LEADING_ARTICLE, '');
    const words = withoutArticle.split(/[ \t]+/);
    names.add(words.join(' '));
    // "The" was the sentence's first word; otherwise the first word may be ("Lawyers for the…").
    if (startsSentence && part === run && withoutArticle === part) {
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
  let lowerText: string | undefined;
  for (const { run, startsSentence } of capitalisedRuns(text)) {
    for (const name of namesIn(run, startsSentence)) {
      const words = name.split(/[ \t]+/);
      for (const initials of initialsOf(words)) {
        if (initials.length < IMPLIED_LETTERS.min || initials.length > IMPLIED_LETTERS.max || found.has(initials) || STOP_WORDS.has(initials)) continue;
        lowerText ??= text.toLowerCase();
        if (usedAsWord(text, lowerText, initials)) continue;
        const acronym = toAcronym(initials, name);
        if (acronym) found.set(initials, acronym);
      }
    }
  }
  return [...found.values()];
}

/** Whether `word` (lower case) stands in the text as a word not in capitals. */
function usedAsWord(text: string, lowerText: string, word: string): boolean {
  for (let at = lowerText.indexOf(word); at >= 0; at = lowerText.indexOf(word, at + 1)) {
    const end = at + word.length;
    if ((at > 0 && isLetterCode(text.charCodeAt(at - 1))) || (end < text.length && isLetterCode(text.charCodeAt(end)))) continue;
    if (text.slice(at, end) !== text.slice(at, end).toUpperCase()) return true;
  }
  return false;
}

// Letters by their case, so that any script with capitals counts; a char-code walk with a fast
// path for ASCII, since a Unicode regex over every article costs a second at 100k passages.
const isUpperCode = (c: number) => (c >= 65 && c <= 90) || (c > 127 && String.fromCharCode(c) !== String.fromCharCode(c).toLowerCase());
const isLowerCode = (c: number) => (c >= 97 && c <= 122) || (c > 127 && String.fromCharCode(c) !== String.fromCharCode(c).toUpperCase());
const isLetterCode = (c: number) => isUpperCode(c) || isLowerCode(c);
const WORD_INNER = new Set([39, 0x2019, 45]); // ' ’ -

/**
 * Runs of capitalised words ("Department of Defense", "Bank of New York"), minor words allowed
 * between them, on one line with only spaces between: a word in capitals (an acronym), a lone
 * initial, punctuation or a line break ends one. `startsSentence`: it opens the text, a line or a sentence.
 */
function capitalisedRuns(text: string): { run: string; startsSentence: boolean }[] {
  const runs: { run: string; startsSentence: boolean }[] = [];
  let words: string[] = [];
  let pendingMinor: string[] = [];
  let runStartsSentence = false;
  const end = () => {
    // Two words give two initials, too few to take (IMPLIED_LETTERS).
    if (words.length >= IMPLIED_LETTERS.min) runs.push({ run: words.join(' '), startsSentence: runStartsSentence });
    words = [];
    pendingMinor = [];
  };
  let i = 0;
  let sentenceStart = true;
  let joined = false;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (!isLetterCode(c)) {
      if (c !== 32 && c !== 9) {
        joined = false;
        // . ! ? : and a line break open a sentence; quotes and brackets before its first word keep it open.
        if (c === 46 || c === 33 || c === 63 || c === 58 || c === 10) sentenceStart = true;
        else if (c !== 34 && c !== 0x201c && c !== 0x2018 && c !== 40) sentenceStart = false;
      }
      i++;
      continue;
    }
    let j = i + 1;
    while (j < text.length && (isLetterCode(text.charCodeAt(j)) || (WORD_INNER.has(text.charCodeAt(j)) && j + 1 < text.length && isLetterCode(text.charCodeAt(j + 1))))) j++;
    const capitalised = j - i >= 2 && isUpperCode(c) && isLowerCode(text.charCodeAt(i + 1));
    if (capitalised) {
      const word = text.slice(i, j);
      if (words.length > 0 && joined) {
        words.push(...pendingMinor, word);
        pendingMinor = [];
      } else {
        end();
        words = [word];
        runStartsSentence = sentenceStart;
      }
    } else if (words.length > 0 && joined && j - i <= 3 && MINOR_WORDS.has(text.slice(i, j))) pendingMinor.push(text.slice(i, j));
    else if (words.length > 0) end();
    sentenceStart = false;
    joined = true;
    i = j;
  }
  end();
  return runs;
}
