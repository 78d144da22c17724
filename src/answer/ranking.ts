/**
 * Ranking in one room: the names of every signal the engine measures, the learned
 * weights that combine them, and the one rule that decides whether to answer.
 *
 * The weights come from `npm run train` (scripts/train.ts), which fits them on
 * public question sets and writes `weights.ts`; nothing here is set by hand to
 * pass a question.
 */
import type { QuestionType } from './question.js';
import { LEARNED } from './weights.js';

/** Question types whose answer has a recognisable shape (a name, a number, a date…). */
export const TYPED: readonly QuestionType[] = ['who', 'quantity', 'when', 'where', 'why', 'definition'];

/** "Holds the asked-for kind of fact", one signal per question type, so each type weighs it alone. */
const FIT_FEATURES = ['fitWho', 'fitQuantity', 'fitWhen', 'fitWhere', 'fitWhy', 'fitDefinition'] as const;
/** The same, in the sentence that holds most of the question: the fact stands next to what was asked. */
const NEAR_FIT_FEATURES = ['nearWho', 'nearQuantity', 'nearWhen', 'nearWhere', 'nearWhy', 'nearDefinition'] as const;

/** Signals of one candidate passage, in vector order. */
export const PASSAGE_FEATURES = [
  'bm25', // BM25+ score over the best candidate's
  'bm25Rank', // 1 / (1 + rank by BM25+)
  'coverage', // share of the question's weight (by rarity) found in the passage
  'matchedShare', // share of the question's terms found, unweighted
  'proximity', // how close together the matched terms stand
  'bigrams', // share of the question's adjacent term pairs found near each other
  'bestSentence', // weighted share found inside one sentence of the passage
  'heading', // share found in the passage's heading
  'neighbour', // extra share found in the passages just before and after
  'neighbourFit', // the neighbour holds the asked-for kind of fact and this passage does not
  'first', // the article's first passage
  'synonymShare', // share of the coverage that came from related words, not the typed ones
  'decoy', // typed question: the sentence that best matches the question lacks the asked-for fact
  'agent', // who question: a sentence says "<what was asked> by <a name>"
  ...FIT_FEATURES,
  ...NEAR_FIT_FEATURES,
] as const;

/**
 * The cheap signals, measured for every BM25+ candidate: a first model on these picks
 * the shortlist that the full passage model (with its per-sentence signals) re-ranks.
 */
export const SHORTLIST_FEATURES = [
  'bm25',
  'bm25Rank',
  'coverage',
  'matchedShare',
  'proximity',
  'bigrams',
  'heading',
  'first',
  'synonymShare',
  ...FIT_FEATURES,
] as const satisfies readonly PassageFeature[];

/** BM25+ candidates measured for each question. */
export const CANDIDATES = 40;
/** Candidates the full passage model re-ranks: the stage-1 model keeps the answer in these ~97% of the time it is among the 40. */
export const SHORTLIST = 10;
/** Top passages whose sentences compete to be the answer (with the best one's neighbours). */
export const SENTENCE_POOL = 3;

/** Signals of one sentence of a top passage, in vector order. */
export const SENTENCE_FEATURES = [
  'coverage', // share of the question's weight in the sentence
  'context', // share found in the rest of its passage only
  'referredContext', // the same, for a sentence that refers back ("It is signed by…", "denied their request")
  'passage', // its passage's probability of being the answer
  'proximity',
  'bigrams',
  'novelty', // share of the sentence's terms the question does not already have
  'question', // ends with "?"
  'short', // under 30 characters
  'first', // the passage's first sentence
  'attribution', // a tweet's attribution line, for who/when questions
  'neighbour', // from the passage next to the best one, not itself among the top passages
  'rescue', // typed question: it has the asked-for fact where the sentence matching the question best has not
  'agent', // who question: "<what was asked> by <a name>"
  'decoy', // typed question: how much of the question it repeats without the asked-for fact
  ...FIT_FEATURES,
] as const;

