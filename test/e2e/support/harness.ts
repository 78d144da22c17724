/**
 * End-to-end harness: a fake Discord server, a temp copy of the corpus, and the
 * real bot (startBot + the real discord.js Client) logged in to the fake.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import type {
  APIActionRowComponent,
  APIButtonComponentWithCustomId,
  APIComponentInMessageActionRow,
  APIEmbed,
  APIInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import { commands as realCommands } from '../../../commands/index.js';
import { startBot, type Bot } from '../../../src/bot/app.js';
import type { Command } from '../../../src/bot/command.js';
import { createLogger, type Logger } from '../../../src/bot/logger.js';
import { parseConfig, type Config } from '../../../src/config.js';
import { snapshotPath } from '../../../src/folder/open.js';
import { FakeDiscord, noIdentifyThrottle, type CallbackRecord } from '../../fake-discord/index.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CORPUS_DIR = join(REPO_ROOT, 'corpus');

/** A parsed pino line. */
export interface LogLine {
  level: number;
  msg: string;
  err?: { message?: string; type?: string; stack?: string };
  [key: string]: unknown;
}

export interface CapturedLogger {
  logger: Logger;
  lines: LogLine[];
  /** Lines at error level or above. */
  errors(): LogLine[];
}

/** The bot's own logger (same redaction and serializers) keeping every line in memory. */
export function captureLogger(level = 'debug'): CapturedLogger {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as LogLine);
      callback();
    },
  });
  const logger = createLogger({ logLevel: level as Config['logLevel'] }, stream);
  return { logger, lines, errors: () => lines.filter((l) => l.level >= 50) };
}

/** A temp copy of corpus/ plus `extra` files (name → text). */
export async function makeCorpus(extra: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'storydesk-e2e-corpus-'));
  // Without a snapshot an older storydesk may have left in corpus/: the tests list the folder's dot files.
  await cp(CORPUS_DIR, dir, { recursive: true, filter: (source) => !source.endsWith('.index.snapshot') });
  for (const [name, text] of Object.entries(extra)) await writeFile(join(dir, name), text);
  return dir;
}

/** The real config, built the way main.ts does it: from an env object. */
export function configFor(fake: FakeDiscord, corpusDir: string, env: Record<string, string | undefined> = {}): Config & { discordToken: string } {
  const config = parseConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_CLIENT_ID: fake.applicationId,
    DISCORD_GUILD_ID: fake.guildId,
    DISCORD_API_URL: fake.apiBase,
    CORPUS_DIR: corpusDir,
    LOG_LEVEL: 'silent',
    // A database that goes with the bot, and no wait between answers (tests ask many): tests that need either say so.
    STATS_DB: ':memory:',
    ASK_COOLDOWN_SECONDS: '0',
    ...env,
  });
  if (!config.discordToken) throw new Error('harness: no token');
  return { ...config, discordToken: config.discordToken };
}

export interface Harness {
  fake: FakeDiscord;
  bot: Bot;
  config: Config & { discordToken: string };
  corpusDir: string;
  /** A temp folder of the bot's own: its question database survives `restart()`. */
  stateDir: string;
  logs: CapturedLogger;
  /**
   * Stops the bot (not the fake) and starts a new one on the same corpus folder,
   * config and logger, as a process restart would: a fresh LiveStory read from
   * the folder and a fresh CorpusEditor. Updates `bot` and returns it.
   */
  restart(): Promise<Bot>;
  /** Waits for a moderator's change under way, stops the current bot, then the fake, then removes the temp corpus. */
  stop(): Promise<void>;
}

export interface HarnessOptions {
  extraFiles?: Record<string, string>;
  extraCommands?: Command[];
  /** More environment for parseConfig, e.g. `{ ALLOW_PRIVATE_URLS: 'true' }`. */
  env?: Record<string, string | undefined>;
}

/** Starts a fake, copies the corpus, and logs the real bot in. */
export async function startHarness({ extraFiles = {}, extraCommands = [], env = {} }: HarnessOptions = {}): Promise<Harness> {
  const fake = await FakeDiscord.start();
  const corpusDir = await makeCorpus(extraFiles).catch(async (error: unknown) => {
    await fake.stop();
    throw error;
  });
  const stateDir = await mkdtemp(join(tmpdir(), 'storydesk-e2e-state-'));
  const logs = captureLogger();
  let config: Config & { discordToken: string };
  let bot: Bot;
  const launch = () =>
    startBot({
      config,
      logger: logs.logger,
      commands: [...realCommands, ...extraCommands],
      clientOptions: { ws: { buildIdentifyThrottler: noIdentifyThrottle } },
    });
  try {
    config = configFor(fake, corpusDir, { STATS_DB: join(stateDir, 'storydesk.sqlite'), ...env });
    bot = await launch();
  } catch (error) {
    await fake.stop();
    await rm(corpusDir, { recursive: true, force: true });
    await rm(stateDir, { recursive: true, force: true });
    await rm(snapshotPath(corpusDir), { force: true });
    throw error;
  }
  const harness: Harness = {
    fake,
    bot,
    config,
    corpusDir,
    stateDir,
    logs,
    async restart() {
      await harness.bot.stop();
      harness.bot = await launch();
      return harness.bot;
    },
    async stop() {
      // A change still under way (its test gave up on it) writes into the folder until it is done.
      await harness.bot.context.editor.settled();
      await harness.bot.stop(); // the client first, else it keeps reconnecting
      await fake.stop();
      await rm(corpusDir, { recursive: true, force: true });
      await rm(stateDir, { recursive: true, force: true });
      await rm(snapshotPath(corpusDir, config.indexSnapshotDir), { force: true });
    },
  };
  return harness;
}

// --- reading callbacks ---------------------------------------------------------

export type MessageData = APIInteractionResponseCallbackData;

export function messageOf(callback: CallbackRecord): MessageData {
  return (callback.data ?? {}) as MessageData;
}

export function embedOf(data: { embeds?: APIEmbed[] | undefined }): APIEmbed {
  const embed = data.embeds?.[0];
  if (!embed) throw new Error(`expected an embed in ${JSON.stringify(data)}`);
  return embed;
}

export function isEphemeral(data: { flags?: number | undefined }): boolean {
  return ((data.flags ?? 0) & 64) === 64;
}

/** Every button with a custom id in the message's action rows. */
export function buttonsOf(data: { components?: unknown[] | undefined }): APIButtonComponentWithCustomId[] {
  const rows = (data.components ?? []) as APIActionRowComponent<APIComponentInMessageActionRow>[];
  return rows.flatMap((row) => row.components).filter((c): c is APIButtonComponentWithCustomId => 'custom_id' in c && c.type === 2);
}

export function buttonLabelled(data: { components?: unknown[] | undefined }, label: RegExp): APIButtonComponentWithCustomId {
  const button = buttonsOf(data).find((b) => label.test(b.label ?? ''));
  if (!button) throw new Error(`no button labelled ${label} in ${JSON.stringify(data.components)}`);
  return button;
}

/** All visible text of a message: content, embed title/description/fields/footer. */
export function textOf(data: { content?: string | undefined; embeds?: APIEmbed[] | undefined }): string {
  const parts = [data.content ?? ''];
  for (const e of data.embeds ?? []) {
    parts.push(e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text ?? '');
  }
  return parts.join('\n');
}
