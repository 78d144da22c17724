/**
 * `npm run ask`: the command-line face of the answer engine. No Discord needed.
 */
import { createInterface } from 'node:readline';
import { parseAskArgs, USAGE, UsageError } from './cli/args.js';
import { answerToJson, formatAnswer } from './cli/format.js';
import { progressBar } from './cli/progress.js';
import { ConfigError, loadConfig } from './config.js';
import { describeProblems } from './corpus/article.js';
import { CorpusError } from './folder/read.js';
import { RefreshError } from './folder/build.js';
import { openStory } from './folder/open.js';

async function* questionsFrom(args: string[]): AsyncGenerator<string> {
  if (args.length > 0) {
    yield* args;
    return;
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) yield line;
}

async function main(argv: string[]): Promise<number> {
  const args = parseAskArgs(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const config = await loadConfig();
  const dir = args.corpusDir ?? config.corpusDir;
  // The command line builds in its own thread: nothing else waits on it, and the progress bar shows the build.
  const { story } = await openStory(dir, { snapshot: config.indexSnapshot, snapshotDir: config.indexSnapshotDir, onProgress: progressBar() });
  if (story.problems.length > 0) console.error(describeProblems(story.problems));
  const { engine } = story;
  let first = true;
  for await (const question of questionsFrom(args.questions)) {
    const answer = engine.ask(question, { top: args.top });
    if (args.json) {
      process.stdout.write(`${answerToJson(answer)}\n`);
      continue;
    }
    if (!first) process.stdout.write('\n');
    first = false;
    process.stdout.write(`${formatAnswer(answer)}\n`);
    if (args.explain) process.stdout.write(`${JSON.stringify(engine.explain(question), null, 1)}\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else if (error instanceof CorpusError || error instanceof ConfigError || error instanceof RefreshError) {
      console.error(error.message);
      process.exitCode = 1;
    } else {
      console.error(`ask: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    }
  },
);