/** Signals of the whole answer, for confidence. */
export const CONFIDENCE_FEATURES = [
  'bias',
  'probability', // the top passage's probability among the candidates
  'margin', // its score over the runner-up's
  'coverage',
  'matchedShare',
  'sentenceCoverage',
  'sentenceFit', // typed question: the answer sentence has the asked-for shape
  'sentenceReferred', // its coverage with what it refers back to ("It is signed by…") counted in
  'typedNoFit', // typed question: neither the sentence nor the passage has it
  'unknownShare', // share of the question's terms the corpus never uses
  'missingRare', // the rarest question term the answer's passage lacks, by rarity over the rarest possible
  'missingElsewhere', // share of the question's weight the passage lacks but other passages have
  'sentenceMissing', // the rarest question term the answer sentence lacks, by rarity over the rarest possible
  'negation', // the question and the answer sentence disagree on a "not", "never", "no"
  'opposite', // the answer sentence has the opposite (WordNet antonym) of a question word, and not the word
  'missingName', // share of the names the question capitalises that the answer's passage lacks
  'sentenceMissingName', // the same, for the answer sentence
  'missingNumber', // the question has a number the answer's passage lacks
  'askedNegation', // the question asks what did not happen ("what did the court not allow"), and the answer sentence has no "not", "never", "no"
  'swappedName', // the question names someone, something or a number the answer sentence does not, and the sentence has another name or number in its place ("an American ship" asked, "a European ship" written)
  'unsaid', // the question asks what someone said or thinks, and the answer sentence quotes or reports no one's words
  'groups', // number of question terms, over 10
] as const;

/**
 * The confidence model's inputs: every signal, and the product of every two of them (each
 * with itself too), so that a signal may count for more when another is high: a missing rare
 * word matters most when the rest of the question is covered. Still a logistic regression,
 * on these inputs; fitted on them, it told unanswerable SQuAD v2.0 questions from answerable
 * ones better than on the signals alone.
 */
export const CONFIDENCE_INPUTS: readonly string[] = (() => {
  const signals = CONFIDENCE_FEATURES.filter((name) => name !== 'bias');
  const names: string[] = [...CONFIDENCE_FEATURES];
  signals.forEach((a, i) => signals.slice(i).forEach((b) => names.push(`${a}*${b}`)));
  return names;
})();

/** The inputs of the confidence model, from its signals in CONFIDENCE_FEATURES order (bias first). */
export function confidenceInputs(signals: Float64Array): Float64Array {
  const out = new Float64Array(CONFIDENCE_INPUTS.length);
  out.set(signals);
  let at = signals.length;
  for (let i = 1; i < signals.length; i++) for (let j = i; j < signals.length; j++) out[at++] = signals[i]! * signals[j]!;
  return out;
}

/** Signals of whether a question is about the story at all. */
export const TOPIC_FEATURES = [
  'bias',
  'known', // share of the question's terms the corpus uses anywhere
  'knownWeight', // the same, weighted by rarity in the corpus
  'coverage',
  'matchedShare',
  'bestSentence',
  'groups',
] as const;

export type PassageFeature = (typeof PASSAGE_FEATURES)[number];
export type ShortlistFeature = (typeof SHORTLIST_FEATURES)[number];
export type SentenceFeature = (typeof SENTENCE_FEATURES)[number];
export type ConfidenceFeature = (typeof CONFIDENCE_FEATURES)[number];
export type TopicFeature = (typeof TOPIC_FEATURES)[number];

/** A learned linear model: one weight per feature name. Missing names weigh 0. */
export type Weights = Readonly<Record<string, number>>;

export interface Model {
  /** The stage-1 model on SHORTLIST_FEATURES. */
  shortlist: Weights;
  passage: Weights;
  sentence: Weights;
  confidence: Weights;
  topic: Weights;
  /** Weight of a related word (WordNet) relative to the word typed. */
  relatedWeight: number;
  /**
   * A sentence holding the asked-for kind of fact (a name for "who") is chosen over a
   * better-scored one without it when it scores within this much of it: the one that
   * repeats the question is rarely the answer.
   */
  factMargin: number;
  /** P(on topic) below this abstains; P(right) at or above `high` is a confident answer. */
  thresholds: { topic: number; high: number };
}

