/**
 * The running bot: a discord.js client with only the Guilds intent, wired to the
 * router, the live story and the logger.
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { Config } from '../config.js';
import type { StoryService } from '../runtime/live-story.js';
import { CorpusEditor } from '../ingest/corpus-editor.js';
import type { BotContext, Command } from './command.js';
import type { Logger } from './logger.js';
import { openBotStory } from './open-story.js';
import { commandMap, createRouter } from './router.js';
import { AnswerSessions } from './sessions.js';

export interface Bot {
  client: Client;
  context: BotContext;
  /** Logs out and closes the gateway. */
  stop(): Promise<void>;
}

export interface StartOptions {
  config: Config & { discordToken: string };
  logger: Logger;
  commands: readonly Command[];
  /** An open story, or one being opened (tests share one); opened from `config.corpusDir` otherwise. */
  story?: StoryService | Promise<StoryService>;
  /** Close the story when the bot stops (default: only when startBot opened it). */
  ownsStory?: boolean;
  /** Extra discord.js client options (tests: no identify throttle). */
  clientOptions?: Partial<ConstructorParameters<typeof Client>[0]>;
}

/** Opens the corpus, logs in and resolves once the client is ready. */
export async function startBot({ config, logger, commands, story, ownsStory = !story, clientOptions }: StartOptions): Promise<Bot> {
  const routes = commandMap(commands);
  const live = await (story ?? openBotStory(config, logger));
  const editor = new CorpusEditor({ fetch: { allowPrivate: config.allowPrivateUrls } });
  // A change a killed process left half done: its audit entry is settled before any new change.
  await editor.reconcile(live.dir).then(
    (settled) => settled > 0 && logger.info({ settled }, 'audit entries left pending by the last run written'),
    (error: unknown) => logger.warn({ err: error }, 'could not settle pending audit entries'),
  );
  const context: BotContext = { config, story: live, editor, sessions: new AnswerSessions(), logger };
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [], repliedUser: false },
    ...clientOptions,
    rest: { ...(config.discordApiUrl ? { api: config.discordApiUrl } : {}), ...clientOptions?.rest },
  });
  const route = createRouter(routes, context);
  client.on(Events.InteractionCreate, (interaction) => void route(interaction));
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn({ shard, code: event.code }, 'gateway disconnected'));
  client.on(Events.ShardResume, (shard) => logger.info({ shard }, 'gateway resumed'));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(config.discordToken);
  await ready;
  logger.info({ user: client.user?.tag, applicationId: client.application?.id, articles: live.catalog.size, passages: live.catalog.passages }, 'ready');
  return {
    client,
    context,
    async stop() {
      await client.destroy();
      // A story passed in belongs to the caller, unless it says otherwise.
      if (ownsStory) await live.close();
    },
  };
}
