/**
 * Chat English to standard English, before a question is analysed: "who signd the lease
 * b4 u asked" reads as "who signd the lease before you asked". General English only.
 *
 * Only whole words are rewritten, and everything else (punctuation, digits, the case of
 * other words) is kept. A word written all in capitals (FBI, NATO, US) is taken for an
 * acronym and left alone, as is any word that is part of a dotted abbreviation ("u.s.",
 * "n.y."), a web address, a hyphenated word or a contraction with an apostrophe.
 */

/** Chat words and their standard English, for words that may be written in any case but all capitals. */
const WORDS: Readonly<Record<string, string>> = {
  ppl: 'people',
  ppls: "people's",
  govt: 'government',
  b4: 'before',
  bc: 'because',
  bcuz: 'because',
  becuz: 'because',
  bcoz: 'because',
  cuz: 'because',
  coz: 'because',
  abt: 'about',
  info: 'information',
  pls: 'please',
  plz: 'please',
  rn: 'right now',
  tho: 'though',
  altho: 'although',
  thru: 'through',
  wut: 'what',
  whats: 'what is',
  wats: 'what is',
  wheres: 'where is',
  whys: 'why is',
  whos: 'who is',
  hows: 'how is',
  whens: 'when is',
  thats: 'that is',
  theres: 'there is',
  nvm: 'never mind',
  idk: 'I do not know',
  imo: 'in my opinion',
  imho: 'in my humble opinion',
  tbh: 'to be honest',
  btw: 'by the way',
  fyi: 'for your information',
  afaik: 'as far as I know',
  iirc: 'if I remember correctly',
  thx: 'thanks',
  thnx: 'thanks',
  msg: 'message',
  msgs: 'messages',
  yr: 'year',
  yrs: 'years',
  mos: 'months',
  wk: 'week',
  wks: 'weeks',
  approx: 'approximately',
  dept: 'department',
  admin: 'administration',
  commish: 'commissioner',
  prez: 'president',
  convo: 'conversation',
  prob: 'probably',
  probs: 'probably',
  esp: 'especially',
  org: 'organization',
  orgs: 'organizations',
  reps: 'representatives',
  docs: 'documents',
  stats: 'statistics',
  intl: 'international',
  natl: 'national',
  mil: 'million',
  bil: 'billion',
  gonna: 'going to',
  wanna: 'want to',
  gotta: 'got to',
  dunno: 'do not know',
  kinda: 'kind of',
  sorta: 'sort of',
  smth: 'something',
  sth: 'something',
  smb: 'somebody',
  sb: 'somebody',
  '2day': 'today',
  '2moro': 'tomorrow',
  '2morrow': 'tomorrow',
  tmrw: 'tomorrow',
  yday: 'yesterday',
  rly: 'really',
  asap: 'as soon as possible',
  dont: 'do not',
  didnt: 'did not',
  doesnt: 'does not',
  isnt: 'is not',
  wasnt: 'was not',
  arent: 'are not',
  werent: 'were not',
  cant: 'cannot',
  wont: 'will not',
  wouldnt: 'would not',
  shouldnt: 'should not',
  couldnt: 'could not',
  hasnt: 'has not',
  havent: 'have not',
  hadnt: 'had not',
  im: 'I am',
  youre: 'you are',
  theyre: 'they are',
  // Question words typed short: the question's type is read from them.
  wen: 'when',
  wher: 'where',
  whr: 'where',
  wht: 'what',
  wtf: 'what',
  bout: 'about',
};

/** Chat words whose capitalised form is usually a name or a real word (Ty, Wat, Ur, Ive): rewritten only in lower case. */
const LOWER_ONLY: Readonly<Record<string, string>> = {
  ty: 'thanks',
  wat: 'what',
  ur: 'your',
  ive: 'I have',
  u: 'you',
};

/** Single letters that stand for a word only between two words: "signed n dated", "what r the", "met w them". */
const BETWEEN_WORDS: Readonly<Record<string, string>> = { n: 'and', r: 'are', w: 'with' };

