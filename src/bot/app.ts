/**
 * The running bot: a discord.js client with only the Guilds intent, wired to the
 * router, the live story and the logger.
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { Config } from '../config.js';
import type { LiveStory } from '../runtime/live-story.js';
import { CorpusEditor } from '../ingest/corpus-editor.js';
import type { BotContext, Command, ComponentHandler } from './command.js';
import { components as sharedComponents } from './components.js';
import { Cooldowns } from './cooldown.js';
import type { Logger } from './logger.js';
import { openBotStory } from './open-story.js';
import { QuestionLog } from './questions.js';
import { commandMap, componentMap, createRouter } from './router.js';
import { AnswerSessions } from './sessions.js';

const DAY_MS = 86_400_000;

export interface Bot {
  client: Client;
  context: BotContext;
  /** Logs out, closes the gateway and the question database. */
  stop(): Promise<void>;
}

export interface StartOptions {
  config: Config & { discordToken: string };
  logger: Logger;
  commands: readonly Command[];
  /** Buttons that belong to no one command (default: those in `src/bot/components.ts`). */
  components?: readonly ComponentHandler[];
  /** An open story, or one being opened (tests share one); opened from `config.corpusDir` otherwise. */
  story?: LiveStory | Promise<LiveStory>;
  /** Close the story when the bot stops (default: only when startBot opened it). */
  ownsStory?: boolean;
  /** Extra discord.js client options (tests: no identify throttle). */
  clientOptions?: Partial<ConstructorParameters<typeof Client>[0]>;
}

/** Opens the corpus, logs in and resolves once the client is ready. */
export async function startBot({ config, logger, commands, components = sharedComponents, story, ownsStory = !story, clientOptions }: StartOptions): Promise<Bot> {
  const routes = commandMap(commands);
  const buttons = componentMap(routes, components);
  const live = await (story ?? openBotStory(config, logger));
  const editor = new CorpusEditor({ fetch: { allowPrivate: config.allowPrivateUrls } });
  // A change a killed process left half done: its audit entry is settled before any new change.
  await editor.reconcile(live.dir).then(
    (settled) => settled > 0 && logger.info({ settled }, 'audit entries left pending by the last run written'),
    (error: unknown) => logger.warn({ err: error }, 'could not settle pending audit entries'),
  );
  // Created or migrated here, and pruned of rows past the retention; then once a day.
  const questions = QuestionLog.open(config.statsDb, { retentionDays: config.statsRetentionDays });
  const pruning = setInterval(() => {
    try {
      const pruned = questions.prune();
      if (pruned > 0) logger.info({ pruned }, 'questions past the retention deleted');
    } catch (error) {
      logger.warn({ err: error }, 'could not delete questions past the retention');
    }
  }, DAY_MS).unref();
  const context: BotContext = {
    config,
    story: live,
    editor,
    sessions: new AnswerSessions(),
    questions,
    cooldowns: new Cooldowns(config.askCooldownSeconds),
    logger,
    commands,
  };
  const close = () => {
    clearInterval(pruning);
    questions.close();
  };
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [], repliedUser: false },
    ...clientOptions,
    rest: { ...(config.discordApiUrl ? { api: config.discordApiUrl } : {}), ...clientOptions?.rest },
  });
  const route = createRouter(routes, context, buttons);
  client.on(Events.InteractionCreate, (interaction) => void route(interaction));
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn({ shard, code: event.code }, 'gateway disconnected'));
  client.on(Events.ShardResume, (shard) => logger.info({ shard }, 'gateway resumed'));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(config.discordToken);
    await ready;
  } catch (error) {
    close();
    throw error;
  }
  logger.info({ user: client.user?.tag, applicationId: client.application?.id, articles: live.catalog.size, passages: live.catalog.passages }, 'ready');
  return {
    client,
    context,
    async stop() {
      await client.destroy();
      close();
      // A story passed in belongs to the caller, unless it says otherwise.
      if (ownsStory) await live.close();
    },
  };
}
