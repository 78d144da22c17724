/**
 * Is a question written in English? The articles are English and storydesk
 * quotes them, so a question in another language only finds sentences that
 * share its names. Told by the share of the question's words that English
 * knows (function words and dictionary words, a typo of one counting as one),
 * so nothing here knows any other language, or the story.
 */

/** What counts as an English word. */
export interface EnglishWords {
  /** A function word ("the", "who", "did"), lower case. */
  isFunctionWord(word: string): boolean;
  /** A dictionary word in any of its forms ("signed", "immigrants"), lower case. */
  isWord(word: string): boolean;
}

export interface LanguageVerdict {
  english: boolean;
  /** Words weighed (names and one-letter words are left out). */
  words: number;
  /** Of those, the ones English knows. */
  known: number;
}

/** Below this share of known words, with at least {@link MIN_WORDS} weighed, a question is not English. */
export const MIN_KNOWN_SHARE = 0.5;
export const MIN_WORDS = 3;
/** The share needed when a short unknown word and no English function word suggest another language. */
export const FOREIGN_HINT_SHARE = 0.75;

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Every string one edit (insert, delete, substitute, swap) from `word`, in a–z. */
function* oneEdit(word: string): Generator<string> {
  for (let i = 0; i <= word.length; i += 1) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    for (const c of LETTERS) yield head + c + tail;
    if (tail.length > 0) {
      yield head + tail.slice(1);
      for (const c of LETTERS) if (c !== tail[0]) yield head + c + tail.slice(1);
      if (tail.length > 1) yield head + tail[1] + tail[0] + tail.slice(2);
    }
  }
}

function isKnown(word: string, english: EnglishWords): boolean {
  if (english.isFunctionWord(word) || english.isWord(word)) return true;
  // A typo of an English word is English ("signd", "anounced"); only plain letters, and not in short words.
  if (word.length < 4 || !/^[a-z]+$/.test(word)) return false;
  for (const variant of oneEdit(word)) if (english.isFunctionWord(variant) || english.isWord(variant)) return true;
  return false;
}

/**
 * Whether `question` reads as English. Words in another script count against it;
 * capitalised words after the first are names and are not weighed, nor are
 * one-letter words. A short word English does not know ("qui", "wer") with no
 * English function word beside it asks for more known words; two English
 * function words ask for fewer.
 */
export function judgeEnglish(question: string, english: EnglishWords): LanguageVerdict {
  const tokens = question.match(/[\p{L}\p{M}]+/gu) ?? [];
  let words = 0;
  let known = 0;
  let functionWords = 0;
  // A short word English does not know ("qui", "wer", "het") is rarely a typo: another language's function word.
  let unknownShort = 0;
  // A word English does not know in another script, or with letters English does not use ("signé", "firmó").
  let plainlyForeign = false;
  tokens.forEach((token, i) => {
    const lower = token.toLowerCase();
    if (/^\p{Script=Latin}+$/u.test(token.normalize('NFC')) === false) {
      // Another script: Cyrillic, Greek, Han, Arabic… counts as a word English does not know.
      words += 1;
      plainlyForeign = true;
      return;
    }
    if (lower.length < 2 && lower !== 'i') return;
    if (i > 0 && /^\p{Lu}/u.test(token) && !english.isFunctionWord(lower)) return;
    words += 1;
    if (english.isFunctionWord(lower)) functionWords += 1;
    if (isKnown(lower, english)) known += 1;
    else {
      if (lower.length <= 3) unknownShort += 1;
      if (/[^a-z]/.test(lower)) plainlyForeign = true;
    }
  });
  const foreignHint = unknownShort > 0 && functionWords === 0;
  if (words < MIN_WORDS) {
    // Too short to weigh by share (an acronym or two): foreign only when no word is English and one is plainly not.
    return { english: known > 0 || !plainlyForeign, words, known };
  }
  const share = known / words;
  if (foreignHint) return { english: share >= FOREIGN_HINT_SHARE, words, known };
  return { english: share >= MIN_KNOWN_SHARE || (functionWords >= 2 && share >= MIN_KNOWN_SHARE - 0.15), words, known };
}