/** Single letters that stand for a word at the start of a question, before a lower-case word. */
const OPENING_LETTERS: Readonly<Record<string, string>> = { y: 'why', r: 'are' };

/** Abbreviations whose full stop is dropped with them when the sentence goes on: "approx. 90bn". */
const ABBREVIATIONS = new Set(['approx', 'dept', 'govt', 'yr', 'yrs', 'mos', 'wk', 'wks', 'info', 'msg']);

/** Units written straight after a number: "2yrs", "6mo". */
const UNITS: Readonly<Record<string, string>> = { yr: 'year', yrs: 'years', mo: 'month', mos: 'months', wk: 'week', wks: 'weeks' };

/**
 * Chat's interjections say how the member feels, not what they ask: dropped with the
 * punctuation after them ("lol, did the judge block it" asks "did the judge block it").
 * Kept, each would count as a rare word no passage has. Anywhere, in any case:
 */
const INTERJECTIONS = /(?<![\p{L}\p{N}@#/\\'’.-])(?:lol|lmao|lmfao|rofl|omg|omfg|ngl|smh|ikr|fwiw|jk|srsly|bruh|hmm+|um+|uh+)(?![\p{L}\p{N}@#/\\'’-])[\s,.!?:;]*/giu;
/** "fr" (for real) in lower case only: "FR" may be France. */
const FOR_REAL = /(?<![\p{L}\p{N}@#/\\'’.-])fr(?![\p{L}\p{N}@#/\\'’-])[\s,.!?:;]*/gu;
/** Greetings and openers, at the start only, before the question itself: "hey, so who signed it", "quick q: …". */
const OPENERS = /^(?:(?:hey|hi|hello|yo|ok|okay|so|but|dude|bro|guys|(?:quick )?(?:q|question))(?![\p{L}\p{N}@#/\\'’-])[\s,.!:;–—-]*)+(?=\p{L})/iu;

const LETTER = /\p{L}/u;
const LOWER_LETTER = /\p{Ll}/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;
/** Characters next to which a word is part of something else: an address, a mention, a hyphenated word, code. */
const JOINED = /[\p{L}\p{N}_@#/\\\-'’:`<>=+*]/u;

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `replacement` in the case of `original`: capitalised if it was, else as written. */
function inCaseOf(original: string, replacement: string): string {
  const first = original.charAt(0);
  return first !== first.toLowerCase() ? capitalise(replacement) : replacement;
}

function isAllCaps(word: string): boolean {
  return word.length > 1 && word === word.toUpperCase() && word !== word.toLowerCase();
}

/** The character before the spaces before `offset`, if there is at least one space. */
function wordBefore(text: string, offset: number): string | undefined {
  let p = offset - 1;
  if (p < 0 || !/\s/.test(text[p]!)) return undefined;
  while (p >= 0 && /\s/.test(text[p]!)) p--;
  return p >= 0 ? text[p] : undefined;
}

/** The character after the spaces after `end`, if there is at least one space. */
function wordAfter(text: string, end: number): string | undefined {
  let p = end;
  if (p >= text.length || !/\s/.test(text[p]!)) return undefined;
  while (p < text.length && /\s/.test(text[p]!)) p++;
  return p < text.length ? text[p] : undefined;
}

const SYMBOLS = /(?<![\p{L}\p{N}/.:])(?:(gov['’]t|w\/o|b\/c)(?![\p{L}\p{N}/])|(w\/)(?=\s|[\p{L}\p{N}]))|(?<=^|\s)([&+%])(?=\s|$)/giu;
const TOKEN = /[\p{L}\p{N}]+(?:['’]s(?![\p{L}\p{N}]))?(?:\.(?=\s+[\p{Ll}\p{N}]))?/gu;

/** A symbol standing alone between words: "dhs + ice", "what % of them". */
const LONE_SYMBOLS: Readonly<Record<string, string>> = { '&': 'and', '+': 'and', '%': 'percent' };

function rewriteSymbol(match: string, word: string | undefined, withSlash: string | undefined, lone: string | undefined, offset: number, text: string): string {
  if (lone !== undefined) return LONE_SYMBOLS[lone]!;
  if (withSlash !== undefined) {
    const next = text[offset + match.length];
    return inCaseOf(withSlash, next !== undefined && WORD_CHAR.test(next) ? 'with ' : 'with');
  }
  if (word === undefined) return match;
  const lower = word.toLowerCase();
  return inCaseOf(word, lower === 'w/o' ? 'without' : lower === 'b/c' ? 'because' : 'government');
}

function rewriteToken(match: string, offset: number, text: string): string {
  const dot = match.endsWith('.') ? '.' : '';
  const withoutDot = dot ? match.slice(0, -1) : match;
  const possessive = /['’]s$/u.test(withoutDot) ? withoutDot.slice(-2) : '';
  const word = possessive ? withoutDot.slice(0, -2) : withoutDot;
  const end = offset + withoutDot.length;
  const before = text[offset - 1];
  const after = text[end];
  if (before !== undefined && JOINED.test(before)) return match;
  if (after !== undefined && !dot && JOINED.test(after) && !possessive) return match;
  // Part of a dotted abbreviation: "u.s.", "n.y.", "info.gov".
  if (before === '.' && offset >= 2 && LETTER.test(text[offset - 2]!)) return match;
  if (after === '.' && end + 1 < text.length && WORD_CHAR.test(text[end + 1]!)) return match;
  if (isAllCaps(word)) return match;
  const lower = word.toLowerCase();
  const keepDot = (expanded: string, key: string): string => expanded + possessive + (ABBREVIATIONS.has(key) ? '' : dot);

  const unit = /^(\d+)(\p{L}+)$/u.exec(lower);
  if (unit && UNITS[unit[2]!] !== undefined && !possessive) return `${unit[1]} ${UNITS[unit[2]!]}${dot}`;

  const standard = WORDS[lower];
  if (standard !== undefined) return keepDot(inCaseOf(word, standard), lower);
  if (word === lower && LOWER_ONLY[lower] !== undefined) return keepDot(LOWER_ONLY[lower], lower);
  if (possessive || dot) return match;

  // "y did they" and "r they sharing": a question opens with the word, never with the letter.
  const opening = OPENING_LETTERS[lower];
  if (opening !== undefined && text.slice(0, offset).trim() === '') {
    const next = wordAfter(text, end);
    return next !== undefined && LOWER_LETTER.test(next) ? inCaseOf(word, opening) : match;
  }
  const between = BETWEEN_WORDS[word];
  if (between !== undefined) {
    const prev = wordBefore(text, offset);
    const next = wordAfter(text, end);
    return prev !== undefined && next !== undefined && LETTER.test(prev) && LETTER.test(next) ? between : match;
  }
  if (lower === 'mo' && word === lower) {
    const prev = wordBefore(text, offset);
    return prev !== undefined && /\d/.test(prev) ? 'month' : match;
  }
  return match;
}

/**
 * Rewrites common chat abbreviations and apostrophe-less contractions to standard
 * English, keeping everything else as typed.
 *
 * @example
 * expandChatWords('whats an apr'); // 'what is an apr'
 * expandChatWords('wat month was it signed n what day'); // 'what month was it signed and what day'
 * expandChatWords('is the case still going rn'); // 'is the case still going right now'
 * expandChatWords('lol did the judge block it'); // 'did the judge block it'
 * expandChatWords('did the U.S. tell the FBI'); // unchanged
 */
export function expandChatWords(question: string): string {
  const withoutInterjections = question.replace(INTERJECTIONS, '').replace(FOR_REAL, '').replace(OPENERS, '');
  // A question that is nothing but an interjection ("lol") stays as typed: it asks nothing either way.
  const text = withoutInterjections.trim() === '' ? question : withoutInterjections.trimEnd();
  return text.replace(SYMBOLS, rewriteSymbol).replace(TOKEN, rewriteToken);
}
