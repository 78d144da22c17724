/**
 * `npm start`: runs the bot until SIGINT or SIGTERM.
 */
import type { Bot } from './bot/app.js';
import { createLogger } from './bot/logger.js';
import { openBotStory } from './bot/open-story.js';
import { ConfigError, loadConfig } from './config.js';
import { CorpusError } from './folder/read.js';
import { RefreshError } from './folder/build.js';

const NO_TOKEN = `bot: DISCORD_TOKEN is not set.
  Copy .env.example to .env and fill in DISCORD_TOKEN (see README.md, "Running the bot").
  To try storydesk without Discord: npm run --silent ask -- "Who signed the memo?"`;

async function main(): Promise<void> {
  const config = await loadConfig();
  if (!config.discordToken) {
    console.error(NO_TOKEN);
    process.exitCode = 1;
    return;
  }
  const logger = createLogger(config);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  // Signals are handled from the start: a stop asked for while logging in (the gateway may
  // already deliver interactions) waits for the start to finish, then stops cleanly.
  let started: Promise<Bot | undefined> = Promise.resolve(undefined);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error({ signal }, 'shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, 10_000).unref();
    started
      .then((bot) => bot?.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // Started by `storydesk start` with a channel to it (bin/storydesk.js): the launcher gone, even killed, the bot stops.
  if (process.channel) {
    process.channel.unref();
    process.on('disconnect', () => shutdown('disconnect'));
  }
  // The story's worker opens the corpus while this thread loads discord.js: most of a cold start.
  const story = openBotStory(config, logger);
  story.catch(() => {}); // awaited, and reported, by startBot
  const discordToken = config.discordToken;
  started = Promise.all([import('./bot/app.js'), import('../commands/index.js')]).then(([{ startBot }, { commands }]) =>
    startBot({ config: { ...config, discordToken }, logger, commands, story, ownsStory: true }),
  );
  await started;
}

main().catch((error: unknown) => {
  const name = (error as { code?: string }).code;
  if (error instanceof ConfigError || error instanceof CorpusError || error instanceof RefreshError) console.error(error.message);
  // By name: the question log (and SQLite) is loaded with the bot, after this module.
  else if ((error as Error | undefined)?.name === 'QuestionLogError') console.error(`bot: ${(error as Error).message} (STATS_DB)`);
  else if (name === 'TokenInvalid') console.error('bot: Discord rejected DISCORD_TOKEN. Copy the token again from the developer portal (Bot → Reset Token).');
  else console.error(`bot: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
  // The client may hold sockets open after a failed login.
  setTimeout(() => process.exit(1), 100).unref();
});
