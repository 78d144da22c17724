/**
 * `npm run train`: fits every ranking weight and the confidence rule from public
 * question sets, and writes them to src/answer/weights.ts.
 *
 * Data: SQuAD v1.1 and v2.0 dev, only the articles `isTrainingArticle` picks (the
 * others are held out for `npm run eval`), each article alone as a corpus (and, for
 * confidence only, the v1.1 ones all in one corpus); and the story question sets in
 * ../shared/eval. Every question is also asked once more the way members type (lower
 * case, a typo, chat words), so typing like that is learned, not special-cased.
 *
 * Models, all linear, fitted in turn because each uses the one before:
 *   1. passages: a conditional logit (softmax over a question's candidates) on PASSAGE_FEATURES;
 *   2. sentences: the same over the sentences of the top passages;
 *   3. confidence: logistic regression on CONFIDENCE_INPUTS (the signals and their pairwise
 *      products, standardised for the fit), "the top passage holds the answer";
 *   4. topic: logistic regression, "the question is about this corpus at all", with
 *      other articles' questions as the off-topic examples.
 *
 *   npm run train                  fit and write weights.ts
 *   npm run train -- --dry-run     fit and print, write nothing
 *   npm run train -- --confidence-only   keep the committed rankers (1, 2); refit 3 and 4 and the thresholds
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AnswerEngine, type Inspection } from '../src/answer/engine.js';
import {
  chooseSentence,
  CONFIDENCE_FEATURES,
  CONFIDENCE_INPUTS,
  confidenceInputs,
  MODEL,
  PASSAGE_FEATURES,
  SENTENCE_FEATURES,
  SHORTLIST,
  SHORTLIST_FEATURES,
  shortlistVector,
  TOPIC_FEATURES,
  TYPED,
  vector,
  type Model,
  type Weights,
} from '../src/answer/ranking.js';
import { loadConfig } from '../src/config.js';
import { contains, isUnanswerable, type EvalQuestion } from '../src/eval/score.js';
import { isTrainingArticle, squadAllInOne, squadPerArticle, storyTask, type Task } from '../src/eval/suites.js';
import { loadLexicon } from '../src/lexicon/load.js';
import type { Lexicon } from '../src/lexicon/wordnet.js';

const OUT = new URL('../src/answer/weights.ts', import.meta.url);
/** L2 penalty: keeps weights of rare signals near 0 instead of fitting noise. */
const L2 = 1e-3;
const EPOCHS = 250;
/** Share of confident answers that must be right on the training questions. */
const HIGH_PRECISION = 0.95;

// ---- Members' typing, simulated -------------------------------------------------

/** A small deterministic generator, so training is reproducible. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const CHAT: [RegExp, string][] = [
  [/\bpeople\b/gi, 'ppl'], [/\bbecause\b/gi, 'bc'], [/\bwith\b/gi, 'w/'], [/\babout\b/gi, 'abt'],
  [/\band\b/gi, 'n'], [/\bwhat is\b/gi, 'whats'], [/\bgovernment\b/gi, 'govt'], [/\bbefore\b/gi, 'b4'],
  [/\bplease\b/gi, 'pls'], [/\byou\b/gi, 'u'], [/\binformation\b/gi, 'info'], [/\bwhat\b/gi, 'wat'],
];

/** The question as a member might type it: lower case, no "?", a typo, chat words. */
export function asTyped(question: string, rand: () => number): string {
  let q = question.trim().replace(/\?+$/, '');
  if (rand() < 0.7) q = q.toLowerCase();
  for (const [pattern, short] of CHAT) if (rand() < 0.5) q = q.replace(pattern, short);
  const words = q.split(' ');
  const long = words.map((w, i) => ({ w, i })).filter(({ w }) => /^[a-z]{6,}$/i.test(w));
  if (long.length > 0 && rand() < 0.6) {
    const { w, i } = long[Math.floor(rand() * long.length)]!;
    const at = 1 + Math.floor(rand() * (w.length - 2));
    words[i] = rand() < 0.5 ? w.slice(0, at) + w.slice(at + 1) : w.slice(0, at) + w[at + 1]! + w[at]! + w.slice(at + 2);
  }
  return words.join(' ');
}

