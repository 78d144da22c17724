/**
 * `npm run eval`: answer quality on every public question set, for storydesk and
 * for plain MiniSearch over the same passages, in one table.
 *
 *   npm run eval                    every set; SQuAD on the articles training did not fit
 *   npm run eval -- --quick         a fixed sample of every set, in about a minute
 *   npm run eval -- --set chat      one set: dev, chat, squad, squad-all, squad2
 *   npm run eval -- --all-articles  SQuAD on every article, fitted ones included
 *   npm run eval -- --misses        also list storydesk's misses on the story sets
 *   npm run eval -- --related-weight 0   the same with related words (WordNet) weighed otherwise
 */
import { parseArgs } from 'node:util';
import { AnswerEngine } from '../answer/engine.js';
import { MODEL, type Model } from '../answer/ranking.js';
import { loadConfig } from '../config.js';
import { loadLexicon } from '../lexicon/load.js';
import type { Lexicon } from '../lexicon/wordnet.js';
import { BaselineIndex } from '../search/baseline.js';
import { addScores, emptyScores, formatScores, score, type EvalScores, type ScoreRow } from './score.js';
import { isTrainingArticle, squadAllInOne, squadPerArticle, storyTask, type Task } from './suites.js';

const SETS = ['dev', 'chat', 'squad', 'squad-all', 'squad2'] as const;
type SetName = (typeof SETS)[number];

/** The quick run's fixed sample: every n-th held-out article, the first questions of each. */
const QUICK = { articleStride: 4, questionsPerArticle: 40, allInOneQuestions: 400 };

async function scoreTask(task: Task, lexicon: Lexicon, model: Model | undefined): Promise<{ ours: EvalScores; plain: EvalScores }> {
  const engine = await AnswerEngine.create(task.corpus, undefined, { lexicon, model });
  const baseline = new BaselineIndex(task.corpus.passages);
  const ours = score(task.questions, (q) => {
    const answer = engine.ask(q.q, { top: 10 });
    return { passages: answer.passages.map((p) => p.text), answer: answer.answer, confidence: answer.confidence };
  });
  const plain = score(task.questions, (q) => baseline.answer(q.q, 10));
  return { ours, plain };
}

async function scoreTasks(tasks: readonly Task[], lexicon: Lexicon, model: Model | undefined): Promise<{ ours: EvalScores; plain: EvalScores }> {
  const total = { ours: emptyScores(), plain: emptyScores() };
  for (const task of tasks) {
    const { ours, plain } = await scoreTask(task, lexicon, model);
    addScores(total.ours, ours);
    addScores(total.plain, plain);
  }
  return total;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      set: { type: 'string', multiple: true },
      'all-articles': { type: 'boolean', default: false },
      misses: { type: 'boolean', default: false },
      data: { type: 'string', default: '../shared/eval' },
      'related-weight': { type: 'string' },
    },
  });
  // For measuring whether related words help: the same run with another weight for them.
  const related = values['related-weight'] === undefined ? undefined : Number(values['related-weight']);
  if (related !== undefined && !(related >= 0 && related <= 1)) throw new Error('eval: --related-weight takes a number from 0 to 1');
  const model: Model | undefined = related === undefined ? undefined : { ...MODEL, relatedWeight: related };
  const sets = (values.set ?? [...SETS]) as SetName[];
  for (const set of sets) if (!SETS.includes(set)) throw new Error(`eval: unknown set "${set}"; one of ${SETS.join(', ')}`);
  const config = await loadConfig();
  const lexicon = loadLexicon();
  const data = values.data;
  const heldOut = values['all-articles'] ? () => true : (name: string) => !isTrainingArticle(name);
  const sampled = (tasks: Task[]) =>
    values.quick
      ? tasks.filter((_, i) => i % QUICK.articleStride === 0).map((t) => ({ ...t, questions: t.questions.slice(0, QUICK.questionsPerArticle) }))
      : tasks;
  const rows: ScoreRow[] = [];
  const add = (set: string, result: { ours: EvalScores; plain: EvalScores }) => {
    rows.push({ set, system: 'storydesk', scores: result.ours, hasSentences: true });
    rows.push({ set, system: 'plain MiniSearch', scores: result.plain, hasSentences: true });
    if (values.misses && result.ours.misses.length > 0 && !set.startsWith('SQuAD')) console.error(`${set} misses: ${result.ours.misses.join(', ')}`);
  };
  const started = performance.now();
  for (const set of sets) {
    if (set === 'dev' || set === 'chat') {
      const file = `${data}/${set === 'dev' ? 'dev-questions' : 'chat-questions'}.jsonl`;
      add(set, await scoreTasks([await storyTask(file, config.corpusDir)], lexicon, model));
    } else if (set === 'squad') {
      add('SQuAD v1.1 per article', await scoreTasks(sampled(squadPerArticle(data, 'v1.1', heldOut)), lexicon, model));
    } else if (set === 'squad-all') {
      const task = squadAllInOne(data, 'v1.1', heldOut);
      const questions = values.quick ? task.questions.filter((_, i) => i % Math.ceil(task.questions.length / QUICK.allInOneQuestions) === 0) : task.questions;
      add('SQuAD v1.1 all in one', await scoreTasks([{ ...task, questions }], lexicon, model));
    } else {
      add('SQuAD v2.0 per article', await scoreTasks(sampled(squadPerArticle(data, 'v2.0', heldOut)), lexicon, model));
    }
  }
  const articles = values['all-articles'] ? 'all articles' : 'SQuAD: held-out articles only';
  console.log(`eval${values.quick ? ' --quick' : ''} (${articles}; ${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
  console.log(formatScores(rows));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
