/**
 * The running bot: a discord.js client with only the Guilds intent, wired to the
 * router, the live story and the logger.
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { Config } from '../config.js';
import { CorpusEditor } from '../ingest/corpus-editor.js';
import { StoryService } from '../service/story.js';
import type { BotContext, Command } from './command.js';
import type { Logger } from './logger.js';
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
  /** An already open story (tests share one); opened from `config.corpusDir` otherwise. */
  story?: StoryService;
  /** Extra discord.js client options (tests: no identify throttle). */
  clientOptions?: Partial<ConstructorParameters<typeof Client>[0]>;
}

/** Opens the corpus, logs in and resolves once the client is ready. */
export async function startBot({ config, logger, commands, story, clientOptions }: StartOptions): Promise<Bot> {
  const routes = commandMap(commands);
  const live =
    story ??
    (await StoryService.open(config.corpusDir, {
      snapshot: config.indexSnapshot,
      snapshotDir: config.indexSnapshotDir,
      onProblems: (problems) => logger.warn({ problems }, 'corpus files left out'),
      onSnapshotNote: (note) => logger.info({ note }, 'index snapshot'),
      onLost: (error) => logger.error({ err: error }, 'the story host stopped; reopening the corpus'),
    }));
  const editor = new CorpusEditor({ fetch: { allowPrivate: config.allowPrivateUrls } });
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
      // A story passed in belongs to the caller.
      if (!story) await live.close();
    },
  };
}
