/**
 * The environment, parsed once. This is the only module that reads `process.env`;
 * everything else receives a {@link Config}.
 */
import { z } from 'zod';

const emptyAsMissing = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const flag = (fallback: 'true' | 'false') =>
  z.enum(['true', 'false', '1', '0'], 'must be true, false, 1 or 0').default(fallback).transform((v) => v === 'true' || v === '1');

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord ID (17 to 20 digits)');

const wholeNumber = (min: number, max: number, fallback: number) =>
  z.coerce.number(`must be a whole number from ${min} to ${max}`).int(`must be a whole number from ${min} to ${max}`).min(min, `must be at least ${min}`).max(max, `must be at most ${max}`).default(fallback);

/** `123…,456…`: Discord role ids separated by commas (spaces allowed). */
const snowflakeList = z
  .string()
  .transform((v) => v.split(',').map((id) => id.trim()).filter((id) => id !== ''))
  .pipe(z.array(z.string().regex(/^\d{17,20}$/, 'must be Discord role IDs (17 to 20 digits) separated by commas')));

const schema = z.object({
  DISCORD_TOKEN: z.preprocess(emptyAsMissing, z.string().min(20, 'looks too short to be a bot token').optional()),
  DISCORD_CLIENT_ID: z.preprocess(emptyAsMissing, snowflake.optional()),
  DISCORD_GUILD_ID: z.preprocess(emptyAsMissing, snowflake.optional()),
  DISCORD_API_URL: z.preprocess(emptyAsMissing, z.url({ protocol: /^https?$/ }).optional()),
  CORPUS_DIR: z.preprocess(emptyAsMissing, z.string().default('corpus')),
  LOG_LEVEL: z.preprocess(
    emptyAsMissing,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  ALLOW_PRIVATE_URLS: z.preprocess(emptyAsMissing, flag('false')),
  INDEX_SNAPSHOT: z.preprocess(emptyAsMissing, flag('true')),
  INDEX_SNAPSHOT_DIR: z.preprocess(emptyAsMissing, z.string().optional()),
  STATS_DB: z.preprocess(emptyAsMissing, z.string().default('state/storydesk.sqlite')),
  STATS_RETENTION_DAYS: z.preprocess(emptyAsMissing, wholeNumber(1, 3650, 180)),
  MODERATOR_ROLE_IDS: z.preprocess(emptyAsMissing, snowflakeList.default([])),
  ASK_COOLDOWN_SECONDS: z.preprocess(emptyAsMissing, wholeNumber(0, 3600, 15)),
});

export interface Config {
  discordToken: string | undefined;
  discordClientId: string | undefined;
  discordGuildId: string | undefined;
  /** REST base without a trailing slash and without the version, e.g. `https://discord.com/api`. */
  discordApiUrl: string | undefined;
  corpusDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Let `/corpus add url:` fetch loopback and private addresses (tests, self-hosting). */
  allowPrivateUrls: boolean;
  /** Save the built index in a cache folder and start from it while the files are unchanged. */
  indexSnapshot: boolean;
  /** That cache folder; unset: `.cache/storydesk` under the working directory. */
  indexSnapshotDir: string | undefined;
  /** The SQLite file of questions asked and votes (relative to the working directory), or `:memory:`. */
  statsDb: string;
  /** Questions and votes older than this many days are deleted (at start and daily). */
  statsRetentionDays: number;
  /** Roles whose members may use `/corpus`, besides those with Manage Server. */
  moderatorRoleIds: string[];
  /** Seconds a member waits between public `/ask`s; 0: no limit. Private asks are never limited. */
  askCooldownSeconds: number;
}

/** A configuration problem; its message lists every bad key and is safe to print. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses the environment. Empty strings count as missing, so keys copied blank
 * from `.env.example` fall back to their defaults.
 * @throws {ConfigError} naming every bad key at once.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`config: invalid environment (see .env.example):\n${lines.join('\n')}`);
  }
  const e = result.data;
  return {
    discordToken: e.DISCORD_TOKEN,
    discordClientId: e.DISCORD_CLIENT_ID,
    discordGuildId: e.DISCORD_GUILD_ID,
    discordApiUrl: e.DISCORD_API_URL?.replace(/\/+$/, ''),
    corpusDir: e.CORPUS_DIR,
    logLevel: e.LOG_LEVEL,
    allowPrivateUrls: e.ALLOW_PRIVATE_URLS,
    indexSnapshot: e.INDEX_SNAPSHOT,
    indexSnapshotDir: e.INDEX_SNAPSHOT_DIR,
    statsDb: e.STATS_DB,
    statsRetentionDays: e.STATS_RETENTION_DAYS,
    moderatorRoleIds: e.MODERATOR_ROLE_IDS,
    askCooldownSeconds: e.ASK_COOLDOWN_SECONDS,
  };
}

/**
 * Loads `.env` (if present) into the environment, then parses it. Variables
 * already set win over the file. Node's own reader (20.12 and later) costs
 * nothing to load; dotenv, some 50 ms of a cold start, only where it is missing.
 */
export async function loadConfig(): Promise<Config> {
  if (typeof process.loadEnvFile === 'function') {
    try {
      process.loadEnvFile('.env');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new ConfigError(`config: cannot read .env: ${(error as Error).message}`);
    }
  } else {
    const dotenv = await import('dotenv');
    dotenv.config({ quiet: true });
  }
  return parseConfig(process.env);
}
