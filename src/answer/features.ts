/**
 * Surface cues that a sentence holds the kind of fact a question asks for:
 * a name for "who", a number for "how much", a date for "when", a cause for "why".
 */
import type { QuestionType } from './question.js';

const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec';
const WEEKDAYS = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday';

const QUANTITY = /(\$\s?\d|\d\s?%|\b\d+(?:[.,]\d+)*\s?(?:percent|per cent|million|billion|trillion|thousand|bn|mn|m\b)|\b\d{1,3}(?:,\d{3})+\b|\b(?!(?:19|20)\d{2}\b)\d{2,}\b|\b(?:half|third|quarter|dozens?|hundreds?|thousands?|millions?|billions?)\b)/i;
/** A length of time ("for weeks", "two years", "18 months", "since the 1950s"): what "how long" asks for. */
const DURATION = /\bsince (?:the )?(?:early |late |mid-?)?(?:\d{4}s?|\d{1,2}(?:st|nd|rd|th) century)\b|\b(?:(?:for|over|in|within|after|nearly|almost|about|more than|several|a few|many|the past|the last|\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|fifty|hundred)[\s-]+)(?:hours?|days?|weeks?|months?|years?|decades?|centuries|century)\b/i;
const DATE = new RegExp(
  `\\b((${MONTHS})\\.?\\s+\\d{1,2}\\b|\\d{1,2}\\s+(${MONTHS})\\b|(${MONTHS})\\b|(${WEEKDAYS})\\b|(19|20)\\d{2}\\b|as of\\b|yesterday|last (week|month|year)|this (week|month|year)|earlier this|(early|late) on)`,
  'i',
);
const CAUSE = /\b(because|due to|in part over|over (concerns?|fears?)|amid|in protest|in order to|so that|so as to|driven by|part of (an?|the) (initiative|effort|plan|push|campaign)|attributed to|aims? to|aimed at|intended to|designed to|meant to|efforts? to|the reason|citing|as a result|after being|over being|to (identify|locate|help|facilitate|support|prevent|combat|end|track|aid|speed|find))\b/i;
// "the National Aeronautics and Space Administration (NASA)": a name introduced with its acronym defines the acronym.
const DEFINITION = /\b(is an?|are|refers to|stands for|known as|, or [A-Z]{2,}|means)\b|\([A-Z]{2,}s?\)/;