// ---- Fitting ---------------------------------------------------------------------

interface ChoiceGroup {
  features: Float64Array[];
  positive: boolean[];
}

/** Adam on a differentiable loss of a weight vector. */
function minimise(dims: number, lossAndGradient: (w: Float64Array, grad: Float64Array) => number, epochs = EPOCHS): Float64Array {
  const w = new Float64Array(dims);
  const m = new Float64Array(dims);
  const v = new Float64Array(dims);
  const grad = new Float64Array(dims);
  const rate = 0.08;
  for (let t = 1; t <= epochs; t++) {
    grad.fill(0);
    lossAndGradient(w, grad);
    for (let i = 0; i < dims; i++) {
      const g = grad[i]! + L2 * w[i]!;
      m[i] = 0.9 * m[i]! + 0.1 * g;
      v[i] = 0.999 * v[i]! + 0.001 * g * g;
      w[i] = w[i]! - (rate * (m[i]! / (1 - 0.9 ** t))) / (Math.sqrt(v[i]! / (1 - 0.999 ** t)) + 1e-8);
    }
  }
  return w;
}

const dotWith = (w: Float64Array, x: Float64Array) => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += w[i]! * x[i]!;
  return s;
};

/** Conditional logit: maximise the probability mass on the positive choices of each group. */
function fitChoices(groups: readonly ChoiceGroup[], dims: number): Float64Array {
  // One flat array of every choice's features: the loop below runs EPOCHS times over all of them.
  const count = groups.reduce((n, g) => n + g.features.length, 0);
  const flat = new Float64Array(count * dims);
  const positive = new Uint8Array(count);
  const ends = new Int32Array(groups.length);
  let at = 0;
  groups.forEach((group, g) => {
    group.features.forEach((x, i) => {
      flat.set(x, at * dims);
      positive[at++] = group.positive[i] ? 1 : 0;
    });
    ends[g] = at;
  });
  const scores = new Float64Array(count);
  return minimise(dims, (w, grad) => {
    let loss = 0;
    for (let i = 0; i < count; i++) {
      let s = 0;
      for (let d = 0; d < dims; d++) s += w[d]! * flat[i * dims + d]!;
      scores[i] = s;
    }
    let start = 0;
    for (let g = 0; g < groups.length; g++) {
      const end = ends[g]!;
      let top = -Infinity;
      for (let i = start; i < end; i++) top = Math.max(top, scores[i]!);
      let all = 0;
      let pos = 0;
      for (let i = start; i < end; i++) {
        const e = Math.exp(scores[i]! - top);
        scores[i] = e;
        all += e;
        if (positive[i]) pos += e;
      }
      loss -= Math.log(pos / all);
      for (let i = start; i < end; i++) {
        const e = scores[i]!;
        const coefficient = (e / all - (positive[i] ? e / pos : 0)) / groups.length;
        if (coefficient === 0) continue;
        for (let d = 0; d < dims; d++) grad[d] = grad[d]! + coefficient * flat[i * dims + d]!;
      }
      start = end;
    }
    return loss / groups.length;
  });
}

/** Logistic regression; `balanced` weighs both classes equally (for a threshold set by quantile, not by probability). */
function fitLogistic(examples: readonly { x: Float64Array; y: boolean }[], dims: number, balanced: boolean): Float64Array {
  const positives = examples.filter((e) => e.y).length;
  const weightOf = (y: boolean) => (balanced ? examples.length / (2 * Math.max(1, y ? positives : examples.length - positives)) : 1);
  return minimise(dims, (w, grad) => {
    let loss = 0;
    for (const { x, y } of examples) {
      const p = 1 / (1 + Math.exp(-dotWith(w, x)));
      const weight = weightOf(y) / examples.length;
      loss -= weight * Math.log(y ? p : 1 - p);
      const coefficient = weight * (p - (y ? 1 : 0));
      for (let d = 0; d < dims; d++) grad[d] = grad[d]! + coefficient * x[d]!;
    }
    return loss;
  });
}

/**
 * Logistic regression on inputs of very different scales (products of signals): fitted on each
 * input centred and scaled to unit variance, so that the L2 penalty weighs them alike, then
 * written back as weights of the raw inputs (input 0 is the bias), which the engine uses as they are.
 */
