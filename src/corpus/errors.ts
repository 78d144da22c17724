/**
 * Why an article's text cannot be used, by kind. The message says it in words,
 * without the file name (the caller knows which file it read), and is safe to show.
 */
export type ArticleErrorCode =
  /** The front matter is opened and never closed, is not YAML, or has a bad or unknown field. */
  | 'front-matter'
  /** The bytes are not UTF-8 text (binary data, control characters). */
  | 'not-text'
  /** The article has no text, or none that can be quoted (only headings or page furniture). */
  | 'no-text';

export class ArticleError extends Error {
  override name = 'ArticleError';
  constructor(
    readonly code: ArticleErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isArticleError(error: unknown, code?: ArticleErrorCode): error is ArticleError {
  return error instanceof ArticleError && (code === undefined || error.code === code);
}