// A capitalised word that does not open the sentence: a name, a body, a place.
const NAME = /(?<=[\p{Ll}\p{N},;:"'“”‘’(]\s+)(?:[A-Z][\p{L}'’-]+|[A-Z]\.)(?:\s+(?:(?:of|for|de|del|la|van|von)\s+)?(?:[A-Z][\p{L}'’-]+|[A-Z]\.))*/gu;
const NOT_NAMES = new Set([...MONTHS.split('|'), ...WEEKDAYS.split('|'), 'i', 'the', 'a', 'an', 'it', 'this', 'that', 'he', 'she', 'they', 'we']);

/** Capitalised names in `sentence`, except those already named in the question. */
export function namesIn(sentence: string, questionTerms: ReadonlySet<string>): string[] {
  const names: string[] = [];
  for (const match of sentence.matchAll(NAME)) {
    const words = match[0].split(/\s+/).filter((w) => !NOT_NAMES.has(w.toLowerCase().replace(/[.'’]/g, '')));
    if (words.length === 0) continue;
    if (words.every((w) => questionTerms.has(w.toLowerCase().replace(/['’]s$/, '')))) continue;
    names.push(words.join(' '));
  }
  return names;
}

// Last words that make a capitalised name a body rather than a person.
const ORGANISATION = new Set(
  `service department security enforcement council court house post times news agency administration office party
  union bureau commission congress senate committee network association institute university group groups
  company corporation inc corp foundation center centre board authority ministry police
  government states nations republic county city state trust fund bank journal press review tribune guardian`.split(/\s+/),
);

/** 1 for a person's name ("Ada Hale", "Jon B. Ortiz"), 0.5 for another proper name. */
export function nameKind(name: string): number {
  const words = name.split(/\s+/);
  const last = (words.at(-1) ?? '').toLowerCase().replace(/[.,'’]/g, '');
  if (words.length >= 2 && !ORGANISATION.has(last) && !/^[A-Z]{2,}$/.test(words.at(-1) ?? '')) return 1;
  return 0.5;
}

/**
 * The shapes of fact a text holds, each found on first use and kept, so that many
 * questions can ask about the same passage and each pays only for the shape it asks about.
 */
export class TextShape {
  #names: { words: string[]; kind: number }[] | undefined;
  #quantity: boolean | undefined;
  #duration: boolean | undefined;
  #date: boolean | undefined;
  #cause: boolean | undefined;
  #definition: boolean | undefined;

  constructor(private readonly text: string) {}

  /** Capitalised names, as words, with their kind (see `nameKind`). */
  get names(): { words: string[]; kind: number }[] {
    return (this.#names ??= namesIn(this.text, NO_WORDS).map((name) => ({ words: name.split(' '), kind: nameKind(name) })));
  }
  get quantity(): boolean {
    return (this.#quantity ??= QUANTITY.test(this.text));
  }
  get duration(): boolean {
    return (this.#duration ??= DURATION.test(this.text));
  }
  get date(): boolean {
    return (this.#date ??= DATE.test(this.text));
  }
  get cause(): boolean {
    return (this.#cause ??= CAUSE.test(this.text));
  }
  get definition(): boolean {
    return (this.#definition ??= DEFINITION.test(this.text));
  }
}

const NO_WORDS: ReadonlySet<string> = new Set();

/** `typeFit` of a text whose shape is known. */
export function shapeFit(type: QuestionType, shape: TextShape, questionWords: ReadonlySet<string>): number {
  const news = (name: { words: string[] }) => !name.words.every((w) => questionWords.has(w.toLowerCase().replace(/['’]s$/, '')));
  switch (type) {
    case 'who': {
      let best = 0;
      for (const name of shape.names) if (name.kind > best && news(name)) best = name.kind;
      return best;
    }
    case 'quantity':
      // "How long" asks for a length of time, which needs no digit ("for weeks").
      return shape.quantity || (questionWords.has('long') && shape.duration) ? 1 : 0;
    case 'when':
      return shape.date ? 1 : 0;
    case 'why':
      return shape.cause ? 1 : 0;
    case 'where':
      return shape.names.some(news) ? 0.5 : 0;
    case 'definition':
      return shape.definition ? 0.5 : 0;
    default:
      return 0;
  }
}

/**
 * How well a sentence's shape fits the question type, from 0 to 1. `questionWords`
 * are the question's lower-cased words, so a name the user already typed is not news.
 */
export function typeFit(type: QuestionType, sentence: string, questionWords: ReadonlySet<string>): number {
  return shapeFit(type, new TextShape(sentence), questionWords);
}

const REPORTS_WORDS = /["“”]|\b(?:say|says|said|saying|told|tells|state[sd]?|call(?:s|ed)|describe[sd]|argue[sd]?|warn(?:s|ed)|claim(?:s|ed)|wr(?:ote|ites)|added|noted|insist(?:s|ed)|according to|think(?:s)?|thought|believe[sd]?)\b/i;

/** Whether a sentence quotes or reports someone's words: the kind that answers "what did X say". */
export function reportsWords(sentence: string): boolean {
  return REPORTS_WORDS.test(sentence);
}

/**
 * A passive sentence naming who did what was asked about: "signed by … Ada Hale",
 * for "Who signed it?". `isAsked` says whether a word is one of the question's.
 */
export function agentCue(sentence: string, isAsked: (word: string) => boolean, questionWords: ReadonlySet<string>): number {
  for (const match of sentence.matchAll(/([\p{L}'’-]+)\s+by\s+/gu)) {
    if (!isAsked(match[1]!)) continue;
    const after = sentence.slice(match.index + match[0].length, match.index + match[0].length + 80);
    if (namesIn(` ${after}`, questionWords).length > 0 || /^\p{Lu}/u.test(after)) return 1;
  }
  return 0;
}