function fitStandardised(examples: readonly { x: Float64Array; y: boolean }[], dims: number): Float64Array {
  const mean = new Float64Array(dims);
  const scale = new Float64Array(dims).fill(1);
  for (let d = 1; d < dims; d++) {
    let sum = 0;
    let squares = 0;
    for (const { x } of examples) {
      sum += x[d]!;
      squares += x[d]! * x[d]!;
    }
    mean[d] = sum / examples.length;
    const variance = squares / examples.length - mean[d]! ** 2;
    scale[d] = variance > 1e-12 ? Math.sqrt(variance) : 1;
  }
  const scaled = examples.map(({ x, y }) => ({ x: x.map((v, d) => (d === 0 ? v : (v - mean[d]!) / scale[d]!)), y }));
  const w = fitLogistic(scaled, dims, false);
  const raw = new Float64Array(dims);
  raw[0] = w[0]!;
  for (let d = 1; d < dims; d++) {
    raw[d] = w[d]! / scale[d]!;
    raw[0] -= (w[d]! * mean[d]!) / scale[d]!;
  }
  return raw;
}

const toWeights = (names: readonly string[], w: Float64Array): Weights =>
  Object.fromEntries(names.map((name, i) => [name, Math.round(w[i]! * 1e4) / 1e4]));

// ---- Data ------------------------------------------------------------------------

interface Asked {
  engine: AnswerEngine;
  question: EvalQuestion;
  text: string;
}

/**
 * Each question as written and `typed` more times as a member might type it. The story
 * sets are a few dozen news questions against thousands from Wikipedia: asked more
 * often, they count for about a sixth of the fit instead of a two-hundredth.
 */
function questionsOf(task: Task, engine: AnswerEngine, rand: () => number, typed: number): Asked[] {
  const asked: Asked[] = [];
  for (const question of task.questions) {
    asked.push({ engine, question, text: question.q });
    for (let i = 0; i < typed; i++) asked.push({ engine, question, text: asTyped(question.q, rand) });
  }
  return asked;
}

const STORY_TYPED = 100;
/** Margins tried for `factMargin`. */
const FACT_MARGINS = [0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2];

const isRight = (seen: Inspection, q: EvalQuestion) => !isUnanswerable(q) && contains(seen.pool[seen.sentences[0]?.poolIndex ?? 0]?.hit.passage.text, q.any ?? []);

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;

/**
 * 1 and 2: the shortlist and passage rankers, the sentence ranker and the fact margin, each fitted
 * with the ones before it in place, starting from `start`'s weights.
 */
