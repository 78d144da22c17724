/** The one logger: structured fields first, and never the token. */
import { pino, type Logger } from 'pino';
import type { Config } from '../config.js';

export type { Logger };

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    redact: { paths: ['token', '*.token', 'config.discordToken', 'headers.authorization'], censor: '[redacted]' },
  });
}
