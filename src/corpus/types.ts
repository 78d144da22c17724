import type { FrontMatter } from './frontmatter.js';

/** What the corpus knows about one article: its id and its metadata (see `frontMatterSchema`). */
export interface ArticleMeta extends FrontMatter {
  /** Stable id: the file name without extension, e.g. `003-herald-port-strike`. */
  id: string;
}

export interface Article extends ArticleMeta {
  /** File name inside the corpus folder. */
  file: string;
  /** The article text without front matter, exactly as quoted. */
  body: string;
  /** sha256 of the file's bytes, to tell changed files apart. */
  hash: string;
}

export type PassageKind = 'text' | 'tweet';

/** About a paragraph of an article: the unit that is indexed, ranked and quoted. */
export interface Passage {
  /** `${articleId}#${ordinal}` */
  id: string;
  articleId: string;
  /** 1-based paragraph number in the article body. */
  paragraph: number;
  /** Character offsets of `text` in the article body: `body.slice(start, end) === text`. */
  start: number;
  end: number;
  text: string;
  kind: PassageKind;
  /** The nearest heading above the passage (indexed as context, never quoted). */
  heading?: string | undefined;
}

/** A file that could not be used, and why. */
export interface CorpusProblem {
  file: string;
  problem: string;
}

export interface Corpus {
  dir: string;
  articles: Article[];
  passages: Passage[];
}
