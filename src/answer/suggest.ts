/**
 * Questions the corpus can answer, for autocomplete: FAQ-style question headings,
 * "Who is …?" for the people the articles name, "What is …?" for the acronyms they define,
 * and "Who signed the agreement?" where an article says "the agreement was signed by …".
 * Each is kept only if the engine really answers it.
 */
import MiniSearch from 'minisearch';
import type { AnswerEngine } from './engine.js';
import { nameKind, namesIn } from './features.js';
import { cleanQuestion } from './question.js';
import { STOP_WORDS } from '../search/stopwords.js';
import { allSteps, type Steps } from '../text/steps.js';

/** Discord's limit for an autocomplete choice, and a sensible cap for any list. */
export const MAX_SUGGESTION_CHARS = 100;
const MAX_BANK = 60;
/** Passages read for passive sentences ("signed by …", see `agentQuestions`) between two steps of a build. */
const PASSAGES_A_STEP = 256;
const TITLES = new Set(
  'acting interim secretary commissioner judge justice president co-president vice chief senator sen rep representative governor gov mayor director attorney general spokesperson spokesman spokeswoman former deputy minister prime chair chairman chairwoman'.split(' '),
);

interface Suggestion {
  id: number;
  text: string;
}

/** Passages read for names between two steps: finding the names of 256 took 17 ms, too long for a step. */
const NAME_PASSAGES_A_STEP = 64;
/** Names counted, or passages looked at for a question heading, between two steps: a few ms of work. */
const CHEAP_ITEMS_A_STEP = 4096;

function* peopleIn(engine: AnswerEngine): Steps<string[]> {
  const counts = new Map<string, number>();
  const words = new Map<string, number>();
  const { passages } = engine.corpus;
  for (let i = 0; i < passages.length; i++) {
    const passage = passages[i]!;
    if (i % NAME_PASSAGES_A_STEP === NAME_PASSAGES_A_STEP - 1) yield;
    for (const name of namesIn(passage.text, new Set())) {
      if (nameKind(name) < 1) continue;
      // "Port Authority Chair Ada Hale" → "Ada Hale": drop what stands before the last title, then leading titles and acronyms.
      let parts = name.split(/\s+/);
      const lastTitle = parts.findLastIndex((word) => TITLES.has(word.toLowerCase()));
      if (lastTitle >= 0 && parts.length - lastTitle > 2) parts = parts.slice(lastTitle + 1);
      while (parts.length > 0 && (TITLES.has(parts[0]!.toLowerCase()) || /^[A-Z]{2,}$/.test(parts[0]!))) parts.shift();
      if (parts.length < 2) continue;
      const short = parts.join(' ');
      counts.set(short, (counts.get(short) ?? 0) + 1);
    }
    for (const word of passage.text.match(/\b[A-Z][a-z]+\b/g) ?? []) words.set(word, (words.get(word) ?? 0) + 1);
  }
  // A person is named in full and again by surname, or in full more than once.
  const named: [string, number][] = [];
  let seen = 0;
  for (const entry of counts) {
    const [name, n] = entry;
    if (n >= 2 || (words.get(name.split(/\s+/).at(-1) ?? '') ?? 0) >= 2) named.push(entry);
    if (++seen % CHEAP_ITEMS_A_STEP === 0) yield;
  }
  yield;
  // Only the most-named can fill the bank: sorting every name of a large corpus held a refresh's step for 60 ms.
  const least = yield* leastCountKept(named);
  const top = least > 1 ? named.filter(([, n]) => n >= least) : named;
  yield;
  const surnames = new Set<string>();
  return top
    .sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)
    .map(([name]) => name)
    .filter((name) => {
      const surname = name.split(/\s+/).at(-1)!;
      if (surnames.has(surname)) return false;
      surnames.add(surname);
      return true;
    });
}

/** Names sorted at most (more when they tie with the last): far more than a bank of {@link MAX_BANK} can take. */
const NAMES_SORTED = 1000;

/** The smallest count among the {@link NAMES_SORTED} most-named (ties kept). */
function* leastCountKept(named: readonly [string, number][]): Steps<number> {
  if (named.length <= NAMES_SORTED) return 0;
  const byCount = new Map<number, number>();
  for (const [i, [, n]] of named.entries()) {
    byCount.set(n, (byCount.get(n) ?? 0) + 1);
    if (i % CHEAP_ITEMS_A_STEP === CHEAP_ITEMS_A_STEP - 1) yield;
  }
  let kept = 0;
  for (const count of [...byCount.keys()].sort((x, y) => y - x)) {
    kept += byCount.get(count)!;
    if (kept >= NAMES_SORTED) return count;
  }
  return 0;
}

