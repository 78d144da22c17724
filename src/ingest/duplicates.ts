/**
 * Is an article already in the corpus? The same link (after normalization) or the
 * same text (exactly, ignoring case and spacing, or nearly: shingle overlap).
 */
import { overlap, shingles } from '../answer/dedupe.js';
import type { Article, Corpus } from '../corpus/types.js';

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

/** The article already in the corpus that `candidate` duplicates, and why; undefined when it is new. */
export function findDuplicateMatch(corpus: Pick<Corpus, 'articles'>, candidate: DuplicateCandidate): DuplicateMatch | undefined {
  const keys = new Set([candidate.url, ...(candidate.urls ?? [])].map((u) => (u ? normalizeUrl(u) : undefined)).filter((k): k is string => k !== undefined));
  if (keys.size > 0) {
    for (const article of corpus.articles) {
      const key = article.url ? normalizeUrl(article.url) : undefined;
      if (key && keys.has(key)) return { article, reason: 'url' };
    }
  }
  const text = normalizeText(candidate.text);
  if (text === '') return undefined;
  const mine = shingles(candidate.text);
  for (const article of corpus.articles) {
    if (normalizeText(article.body) === text) return { article, reason: 'text' };
  }
  if (mine.size < MIN_SHINGLES) return undefined;
  for (const article of corpus.articles) {
    const theirs = shingles(article.body);
    if (theirs.size >= MIN_SHINGLES && overlap(mine, theirs) >= SAME_TEXT) return { article, reason: 'text' };
  }
  return undefined;
}

/** The article already in the corpus with the same link or the same text under another name, if any. */
export function findDuplicate(corpus: Pick<Corpus, 'articles'>, candidate: DuplicateCandidate): Article | undefined {
  return findDuplicateMatch(corpus, candidate)?.article;
}
