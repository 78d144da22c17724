import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';

const DEFAULTS = {
  discordToken: undefined,
  discordClientId: undefined,
  discordGuildId: undefined,
  discordApiUrl: undefined,
  corpusDir: 'corpus',
  logLevel: 'info',
  allowPrivateUrls: false,
  indexSnapshot: true,
  indexSnapshotDir: undefined,
  statsDb: 'state/storydesk.sqlite',
  statsRetentionDays: 180,
  moderatorRoleIds: [],
  askCooldownSeconds: 15,
};

function errorOf(env: Record<string, string | undefined>): unknown {
  try {
    parseConfig(env);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('parseConfig', () => {
  describe('when the environment is empty', () => {
    it('applies every default', () => {
      expect(parseConfig({})).toEqual(DEFAULTS);
    });
  });

  describe('when keys are copied blank from .env.example', () => {
    it('treats empty and blank strings as missing, so the defaults apply', () => {
      const env = {
        DISCORD_TOKEN: '',
        DISCORD_CLIENT_ID: '',
        DISCORD_GUILD_ID: '   ',
        DISCORD_API_URL: '',
        CORPUS_DIR: '',
        LOG_LEVEL: '',
        ALLOW_PRIVATE_URLS: ' ',
        INDEX_SNAPSHOT_DIR: '',
        STATS_DB: '',
        STATS_RETENTION_DAYS: '',
        MODERATOR_ROLE_IDS: ' ',
        ASK_COOLDOWN_SECONDS: '',
      };
      expect(parseConfig(env)).toEqual(DEFAULTS);
    });
  });

  describe('when keys are set to good values', () => {
    it('uses them, and drops a trailing slash from the API URL', () => {
      const config = parseConfig({
        DISCORD_CLIENT_ID: '123456789012345678',
        DISCORD_API_URL: 'http://127.0.0.1:8080/api/',
        CORPUS_DIR: 'elsewhere',
        LOG_LEVEL: 'debug',
        ALLOW_PRIVATE_URLS: '1',
        INDEX_SNAPSHOT: 'false',
        INDEX_SNAPSHOT_DIR: '/var/cache/storydesk',
      });
      expect(config).toEqual({
        ...DEFAULTS,
        discordClientId: '123456789012345678',
        discordApiUrl: 'http://127.0.0.1:8080/api',
        corpusDir: 'elsewhere',
        logLevel: 'debug',
        allowPrivateUrls: true,
        indexSnapshot: false,
        indexSnapshotDir: '/var/cache/storydesk',
      });
    });
  });

  describe('when the moderators’ and stats keys are set', () => {
    it('splits the role list at commas and reads the numbers', () => {
      const config = parseConfig({
        STATS_DB: '/var/lib/storydesk/stats.sqlite',
        STATS_RETENTION_DAYS: '30',
        MODERATOR_ROLE_IDS: '123456789012345678, 223456789012345678,',
        ASK_COOLDOWN_SECONDS: '0',
      });
      expect(config).toMatchObject({
        statsDb: '/var/lib/storydesk/stats.sqlite',
        statsRetentionDays: 30,
        moderatorRoleIds: ['123456789012345678', '223456789012345678'],
        askCooldownSeconds: 0,
      });
    });
  });

  describe('when several keys are bad', () => {
    it('lists a bad LOG_LEVEL and a bad DISCORD_CLIENT_ID in one ConfigError', () => {
      const error = errorOf({ LOG_LEVEL: 'loud', DISCORD_CLIENT_ID: 'my-bot' });
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toBe(
        [
          'config: invalid environment (see .env.example):',
          '  DISCORD_CLIENT_ID: must be a Discord ID (17 to 20 digits)',
          '  LOG_LEVEL: Invalid option: expected one of "fatal"|"error"|"warn"|"info"|"debug"|"trace"|"silent"',
        ].join('\n'),
      );
    });

    it('names a switch that is neither true nor false', () => {
      expect((errorOf({ INDEX_SNAPSHOT: 'yes', ALLOW_PRIVATE_URLS: 'no' }) as Error).message).toBe(
        [
          'config: invalid environment (see .env.example):',
          '  ALLOW_PRIVATE_URLS: must be true, false, 1 or 0',
          '  INDEX_SNAPSHOT: must be true, false, 1 or 0',
        ].join('\n'),
      );
    });

    it('names a bad role list, retention and cooldown', () => {
      expect((errorOf({ MODERATOR_ROLE_IDS: '123456789012345678, Editors', STATS_RETENTION_DAYS: '0', ASK_COOLDOWN_SECONDS: 'ten' }) as Error).message).toBe(
        [
          'config: invalid environment (see .env.example):',
          '  STATS_RETENTION_DAYS: must be at least 1',
          '  MODERATOR_ROLE_IDS.1: must be Discord role IDs (17 to 20 digits) separated by commas',
          '  ASK_COOLDOWN_SECONDS: must be a whole number from 0 to 3600',
        ].join('\n'),
      );
    });

    it('does not echo a bad token back in the message', () => {
      const error = errorOf({ DISCORD_TOKEN: 'short-secret' });
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toBe('config: invalid environment (see .env.example):\n  DISCORD_TOKEN: looks too short to be a bot token');
    });
  });
});
