/**
 * Is an article already in the corpus? The same link (after normalization) or the
 * same text (exactly, ignoring case and spacing, or nearly: shingle overlap).
 */
import { createHash } from 'node:crypto';
import { shingles } from '../answer/dedupe.js';
import type { Article } from '../corpus/types.js';
import { allSteps, type Steps } from '../text/steps.js';

/** Share of the smaller text's 5-word shingles found in the other: at or above this, the texts are one article. */
export const SAME_TEXT = 0.9;
/** Texts with fewer shingles than this are compared only exactly. */
const MIN_SHINGLES = 8;

const TRACKING_PARAMS = new Set(['fbclid', 'gclid', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'mc_cid', 'mc_eid', 'igshid', 'yclid', '_ga', 'cmpid', 'ocid']);

function isTracking(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || TRACKING_PARAMS.has(lower);
}

/** The link without its fragment and tracking parameters (utm_*, fbclid, …); undefined when not an http(s) URL. */
export function stripTracking(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  parsed.hash = '';
  for (const name of [...parsed.searchParams.keys()]) if (isTracking(name)) parsed.searchParams.delete(name);
  return parsed.href;
}

/**
 * A comparison key for a link: host in lower case without `www.`, no scheme, no
 * fragment, no trailing slash, no tracking parameters, the other parameters sorted.
 * `HTTPS://WWW.Example.com/a/?utm_source=x#top` and `http://example.com/a` share one key.
 */
export function normalizeUrl(url: string): string | undefined {
  const stripped = stripTracking(url);
  if (!stripped) return undefined;
  const parsed = new URL(stripped);
  parsed.searchParams.sort();
  const host = parsed.hostname.toLowerCase().replace(/^www\./, '');
  const port = parsed.port ? `:${parsed.port}` : '';
  const path = parsed.pathname.replace(/\/+$/, '');
  return `${host}${port}${path}${parsed.search}`;
}

/** Text for exact comparison: NFKC, lower case, letters and digits only, single spaces. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface DuplicateCandidate {
  url?: string | undefined;
  /** More links the candidate is known by (as given, after redirects, canonical). */
  urls?: Array<string | undefined>;
  text: string;
}

export interface DuplicateMatch {
  article: Article;
  reason: 'url' | 'text';
}

/** What the duplicate check keeps of one article: it depends on the article alone. */
interface ArticleKeys {
  url: string | undefined;
  digest: string;
  /** Its shingles, ascending. */
  shingles: Uint32Array;
}

function keysOf(article: Article): ArticleKeys {
  return {
    url: article.url ? normalizeUrl(article.url) : undefined,
    digest: textDigest(normalizeText(article.body)),
    shingles: Uint32Array.from(shingles(article.body)).sort(),
  };
}

/**
 * What the duplicate check needs of every article, worked out once per corpus:
 * link keys, a digest of each normalized text, and each text's shingles as a
 * sorted array. Checking a candidate then costs tens of milliseconds at 10k
 * articles; normalizing and shingling every article on each check took 3.5 s
 * there, and nothing else could be answered meanwhile.
 */
export class DuplicateIndex {
  private constructor(
    private readonly articles: readonly Article[],
    private readonly keys: readonly ArticleKeys[],
    private readonly byUrl: Map<string, number>,
    private readonly byText: Map<string, number>,
  ) {}

  /** Indexes the articles. */
  static build(articles: readonly Article[]): DuplicateIndex {
    return allSteps(DuplicateIndex.building(articles));
  }

  /**
   * {@link build} in steps of one article (see `text/steps.ts`): at 100k passages the
   * whole build takes seconds. Articles `previous` indexed (the same objects: a
   * refresh keeps the ones whose file did not change) keep their keys.
   */
  static *building(articles: readonly Article[], previous?: DuplicateIndex): Steps<DuplicateIndex> {
    const known = new Map<Article, ArticleKeys>();
    if (previous) previous.articles.forEach((article, i) => known.set(article, previous.keys[i]!));
    const keys: ArticleKeys[] = [];
    const byUrl = new Map<string, number>();
    const byText = new Map<string, number>();
    for (const [i, article] of articles.entries()) {
      let own = known.get(article);
      if (!own) {
        own = keysOf(article);
        yield;
      }
      keys.push(own);
      if (own.url && !byUrl.has(own.url)) byUrl.set(own.url, i);
      if (!byText.has(own.digest)) byText.set(own.digest, i);
    }
    return new DuplicateIndex(articles, keys, byUrl, byText);
  }

  /** The article `candidate` duplicates, and why: the same link first, then the same text, then nearly the same. */
  find(candidate: DuplicateCandidate): DuplicateMatch | undefined {
    for (const url of [candidate.url, ...(candidate.urls ?? [])]) {
      const key = url ? normalizeUrl(url) : undefined;
      const i = key === undefined ? undefined : this.byUrl.get(key);
      if (i !== undefined) return { article: this.articles[i]!, reason: 'url' };
    }
    const text = normalizeText(candidate.text);
    if (text === '') return undefined;
    const exact = this.byText.get(textDigest(text));
    if (exact !== undefined) return { article: this.articles[exact]!, reason: 'text' };
    const mine = Uint32Array.from(shingles(candidate.text)).sort();
    if (mine.length < MIN_SHINGLES) return undefined;
    for (let i = 0; i < this.articles.length; i++) {
      const theirs = this.keys[i]!.shingles;
      if (theirs.length < MIN_SHINGLES) continue;
      if (sharedCount(mine, theirs) / Math.min(mine.length, theirs.length) >= SAME_TEXT) return { article: this.articles[i]!, reason: 'text' };
    }
    return undefined;
  }
}

function textDigest(normalized: string): string {
  return createHash('sha256').update(normalized).digest('base64');
}

/** How many values two ascending arrays share. */
function sharedCount(a: Uint32Array, b: Uint32Array): number {
  let shared = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i]! < b[j]!) i++;
    else if (a[i]! > b[j]!) j++;
    else {
      shared++;
      i++;
      j++;
    }
  }
  return shared;
}
