/**
 * What a question asks for, and the terms it is matched by.
 */
import { baseForm, type Acronym, type Analyzer } from '../search/analyze.js';
import { expandChatWords } from '../search/chat.js';
import type { TermGroup } from '../search/index.js';

/** What the corpus and the language know, for matching a question's words. */
export interface QuestionVocabulary {
  /** The corpus uses this term. */
  has(term: string): boolean;
  /** The corpus term a misspelt term (typed as `word`) most likely meant. */
  correct(term: string, word?: string): string | undefined;
  /** The name whose initials a term not in the corpus is ("dod": the Department of Defense). */
  spelledOut(term: string): Acronym | undefined;
  /** General-English words related to a word (synonyms, derivations); `as: 'noun'` for a word used as a noun. */
  related(word: string, as?: 'noun'): string[];
  /** What a phrasal verb ("step down") means in single words; `[]` for two words that are none. */
  phrasal(verb: string, particle: string): string[];
  /** The word is an English word, not a typo (so it is never "corrected"). */
  isWord(word: string): boolean;
  /** How much a related word counts against the word typed. */
  relatedWeight: number;
}

export type QuestionType = 'who' | 'quantity' | 'when' | 'where' | 'why' | 'definition' | 'yesno' | 'other';

export interface AnalyzedQuestion {
  /** The question as shown back: control characters removed, white space folded. */
  text: string;
  type: QuestionType;
  groups: TermGroup[];
  /** Groups whose term is a spelling correction of what was typed. */
  corrected: number;
  /** Terms of the capitalised names in the question (not its first word): what it is about. */
  nameTerms: string[];
  /** The question's words, lower-cased: a name the user already typed is not news in an answer. */
  words: ReadonlySet<string>;
  /** It says "not", "never", "no"…, typed out or in chat ("didnt", "isnt"). */
  negated: boolean;
  /** It asks what someone said or thinks ("what did the mayor say about it"): the answer is a statement of theirs. */
  asksWhatSaid: boolean;
}

