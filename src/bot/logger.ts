/**
 * The one logger: structured fields first, and never a credential. The bot token
 * is redacted by path; interaction tokens and webhook tokens travel inside URLs
 * (`…/interactions/<id>/<token>/callback`, `…/webhooks/<app>/<token>`), valid
 * for 15 minutes, so every error is serialized with those cut out and without
 * the request body it carried.
 */
import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config.js';

export type { Logger };

const CENSOR = '[redacted]';

/** `/interactions/<id>/<token>` and `/webhooks/<id>/<token>`: the token is a credential. */
const TOKEN_IN_PATH = /\/(interactions|webhooks)\/(\d+)\/[^/?#\s'"]+/g;

/** Fields that hold what was sent to Discord (message text, files): never logged. */
const BODY_KEYS = new Set(['requestBody', 'body', 'rawBody', 'files']);

/** `text` with the token of every interaction or webhook URL replaced by `[redacted]`. */
export function redactTokens(text: string): string {
  return text.replace(TOKEN_IN_PATH, `/$1/$2/${CENSOR}`);
}

function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactTokens(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = BODY_KEYS.has(key) ? CENSOR : scrub(item, depth + 1);
  return out;
}

/** pino's error serializer, then every string scrubbed of tokens and every request body dropped. */
export function serializeError(error: unknown): unknown {
  return scrub(error instanceof Error ? stdSerializers.err(error) : error);
}

export const REDACT_PATHS = ['token', '*.token', 'config.discordToken', 'headers.authorization', '*.headers.authorization'];

/**
 * The bot's logger: JSON lines on standard output (or `destination`, for tests).
 * Errors go under `err`; `error` and `reason` are serialized the same way.
 */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  const options = {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    serializers: { err: serializeError, error: serializeError, reason: serializeError },
    hooks: {
      // A message string may quote a URL too.
      logMethod(this: Logger, args: Parameters<Logger['info']>, method: (...a: unknown[]) => void) {
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? redactTokens(arg) : arg)));
      },
    },
  };
  return pino(options, destination ?? standardOutput());
}

/** Largest backlog of log lines held while standard output cannot take them (16 MiB); beyond it, lines are dropped. */
const MAX_BACKLOG = 16 * 1024 * 1024;

/**
 * Standard output, written asynchronously. pino's default writes synchronously:
 * when the reader (journald, a pipe) falls behind on a busy machine, the pipe
 * fills and every log line blocks the bot's event loop (a 550 ms stall measured
 * during a refresh at 100k passages). What is buffered is flushed at exit.
 */
function standardOutput(): DestinationStream {
  return pino.destination({ dest: 1, sync: false, maxLength: MAX_BACKLOG });
}