function fitRankers(start: Model, answerable: readonly Asked[], using: (m: Model) => Map<AnswerEngine, AnswerEngine>): Model {
  let model = start;
  // 1a. The shortlist: stage-1 signals, over every BM25+ candidate (they do not depend on the model).
  let current = using(model);
  const shortlistGroups: ChoiceGroup[] = [];
  for (const a of answerable) {
    const seen = current.get(a.engine)!.inspect(a.text);
    const positive = seen.candidates.map((c) => contains(c.hit.passage.text, a.question.any ?? []));
    if (positive.some(Boolean) && !positive.every(Boolean)) shortlistGroups.push({ features: seen.candidates.map((c) => shortlistVector(c.features)), positive });
  }
  const shortlistWeights = fitChoices(shortlistGroups, SHORTLIST_FEATURES.length);
  model = { ...model, shortlist: toWeights(SHORTLIST_FEATURES, shortlistWeights) };
  // How often the stage-1 order keeps an answer-holding candidate within the first k.
  const recall = [3, 5, 8, SHORTLIST, 15].map((k) => {
    const kept = shortlistGroups.filter((g) => {
      const order = g.features.map((x, i) => ({ s: dotWith(shortlistWeights, x), i })).sort((x, y) => y.s - x.s);
      return order.slice(0, k).some(({ i }) => g.positive[i]);
    }).length;
    return `${k}: ${(kept / shortlistGroups.length).toFixed(3)}`;
  });
  console.log(`train (${elapsed()}): shortlist from ${shortlistGroups.length} questions; recall at ${recall.join(', ')}`, model.shortlist);

  // 1b. Passages: the full model, over the shortlist the stage-1 model now picks.
  current = using(model);
  const passageGroups: ChoiceGroup[] = [];
  for (const a of answerable) {
    const seen = current.get(a.engine)!.inspect(a.text);
    const shortlist = seen.candidates.filter((c) => c.shortlisted);
    const positive = shortlist.map((c) => contains(c.hit.passage.text, a.question.any ?? []));
    if (positive.some(Boolean) && !positive.every(Boolean)) passageGroups.push({ features: shortlist.map((c) => c.features), positive });
  }
  model = { ...model, passage: toWeights(PASSAGE_FEATURES, fitChoices(passageGroups, PASSAGE_FEATURES.length)) };
  console.log(`train (${elapsed()}): passages from ${passageGroups.length} questions`, model.passage);

  // 2. Sentences, among the top passages as ranked by the new passage weights.
  current = using(model);
  const sentenceGroups: ChoiceGroup[] = [];
  for (const a of answerable) {
    const seen = current.get(a.engine)!.inspect(a.text);
    const positive = seen.sentences.map((s) => contains(s.text, a.question.any ?? []));
    if (positive.some(Boolean) && !positive.every(Boolean)) sentenceGroups.push({ features: seen.sentences.map((s) => s.features), positive });
  }
  model = { ...model, sentence: toWeights(SENTENCE_FEATURES, fitChoices(sentenceGroups, SENTENCE_FEATURES.length)) };
  console.log(`train (${elapsed()}): sentences from ${sentenceGroups.length} questions`, model.sentence);

  // The margin within which a sentence with the asked-for fact wins: the one that answers most training questions.
  current = using(model);
  const typedPools = answerable
    .map((a) => ({ a, seen: current.get(a.engine)!.inspect(a.text) }))
    .filter(({ seen }) => TYPED.includes(seen.question.type))
    .map(({ a, seen }) => ({ sentences: [...seen.sentences].sort((x, y) => y.score - x.score), any: a.question.any ?? [] }));
  let bestMargin = { margin: 0, right: -1 };
  for (const margin of FACT_MARGINS) {
    const right = typedPools.filter(({ sentences, any }) => contains(sentences[chooseSentence(sentences, true, margin)]?.text, any)).length;
    if (right > bestMargin.right) bestMargin = { margin, right };
  }
  model = { ...model, factMargin: bestMargin.margin };
  console.log(`train (${elapsed()}): fact margin ${bestMargin.margin} (${bestMargin.right} of ${typedPools.length} typed questions)`);
  return model;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'dry-run': { type: 'boolean', default: false }, 'confidence-only': { type: 'boolean', default: false }, data: { type: 'string', default: '../shared/eval' } },
  });
  const data = values.data;
  const config = await loadConfig();
  const lexicon: Lexicon = loadLexicon();
  const rand = random(20251201);
  const perArticle: Task[] = [...squadPerArticle(data, 'v1.1', isTrainingArticle), ...squadPerArticle(data, 'v2.0', isTrainingArticle)];
  const stories: Task[] = [await storyTask(`${data}/dev-questions.jsonl`, config.corpusDir), await storyTask(`${data}/chat-questions.jsonl`, config.corpusDir)];
  // The same articles in one corpus too, for confidence only: a story grows, and how sure an answer is must
  // not depend on its size. The rankers learn from the articles alone, as before (fitted on the large
  // corpus too, they chose the sentence repeating the question over the one with the asked-for name).
  const allInOne = squadAllInOne(data, 'v1.1', isTrainingArticle);
  const tasks: Task[] = [...perArticle, ...stories, allInOne];
  let model: Model = { ...MODEL };
  const engines: AnswerEngine[] = [];
  const asked: Asked[] = [];
  for (const task of tasks) {
    const engine = await AnswerEngine.create(task.corpus, undefined, { lexicon, model });
    engines.push(engine);
    asked.push(...questionsOf(task, engine, rand, stories.includes(task) ? STORY_TYPED : 1));
  }
  const allInOneEngine = engines[tasks.indexOf(allInOne)]!;
  const answerable = asked.filter((a) => !isUnanswerable(a.question));
  console.log(`train: ${tasks.length} corpora, ${asked.length} questions asked (${answerable.length} answerable)`);
  const using = (m: Model) => new Map(engines.map((e) => [e, e.withModel(m, lexicon)]));

  // With --confidence-only the committed rankers stay as they are: only what decides whether to answer is refitted.
  if (!values['confidence-only']) model = fitRankers(model, answerable.filter((a) => a.engine !== allInOneEngine), using);

  // 3. Confidence and 4. topic, with both rankers in place.
  const current = using(model);
  const confidence: { x: Float64Array; y: boolean; answerable: boolean }[] = [];
  const topic: { x: Float64Array; y: boolean }[] = [];
  for (const a of asked) {
    const seen = current.get(a.engine)!.inspect(a.text);
    const offTopic = a.question.kind === 'none';
    topic.push({ x: vector(TOPIC_FEATURES, seen.topic), y: !offTopic });
    if (!offTopic && seen.confidence) confidence.push({ x: confidenceInputs(vector(CONFIDENCE_FEATURES, seen.confidence)), y: isRight(seen, a.question), answerable: !isUnanswerable(a.question) });
  }
  // Off topic: each SQuAD question asked of the next corpus, another article.
  // Each article alone (not the one corpus of them all, which holds every question's own article).
  const squadEngines = engines.slice(0, perArticle.length);
  for (let i = 0; i < asked.length; i++) {
    const a = asked[i]!;
    const at = squadEngines.indexOf(a.engine);
    if (at < 0 || i % 2 === 1) continue;
    const other = current.get(squadEngines[(at + 1 + (i % (squadEngines.length - 1))) % squadEngines.length]!)!;
    topic.push({ x: vector(TOPIC_FEATURES, other.inspect(a.text).topic), y: false });
  }
  model = {
    ...model,
    confidence: toWeights(CONFIDENCE_INPUTS, fitStandardised(confidence, CONFIDENCE_INPUTS.length)),
    topic: toWeights(TOPIC_FEATURES, fitLogistic(topic, TOPIC_FEATURES.length, true)),
  };
  console.log(`train (${elapsed()}): confidence from ${confidence.length} answers`, model.confidence);
  console.log(`train: topic from ${topic.length} questions`, model.topic);

  // Abstain only where on-topic questions are rare: at most 1 in 100 of them falls below.
  const onTopicScores = topic.filter((t) => t.y).map((t) => 1 / (1 + Math.exp(-dotWith(Float64Array.from(TOPIC_FEATURES, (n) => model.topic[n] ?? 0), t.x))));
  onTopicScores.sort((x, y) => x - y);
  const topicThreshold = Math.round((onTopicScores[Math.floor(onTopicScores.length * 0.01)] ?? 0.5) * 1000) / 1000;
  // A confident answer is right at least HIGH_PRECISION of the time on the answerable training questions, as
  // `npm run eval` counts "high-confidence right"; unanswerable ones are measured apart, as abstained or low.
  const confidenceWeights = Float64Array.from(CONFIDENCE_INPUTS, (n) => model.confidence[n] ?? 0);
  const scored = confidence
    .filter((c) => c.answerable)
    .map((c) => ({ p: 1 / (1 + Math.exp(-dotWith(confidenceWeights, c.x))), y: c.y }))
    .sort((x, y) => y.p - x.p);
  let high: number | undefined;
  let right = 0;
  scored.forEach((c, i) => {
    if (c.y) right++;
    if (right / (i + 1) >= HIGH_PRECISION && i >= 100) high = c.p;
  });
  if (high === undefined) {
    console.warn(`train: no threshold makes ${HIGH_PRECISION * 100}% of confident answers right; using 0.5`);
    high = 0.5;
  }
  model = { ...model, thresholds: { topic: topicThreshold, high: Math.round(Math.max(0.5, high) * 1000) / 1000 } };
  console.log('train: thresholds', model.thresholds);

  if (values['dry-run']) return;
  writeFileSync(
    OUT,
    `// Written by \`npm run train\` (scripts/train.ts) on ${tasks.length} corpora and ${asked.length} questions. Do not edit by hand: retrain instead.
import type { Model } from './ranking.js';

export const LEARNED: Model = ${JSON.stringify(model, null, 2)};
`,
  );
  console.log(`train: wrote ${OUT.pathname}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
