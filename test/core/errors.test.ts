import { describe, expect, it } from 'vitest';
import { replyFor, UserError } from '../../src/bot/errors.js';
import { parseArticle } from '../../src/corpus/article.js';
import { ArticleError, type ArticleErrorCode } from '../../src/corpus/errors.js';
import { RefreshError } from '../../src/folder/build.js';
import { IngestError } from '../../src/ingest/errors.js';

function codeOf(text: string | Buffer): ArticleErrorCode | undefined {
  try {
    parseArticle('a.md', text);
  } catch (error) {
    expect(error).toBeInstanceOf(ArticleError);
    return (error as ArticleError).code;
  }
  return undefined;
}

describe('parseArticle', () => {
  it.each([
    ['front matter never closed', '---\ntitle: x\nThe text.\n', 'front-matter'],
    ['front matter that is not YAML', '---\ntitle: [x\n---\nThe text.\n', 'front-matter'],
    ['an unknown key', '---\ntitle: x\nsubtitle: y\n---\nThe text.\n', 'front-matter'],
    ['a bad date', '---\ntitle: x\npublished: 2025-13-45\n---\nThe text.\n', 'front-matter'],
    ['bytes that are not UTF-8', Buffer.from([0x66, 0xff, 0xfe, 0x67]), 'not-text'],
    ['binary data', 'The text.\u0000\u0000', 'not-text'],
    ['no text', '---\ntitle: x\n---\n\n', 'no-text'],
    ['only page furniture', '---\ntitle: x\n---\nSee the tweet below!\n', 'no-text'],
  ] as const)('refuses %s with its kind', (_label, text, code) => {
    expect(codeOf(text)).toBe(code);
  });
});

describe('replyFor', () => {
  it('shows a command’s own refusal as written, Markdown included', () => {
    expect(replyFor(new UserError('Give either `url:` or `file:`.'))).toBe('Give either `url:` or `file:`.');
  });

  it('shows an ingest failure in words, without the module name, escaped', () => {
    const error = new IngestError('duplicate', 'this article is already in the corpus (the same link): "*Bold* title" (005-x)');
    expect(error.message).toBe('ingest: this article is already in the corpus (the same link): "*Bold* title" (005-x)');
    expect(replyFor(error)).toBe('this article is already in the corpus (the same link): "\\*Bold\\* title" (005-x)');
  });

  it('shows a refused refresh', () => {
    expect(replyFor(new RefreshError('refresh refused: no usable articles in the corpus folder; the current corpus keeps serving'))).toMatch(/^refresh refused: /);
  });

  it('has nothing to say for anything else (a bug: the router apologises)', () => {
    expect(replyFor(new Error('kaboom'))).toBeUndefined();
    expect(replyFor(new ArticleError('no-text', 'the article has no text'))).toBeUndefined();
    expect(replyFor('a string')).toBeUndefined();
  });
});
