/** Command-line arguments of `npm run ask`. */
import { parseArgs } from 'node:util';

export interface AskArgs {
  questions: string[];
  json: boolean;
  corpusDir: string | undefined;
  top: number;
  explain: boolean;
  help: boolean;
}

/** A mistake in how the command was called; its message is shown with the usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage: storydesk ask [options] ["question" …]
       npm run --silent ask -- [options] ["question" …]   (the same, in a clone)

Answers questions about the story from the articles in the corpus folder.
With no question, reads questions from standard input, one a line.

Options:
  --json          one JSON object per question, one a line
  --top N         how many passages to quote (default 3, at most 20)
  --corpus DIR    the corpus folder (default: CORPUS_DIR, else corpus/)
  --explain       show how the top passages were scored (readable output only)
  -h, --help      show this help`;

export function parseAskArgs(argv: string[]): AskArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        top: { type: 'string' },
        corpus: { type: 'string' },
        explain: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`ask: ${(error as Error).message}`);
  }
  const { values, positionals } = parsed;
  let top = 3;
  if (values.top !== undefined) {
    top = Number(values.top);
    if (!Number.isInteger(top) || top < 1 || top > 20) throw new UsageError(`ask: --top takes a whole number from 1 to 20, not "${values.top}"`);
  }
  if (values.corpus !== undefined && values.corpus.trim() === '') throw new UsageError('ask: --corpus needs a folder');
  // An empty argument is a shell's unset variable ("$QUESTION"), not a question; an empty line on standard input is answered, to keep one answer a line.
  if (positionals.some((q) => q.trim() === '')) throw new UsageError('ask: a question is empty');
  return {
    questions: positionals,
    json: values.json ?? false,
    corpusDir: values.corpus,
    top,
    explain: values.explain ?? false,
    help: values.help ?? false,
  };
}