/** "The agreement was signed by …": a thing, a regular past participle, and its agent after "by". */
const PASSIVE_AGENT = /\b(?:the|this|that) ((?:[a-z]+ ){0,2}[a-z]{3,}) (?:is|was|were|are|has been|had been|have been) ([a-z]{3,}ed) by (?=(?:[A-Z]|the |an? ))/gi;

/** "Who signed the agreement?" for each thing an article says someone did something to. */
export function agentQuestions(texts: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(PASSIVE_AGENT)) {
      const thing = match[1]!.toLowerCase();
      if (thing.split(' ').some((w) => STOP_WORDS.has(w))) continue;
      out.add(`Who ${match[2]!.toLowerCase()} the ${thing}?`);
    }
  }
  return [...out];
}

export class Suggester {
  private constructor(
    private readonly bank: Suggestion[],
    private readonly search: MiniSearch<Suggestion>,
  ) {}

  static build(engine: AnswerEngine): Suggester {
    return allSteps(Suggester.building(engine));
  }

  /** {@link build} in steps (see `text/steps.ts`): a step per question asked, and per few hundred passages read. */
  static *building(engine: AnswerEngine): Steps<Suggester> {
    const candidates = new Set<string>();
    for (const [i, passage] of engine.corpus.passages.entries()) {
      if (passage.heading?.endsWith('?')) candidates.add(passage.heading);
      if (i % CHEAP_ITEMS_A_STEP === CHEAP_ITEMS_A_STEP - 1) yield;
    }
    for (const name of yield* peopleIn(engine)) candidates.add(`Who is ${name}?`);
    const { passages } = engine.corpus;
    for (let from = 0; from < passages.length; from += PASSAGES_A_STEP) {
      for (const question of agentQuestions(passages.slice(from, from + PASSAGES_A_STEP).map((p) => p.text))) candidates.add(question);
      yield;
    }
    for (const acronym of engine.index.analyzer.acronyms.values()) candidates.add(`What is the ${acronym.longForm} (${acronym.term.toUpperCase()})?`);
    const bank: Suggestion[] = [];
    for (const text of candidates) {
      if (bank.length >= MAX_BANK) break;
      if (text.length > MAX_SUGGESTION_CHARS) continue;
      if (engine.ask(text, { top: 1 }).confidence === 'high') bank.push({ id: bank.length, text });
      yield;
    }
    return Suggester.fromQuestions(bank.map((s) => s.text));
  }

  /** A suggester over questions already checked to be answerable (a snapshot's). */
  static fromQuestions(questions: readonly string[]): Suggester {
    const bank = questions.map((text, id) => ({ id, text }));
    const search = new MiniSearch<Suggestion>({ fields: ['text'], storeFields: ['text'] });
    search.addAll(bank);
    return new Suggester(bank, search);
  }

  /** Every question this suggester can offer, best first. */
  get questions(): string[] {
    return this.bank.map((s) => s.text);
  }

  get size(): number {
    return this.bank.length;
  }

  /** Up to `limit` questions from the bank close to `question` (none when nothing is close). */
  related(question: string, limit: number): string[] {
    const text = cleanQuestion(question);
    if (text === '') return [];
    return this.search
      // Only the words that say what it is about: "who is" alone makes nothing close.
      .search(text, { fuzzy: 0.25, prefix: true, combineWith: 'OR', processTerm: (term) => (STOP_WORDS.has(term.toLowerCase()) ? null : term.toLowerCase()) })
      .slice(0, limit)
      .map((r) => this.bank[r.id as number]!.text);
  }

  /** Up to `limit` questions for what has been typed so far; the typed text itself comes first. */
  suggest(typed: string, limit = 25): string[] {
    const text = cleanQuestion(typed);
    if (text === '') return this.bank.slice(0, limit).map((s) => s.text);
    const ranked = this.search
      .search(text, { prefix: true, fuzzy: 0.2, combineWith: 'OR' })
      .map((r) => this.bank[r.id as number]!.text);
    // A choice submits its value: a question too long for one would be sent cut short, so it is not offered.
    const own = text.length <= MAX_SUGGESTION_CHARS ? [text] : [];
    return [...new Set([...own, ...ranked])].slice(0, limit);
  }
}
