/**
 * `npm run eval [FILE]`: answer quality on a question set, for storydesk and for
 * plain MiniSearch over the same passages.
 */
import { readFile } from 'node:fs/promises';
import { StoryEngine } from '../answer/engine.js';
import { loadConfig } from '../config.js';
import { describeProblems, loadCorpus } from '../corpus/load.js';
import { BaselineIndex } from '../search/baseline.js';
import { formatScores, parseQuestionSet, score } from './score.js';

const DEFAULT_SET = 'test/fixtures/dev-questions.jsonl';

async function main(): Promise<void> {
  const file = process.argv[2] ?? DEFAULT_SET;
  const config = await loadConfig();
  const questions = parseQuestionSet(await readFile(file, 'utf8'), file);
  const { corpus, problems } = await loadCorpus(config.corpusDir);
  if (problems.length > 0) console.error(describeProblems(problems));
  const engine = await StoryEngine.create(corpus);
  const baseline = new BaselineIndex(corpus.passages);
  const textOf = new Map(corpus.passages.map((p) => [p.id, p.text]));

  const ours = score(questions, (q) => {
    const answer = engine.ask(q.q, { top: 3 });
    return { passages: answer.passages.map((p) => p.text), answer: answer.answer };
  });
  const plain = score(questions, (q) => ({ passages: baseline.find(q.q, 3).map((id) => textOf.get(id) ?? ''), answer: null }));

  console.log(`eval: ${file}: ${questions.length} questions (${ours.answerable} answerable, ${ours.none} "none") over ${corpus.passages.length} passages\n`);
  console.log(
    formatScores([
      { name: 'storydesk', scores: ours, hasSentences: true },
      { name: 'plain MiniSearch', scores: plain, hasSentences: false },
    ]),
  );
  if (ours.misses.length > 0) console.log(`\nstorydesk misses: ${ours.misses.join(', ')}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