/** Words that turn a statement around; stop words to the index, so they are looked for apart. */
export const NEGATION = /\b(?:not|cannot|never|no|none|neither|nor|without|n['’]t)\b|n['’]t\b/i;

/** "What did X say", "what is X saying", "what does X think": a question after someone's words. */
const ASKS_WHAT_SAID = /^what(?:'s| (?:did|does|do|has|have|had|is|are|was|were))\s.*?\b(?:say|said|saying|think|thinks|thought|tell|told|write|wrote|claim|claimed|argue|argued)\b/i;

/** Questions are analysed up to this length; a longer paste is not a question. */
export const MAX_QUESTION_CHARS = 1000;
const MAX_GROUPS = 24;

const PERSON_NOUNS =
  'persons?|people|officials?|judges?|commissioners?|secretary|secretaries|senators?|lawyers?|attorneys?|presidents?|leaders?|spokesperson|groups?|organi[sz]ations?|agency|agencies|departments?|courts?|company|companies|outlets?|newspapers?';

const TYPE_PATTERNS: [QuestionType, RegExp][] = [
  ['quantity', /\b(how (much|many|large|big|long|often)|what (percent(age)?|share|fraction|proportion|amount|number|sum)|how many)\b/i],
  ['when', /\b(when|what (date|day|year|month|time)|as of when|since when|how long ago)\b/i],
  ['why', /\b(why|how come|what (reason|reasons|motivated|caused|prompted)|for what reason|what led)\b/i],
  ['where', /\b(where|what (country|city|state|place))\b/i],
  ['who', new RegExp(`\\b(who|whom|whose|(which|what)( (?!(?:did|does|do|is|was|were|are|has|have|had|will|would|can|could)\\b)[\\p{L}-]+){0,3}? (${PERSON_NOUNS}))\\b`, 'iu')],
  ['yesno', /^(is|are|was|were|did|does|do|has|have|had|can|could|will|would|should)\b/i],
];

/** Strips control and zero-width characters and folds white space. */
export function cleanQuestion(raw: string): string {
  return raw
    .replace(/<(?:@[!&]?|#)\d+>|<a?:\w+:\d+>/g, ' ') // Discord mentions and custom emoji say nothing about the story
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A polite opening before the question itself: "can you tell me who…" asks who, not yes or no. */
const ASKING_FOR = /^(?:(?:can|could|would|will) you (?:please )?(?:tell|show) me|(?:do|does) (?:you|anyone) know|(?:please )?tell me|i (?:want|would like) to know)\s+(?=(?:who|whom|whose|what|which|when|where|why|how|if|whether)\b)/i;

/**
 * "What does NASA stand for?", "what does apr mean", "define apr", "the meaning of NATO": a
 * definition asked for in so many words. The words that ask are dropped with `MEANING_WORDS`,
 * or "stand" and "mean" would count as words the definition lacks.
 */
const ASKS_MEANING = /^(?:what (?:does|do|did) .+ (?:mean|stand for)\??$|define\b|(?:what is |what's )?the meaning of\b|what is meant by\b)/i;
const MEANING_WORDS = /\b(?:mean|stand for|define|meaning of|meant by)\b/gi;

export function questionType(text: string): QuestionType {
  const asked = text.replace(ASKING_FOR, '');
  if (asked !== text) return /^(if|whether)\b/i.test(asked) ? 'yesno' : questionType(asked);
  for (const [type, pattern] of TYPE_PATTERNS) if (pattern.test(text)) return type;
  if (/^(what|who)('s| is| are| was| were)\s+(an?\s+|the\s+)?[^\s]+(\s+[^\s]+){0,3}\??$/i.test(text)) return 'definition';
  if (ASKS_MEANING.test(text)) return 'definition';
  return 'other';
}

// Words that frame a question rather than say what it is about, dropped whole.
const SCAFFOLDING = /\b((what|which) (type|kind|sort|types|kinds|sorts) of|(can|could) you (tell|show) me|tell me( about)?|i (want|would like) to know|do you know|please)\b/gi;

/**
 * Words that say how a question is asked, not what about, dropped whole: chat's asides once spelt
 * out ("rn", "tbh", "btw" read as "right now", "to be honest", "by the way"), "how come" (a why
 * question, typed before this runs), intensifying adverbs
 * ("did they actually", "who exactly"), "supposed to" (a modal: "what are they supposed to do"), and the articles themselves ("do any of the articles say").
 * Kept, "right", "honest" or "articles" would count as a rare term the passages lack.
 */
const ASIDES =
  /\b(?:how come|right now|to be honest|in my (?:humble )?opinion|by the way|for your information|as far as i know|if i remember correctly|never mind|actually|exactly|really|basically|literally|honestly|seriously|supposed to)\b/gi;
/** The same for the articles themselves ("according to the article"), in lower case and not "of" something: "the Articles of Confederation" is a name. */
const THE_ARTICLES = /\b(?:(?:[Aa]ny|[Aa]ll|[Nn]one|[Oo]ne|[Ss]ome|[Ee]ach|[Ee]ither|[Bb]oth|[Mm]ost) of |[Ii]n |[Ff]rom )?[Tt]he articles\b(?!\s+of\b)|\b[Aa]ccording to the articles?\b(?!\s+of\b)/g;

/**
 * Words after which the next one is a noun ("the deal", "their case"). Not "this" or "that", which
 * also stand alone ("did this change how…"), nor "her" ("did they fire her over it").
 */
const DETERMINERS = new Set(['the', 'a', 'an', 'his', 'its', 'their', 'our', 'my', 'your', 'each', 'every']);

/**
 * The name a question word not in the corpus is the initials of, if any. An English word of its
 * own ("nod", "paw") counts only typed in capitals; acronyms such as "dod" have no one-word synonyms.
 */
function nameOfInitials(term: string, word: string, vocabulary: QuestionVocabulary, inCapitals: ReadonlySet<string>): Acronym | undefined {
  if (vocabulary.has(term)) return undefined;
  const name = vocabulary.spelledOut(term);
  return name && (inCapitals.has(word) || vocabulary.related(word).length === 0) ? name : undefined;
}

export function analyzeQuestion(raw: string, analyzer: Analyzer, vocabulary?: QuestionVocabulary): AnalyzedQuestion {
  const text = cleanQuestion(raw);
  const head = expandChatWords(text.slice(0, MAX_QUESTION_CHARS));
  const type = questionType(head);
  const framed = type === 'definition' && ASKS_MEANING.test(head) ? head.replace(MEANING_WORDS, ' ') : head;
  const topical = framed.replace(SCAFFOLDING, ' ').replace(ASIDES, ' ').replace(THE_ARTICLES, ' ');
  // The word each term was typed as: related words and typos are a word's, not a stem's.
  const typedAs = new Map<string, string>();
  const usedAsNoun = new Set<string>();
  // A verb with its particle ("step down") also matches what the pair means ("resign").
  const meaningOfPair = new Map<string, string[]>();
  let previous = '';
  for (const word of topical.toLowerCase().match(/\p{L}+/gu) ?? []) {
    const term = analyzer.terms(word)[0];
    if (term !== undefined && !typedAs.has(term)) {
      typedAs.set(term, word);
      if (DETERMINERS.has(previous)) usedAsNoun.add(word);
    }
    const pair = previous && vocabulary ? vocabulary.phrasal(previous, word) : [];
    if (pair.length > 0 && !meaningOfPair.has(previous)) meaningOfPair.set(previous, pair);
    previous = word;
  }
  const seen = new Set<string>();
  const groups: TermGroup[] = [];
  let corrected = 0;
  // Names typed as their initials ("dod": the Department of Defense, not defined in the articles).
  const namesTyped: Acronym[] = [];
  const inCapitals = new Set((topical.match(/\b\p{Lu}{2,}s?\b/gu) ?? []).map((w) => w.toLowerCase().replace(/s$/, '')));
  const names = [...topical.matchAll(/(?<=\S\s+)\p{Lu}[\p{L}'’-]+/gu)].map((m) => m[0]);
  const capitalised = new Set(names.map((name) => name.toLowerCase()));
  for (const typed of analyzer.terms(topical)) {
    let term = typed;
    const word = typedAs.get(typed);
    const name = vocabulary && word ? nameOfInitials(term, word, vocabulary, inCapitals) : undefined;
    if (name) {
      // As if typed out: each word of the name, which is what the articles write.
      namesTyped.push(name);
      for (const stem of name.stems.filter((s) => !seen.has(s))) {
        seen.add(stem);
        groups.push({ term: stem, weight: 1, alternatives: [] });
      }
      continue;
    }
    if (vocabulary && !vocabulary.has(term) && !(word && vocabulary.isWord(word))) {
      // A capitalised word the corpus lacks is a name it does not mention, not a misspelt word.
      const nearest = vocabulary.correct(term, word && !capitalised.has(word) ? word : undefined);
      if (nearest !== undefined) {
        term = nearest;
        corrected++;
      }
    }
    if (seen.has(term)) continue;
    seen.add(term);
    const acronym = analyzer.acronyms.get(term);
    // A spelled-out name already yields its acronym term; keep one group for the pair.
    if (acronym && acronym.stems.every((stem) => seen.has(stem)) && acronym.stems.length > 0) {
      for (const stem of acronym.stems) {
        const index = groups.findIndex((g) => g.term === stem);
        if (index >= 0) groups.splice(index, 1);
      }
    }
    const alternatives: TermGroup['alternatives'] = [];
    if (vocabulary && word) {
      const alts = new Set<string>();
      const relatedWords = [...new Set([word, baseForm(word)])].flatMap((form) => vocabulary.related(form, usedAsNoun.has(word) ? 'noun' : undefined));
      for (const related of [...(meaningOfPair.get(word) ?? []), ...relatedWords]) {
        for (const alt of analyzer.terms(related)) if (alt !== term && vocabulary.has(alt)) alts.add(alt);
      }
      for (const alt of alts) alternatives.push({ term: alt, weight: vocabulary.relatedWeight });
    }
    groups.push({ term, weight: 1, alternatives });
    if (groups.length >= MAX_GROUPS) break;
  }
  // A name typed as its initials is one the passage must hold, and no news in an answer.
  const nameTerms = [...new Set([...names.flatMap((name) => analyzer.terms(name)), ...namesTyped.flatMap((n) => n.stems)])];
  const words = new Set([text, ...namesTyped.map((n) => n.longForm)].join(' ').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean));
  return { text, type, groups, corrected, nameTerms, words, negated: NEGATION.test(head), asksWhatSaid: ASKS_WHAT_SAID.test(head) };
}
