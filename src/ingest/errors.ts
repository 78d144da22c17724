/**
 * Why adding or removing an article failed, by kind (`code`). `reason` says it in
 * words, written to be shown to the moderator (`src/bot/errors.ts`); `message` is
 * the same after the module's name, `ingest: `, for logs. Neither ever carries a
 * stack, a resolved IP address, a local path or text the remote server chose.
 */
import type { ArticleMeta } from '../corpus/types.js';

export type IngestErrorCode =
  /** Not an http(s) link, or a link with a user name or password. */
  | 'bad-url'
  /** The host resolves to a loopback, private, link-local or otherwise non-public address. */
  | 'blocked-address'
  /** The page took longer than the time limit (all redirects included). */
  | 'timeout'
  /** The page, or the attachment, is larger than the size limit. */
  | 'too-large'
  /** The page is not HTML or text (an image, a PDF, …). */
  | 'not-html'
  /** The page answered with a status other than 2xx or a followed redirect. */
  | 'http-status'
  /** More redirects than allowed (a loop, usually). */
  | 'too-many-redirects'
  /** The host is unknown, refused the connection, reset it, or its certificate is invalid. */
  | 'unreachable'
  /** Readability found nothing that reads like an article. */
  | 'not-article'
  /** The article text is too short (or all of it is page furniture). */
  | 'no-text'
  /** An attachment of a kind we do not read, not text, or with broken front matter. */
  | 'bad-file'
  /** The article is already in the corpus (same link or same text). */
  | 'duplicate'
  /** No article has that id. */
  | 'no-such-article'
  /** Removing the only article would leave the bot with nothing to answer from. */
  | 'last-article'
  /** The corpus could not be refreshed; the change was undone and the old corpus keeps serving. */
  | 'refresh-refused'
  /** The corpus folder cannot be written or read: the disk is full, permission is missing, or the folder is gone. */
  | 'storage';

export interface IngestErrorOptions {
  cause?: unknown;
  /** For 'duplicate': the article already in the corpus. */
  existing?: ArticleMeta;
}

export class IngestError extends Error {
  override name = 'IngestError';
  readonly code: IngestErrorCode;
  /** The failure in words, without the module's name: what the moderator is told. */
  readonly reason: string;
  readonly existing: ArticleMeta | undefined;

  constructor(code: IngestErrorCode, reason: string, options: IngestErrorOptions = {}) {
    super(`ingest: ${reason}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.reason = reason;
    this.existing = options.existing;
  }
}

export function isIngestError(error: unknown, code?: IngestErrorCode): error is IngestError {
  return error instanceof IngestError && (code === undefined || error.code === code);
}