export const MODEL: Model = LEARNED;

/** Feature vector in the order of `names`, from a record. */
export function vector<N extends string>(names: readonly N[], values: Readonly<Record<N, number>>): Float64Array {
  const out = new Float64Array(names.length);
  names.forEach((name, i) => (out[i] = values[name]));
  return out;
}

/** Position of each name in a feature list, so a vector can be filled by name without a record. */
export function positions<N extends string>(names: readonly N[]): Readonly<Record<N, number>> {
  return Object.fromEntries(names.map((name, i) => [name, i])) as Record<N, number>;
}

export const PASSAGE = positions(PASSAGE_FEATURES);
/** Where each stage-1 signal sits in the full passage vector. */
export const SHORTLIST_IN_PASSAGE = Int32Array.from(SHORTLIST_FEATURES, (name) => PASSAGE[name]);

/** The stage-1 signals of a passage feature vector, in SHORTLIST_FEATURES order. */
export function shortlistVector(passageFeatures: Float64Array): Float64Array {
  return Float64Array.from(SHORTLIST_IN_PASSAGE, (at) => passageFeatures[at]!);
}

/** The slot of a typed question's "holds the asked-for kind of fact" signal (-1 when untyped). */
export function fitSlot(type: QuestionType): number {
  const at = TYPED.indexOf(type);
  return at < 0 ? -1 : PASSAGE[FIT_FEATURES[at]!];
}

/** The same, for the sentence-level "near" signal. */
export function nearFitSlot(type: QuestionType): number {
  const at = TYPED.indexOf(type);
  return at < 0 ? -1 : PASSAGE[NEAR_FIT_FEATURES[at]!];
}

/** The name of a typed question's fit signal ('fitWho' for who), undefined when untyped. */
export function fitName(type: QuestionType): (typeof FIT_FEATURES)[number] | undefined {
  return FIT_FEATURES[TYPED.indexOf(type)];
}

/** A feature vector as a record, for `--explain`. */
export function record<N extends string>(names: readonly N[], features: Float64Array): Record<N, number> {
  return Object.fromEntries(names.map((name, i) => [name, features[i]!])) as Record<N, number>;
}

/** Weights laid out in the order of `names`, for fast dot products. */
export function weightVector(names: readonly string[], weights: Weights): Float64Array {
  return Float64Array.from(names, (name) => weights[name] ?? 0);
}

export function dot(weights: Float64Array, features: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < features.length; i++) sum += weights[i]! * features[i]!;
  return sum;
}

export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export type Confidence = 'high' | 'low';
export type Decision = Confidence | 'abstain';

/**
 * The one rule that decides: abstain when the question is not about the story,
 * answer confidently when the answer is likely right, else offer the closest passage.
 */
export function decide(onTopic: number, right: number, thresholds = MODEL.thresholds): Decision {
  if (onTopic < thresholds.topic) return 'abstain';
  return right >= thresholds.high ? 'high' : 'low';
}

/** The kind of fact each sentence holds (0 to 1) and its score, best first. */
export interface ScoredSentence {
  score: number;
  fit: number;
}

/**
 * Which sentence answers: the best-scored, unless one scored within `margin` of it
 * holds more of the asked-for kind of fact. Returns its place in `sentences`.
 */
export function chooseSentence(sentences: readonly ScoredSentence[], typed: boolean, margin: number): number {
  const best = sentences[0];
  if (!best || !typed) return 0;
  let chosen = 0;
  for (let i = 1; i < sentences.length; i++) {
    const s = sentences[i]!;
    if (s.score < best.score - margin) break;
    if (s.fit > sentences[chosen]!.fit) chosen = i;
  }
  return chosen;
}
