/**
 * `npm run stats [-- --days 7|30] [--json]`: what members asked through Discord,
 * from the bot's question database (read only; the bot may be running).
 */
import { parseArgs } from 'node:util';
import { QuestionLog, QuestionLogError } from './bot/questions.js';
import { statsText } from './cli/stats-format.js';
import { ConfigError, loadConfig } from './config.js';

export const STATS_USAGE = `Usage: npm run --silent stats -- [--days N] [--json] [--db FILE]

What members asked through Discord: questions, the share answered, low and
abstained, the most asked, the most 👎 and the questions the articles could not answer.

Options:
  --days N     the last N days, 1 to 3650 (default 7)
  --json       the report as one JSON object
  --db FILE    the question database (default: STATS_DB, else state/storydesk.sqlite)
  -h, --help   show this help`;

class StatsUsageError extends Error {}

function parse(argv: string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { days: { type: 'string' }, json: { type: 'boolean', default: false }, db: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    }));
  } catch (error) {
    throw new StatsUsageError(`stats: ${(error as Error).message}`);
  }
  const days = values.days === undefined ? 7 : Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new StatsUsageError(`stats: --days takes a whole number from 1 to 3650, not "${values.days}"`);
  return { days, json: values.json ?? false, db: values.db, help: values.help ?? false };
}

async function main(argv: string[]): Promise<void> {
  const args = parse(argv);
  if (args.help) {
    console.log(STATS_USAGE);
    return;
  }
  const config = await loadConfig();
  const log = QuestionLog.open(args.db ?? config.statsDb, { readonly: true });
  try {
    const report = log.report(args.days);
    console.log(args.json ? JSON.stringify(report) : statsText(report));
  } finally {
    log.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof StatsUsageError) {
    console.error(`${error.message}\n\n${STATS_USAGE}`);
    process.exitCode = 2;
    return;
  }
  console.error(error instanceof QuestionLogError ? `stats: ${error.message}` : error instanceof ConfigError ? error.message : `stats: ${(error as Error).message}`);
  process.exitCode = 1;
});
