/**
 * What a member is told when an interaction fails, by the failure's kind: the one
 * place that maps errors to replies. Anything not listed is a bug: the router logs
 * it and apologises, without its text.
 */
import { RefreshError } from '../folder/build.js';
import { IngestError } from '../ingest/errors.js';
import { LIMITS, safeQuote } from './text.js';

/** An error whose message is written for the user and safe to show them (privately). */
export class UserError extends Error {
  override name = 'UserError';
}

/**
 * The reply for a failure meant for the user, in words (no module names); undefined
 * for anything else. A command's own {@link UserError} is shown as written (its
 * Markdown included); an ingest or refresh failure, which may quote a page's
 * title or a file's name, is escaped.
 */
export function replyFor(error: unknown): string | undefined {
  if (error instanceof UserError) return error.message;
  if (error instanceof IngestError) return safeQuote(error.reason, LIMITS.content);
  if (error instanceof RefreshError) return safeQuote(error.message, LIMITS.content);
  return undefined;
}
