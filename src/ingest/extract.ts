/**
 * Turns a fetched page or an attached file into article text and metadata.
 * HTML goes through Mozilla's Readability over a linkedom DOM; the metadata is
 * only what the page itself states (Open Graph, article:* and author meta tags,
 * JSON-LD NewsArticle, `<time datetime>`), never guessed from the host name.
 */
import { isProbablyReaderable, Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { decodeArticleText, parseArticle } from '../corpus/article.js';
import { isArticleError } from '../corpus/errors.js';
import { pickMeta, type FrontMatter } from '../corpus/frontmatter.js';
import { isFurniture, isLinkListItem, startsLinkList } from '../corpus/furniture.js';
import { IngestError } from './errors.js';

/** Below this many characters of text (headings not counted) an article is refused with 'no-text'. */
export const MIN_TEXT_CHARS = 200;

/**
 * An article's metadata and text, ready to be written as a corpus file. `published`
 * is as the page states it (the publisher's local date when it gives a time zone).
 */
export interface ExtractedArticle extends FrontMatter {
  /** The page's own canonical link (`<link rel=canonical>` or og:url), for duplicate checks. */
  canonicalUrl?: string | undefined;
  /** Paragraphs separated by blank lines; `## ` headings, `- ` list items and `> ` quotes as in Markdown. */
  text: string;
}

// linkedom's DOM is typed loosely here: the project compiles without the DOM lib.
/* eslint-disable @typescript-eslint/no-explicit-any */
type El = any;

const TITLE_MAX = 300;
const NAME_MAX = 120;

function clean(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value
    .replace(/&(amp|quot|apos|#39|#x27|lt|gt|nbsp);/g, (_m, e: string) => ({ amp: '&', quot: '"', apos: "'", '#39': "'", '#x27': "'", lt: '<', gt: '>', nbsp: ' ' })[e] ?? _m)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\u200b\u00ad]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? undefined : text;
}

function cleanName(value: unknown): string | undefined {
  let text = clean(value);
  if (!text) return undefined;
  if (/^(https?:|www\.)/i.test(text) || (text.includes('@') && !text.includes(' '))) return undefined;
  text = text
    .replace(/^by[:\s]+/i, '')
    .replace(/\s*[|•·]\s.*$/, '')
    .replace(/,?\s+(updated|published|posted)\b.*$/i, '')
    .replace(/,?\s+(on\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}.*$/i, '')
    .trim();
  if (text === '' || text.length > NAME_MAX) return undefined;
  return text;
}

/** `YYYY-MM-DD` from an ISO timestamp or any date `Date` can read; undefined when it is not a plausible date. */
export function toIsoDate(value: unknown): string | undefined {
  const text = clean(value);
  if (!text) return undefined;
  let iso: string | undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (m) {
    iso = m[0];
  } else {
    const time = Date.parse(text);
    if (Number.isFinite(time)) iso = new Date(time).toISOString().slice(0, 10);
  }
  if (!iso) return undefined;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) return undefined;
  const year = date.getUTCFullYear();
  if (year < 1900 || year > new Date().getUTCFullYear() + 1) return undefined;
  return iso;
}

function httpUrl(value: unknown, base?: string): string | undefined {
  const text = clean(value);
  if (!text) return undefined;
  try {
    const url = base ? new URL(text, base) : new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------
// Metadata

/** What the page's own tags state; `url` is its canonical link. */
interface PageMeta extends Partial<FrontMatter> {
  /** The page says it is an article (og:type article, or a JSON-LD article). */
  isArticle: boolean;
}

const ARTICLE_TYPE = /^(\w*NewsArticle|Article|BlogPosting|LiveBlogPosting|Report|ScholarlyArticle|TechArticle|OpinionNewsArticle)$/;

function metaMap(document: El): Map<string, string> {
  const map = new Map<string, string>();
  for (const meta of document.querySelectorAll('meta')) {
    const key = (meta.getAttribute('property') ?? meta.getAttribute('name') ?? meta.getAttribute('itemprop') ?? '').trim().toLowerCase();
    const content = clean(meta.getAttribute('content'));
    if (key && content && !map.has(key)) map.set(key, content);
  }
  return map;
}

function jsonLdArticles(document: El): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const visit = (node: unknown, depth: number) => {
    if (depth > 6 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    const record = node as Record<string, unknown>;
    const types = ([] as unknown[]).concat(record['@type'] ?? []).filter((t): t is string => typeof t === 'string');
    if (types.some((t) => ARTICLE_TYPE.test(t))) found.push(record);
    if (record['@graph']) visit(record['@graph'], depth + 1);
  };
  for (const script of document.querySelectorAll('script')) {
    if (!/ld\+json/i.test(script.getAttribute('type') ?? '')) continue;
    const raw = String(script.textContent ?? '')
      .replace(/^\s*(<!--|<!\[CDATA\[)/, '')
      .replace(/(-->|\]\]>)\s*$/, '');
    try {
      visit(JSON.parse(raw), 0);
    } catch {
      // a broken JSON-LD block is ignored, as browsers and search engines do
    }
  }
  return found;
}

function names(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(names);
  if (value && typeof value === 'object') {
    const name = (value as Record<string, unknown>).name;
    return typeof name === 'string' ? [name] : [];
  }
  return [];
}

function joinNames(list: string[]): string | undefined {
  const unique = [...new Set(list.map(cleanName).filter((n): n is string => n !== undefined))];
  if (unique.length === 0) return undefined;
  const joined = unique.length <= 2 ? unique.join(' and ') : `${unique.slice(0, -1).join(', ')} and ${unique.at(-1)}`;
  return joined.length <= NAME_MAX * 2 ? joined : unique[0];
}

function firstText(document: El, selectors: string[]): string | undefined {
  for (const selector of selectors) {
    const el = document.querySelector(selector);
    const text = clean(el?.textContent);
    if (text) return text;
  }
  return undefined;
}

function timeDatetime(document: El): string | undefined {
  for (const selector of ['time[itemprop="datePublished"]', 'time[pubdate]', 'article time[datetime]', 'main time[datetime]']) {
    const date = toIsoDate(document.querySelector(selector)?.getAttribute('datetime'));
    if (date) return date;
  }
  // Outside an <article>/<main>, the first <time> of the page is taken only when it is the only one.
  const all = document.querySelectorAll('time[datetime]');
  return all.length === 1 ? toIsoDate(all[0].getAttribute('datetime')) : undefined;
}

/** "Headline | Outlet" → "Headline" when the tail is the outlet's name. */
function withoutOutlet(title: string, outlet: string | undefined): string {
  if (!outlet) return title;
  const m = /^(.*\S)\s+[|–—-]\s+(.+)$/.exec(title);
  return m && m[2]!.toLowerCase() === outlet.toLowerCase() ? m[1]! : title;
}

function readMeta(document: El): PageMeta {
  const meta = metaMap(document);
  const ld = jsonLdArticles(document);
  const fromLd = (key: string) => ld.map((a) => a[key]).find((v) => v !== undefined && v !== null && v !== '');
  const outlet =
    meta.get('og:site_name') ?? cleanName(names(fromLd('publisher'))[0]) ?? meta.get('application-name');
  const rawTitle =
    meta.get('og:title') ??
    clean(fromLd('headline')) ??
    meta.get('twitter:title') ??
    firstText(document, ['article h1', 'main h1', 'h1']) ??
    clean(document.querySelector('title')?.textContent);
  const author =
    joinNames(names(fromLd('author'))) ??
    cleanName(meta.get('author')) ??
    cleanName(meta.get('article:author')) ??
    cleanName(meta.get('parsely-author')) ??
    cleanName(meta.get('dc.creator'));
  const published =
    toIsoDate(meta.get('article:published_time')) ??
    toIsoDate(fromLd('datePublished')) ??
    toIsoDate(meta.get('datepublished')) ??
    toIsoDate(meta.get('parsely-pub-date')) ??
    toIsoDate(meta.get('pubdate')) ??
    toIsoDate(meta.get('publishdate')) ??
    toIsoDate(meta.get('dc.date')) ??
    timeDatetime(document);
  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href');
  const url = httpUrl(canonical) ?? httpUrl(meta.get('og:url'));
  return {
    title: rawTitle ? withoutOutlet(rawTitle, outlet) : undefined,
    outlet,
    author,
    published,
    url,
    isArticle: ld.length > 0 || meta.get('og:type') === 'article',
  };
}

// ---------------------------------------------------------------------------
// Page chrome removed before Readability looks at the page

const CHROME_ELEMENTS = 'nav, footer, aside, form, button, noscript, iframe, svg, dialog, [role="navigation"], [role="complementary"], [role="contentinfo"], [role="dialog"], [hidden]';
const CHROME_TOKEN = /^(ads?|advert\w*|adslot|adunit|sponsor\w*|promo\w*|newsletter\w*|share|sharing|sharebar|social|related|recirc\w*|comments?|subscribe\w*|paywall|cookies?|breadcrumbs?|outbrain|taboola)$|^(ad|ads|advert|share|sharing|social|newsletter|promo|related|sponsor|subscribe|comments?)[-_]/i;

function removeChrome(document: El): void {
  for (const el of [...document.querySelectorAll(CHROME_ELEMENTS)]) el.remove();
  for (const el of [...document.querySelectorAll('[class], [id]')]) {
    if (!el.parentNode) continue;
    const tag = String(el.localName ?? '').toLowerCase();
    if (tag === 'html' || tag === 'body' || tag === 'article' || tag === 'main') continue;
    const tokens = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`.split(/\s+/).filter(Boolean);
    if (tokens.some((t) => CHROME_TOKEN.test(t))) el.remove();
  }
}

// ---------------------------------------------------------------------------
// Text from Readability's content

const BLOCK_SELECTOR = 'p, li, h2, h3, blockquote';

function textOf(el: El): string {
  return clean(el.textContent) ?? '';
}

function hasBlocks(el: El): boolean {
  return el.querySelector(BLOCK_SELECTOR) !== null;
}

/** Page furniture, or the headline repeated above the text. */
function isChromeLine(line: string, title: string | undefined): boolean {
  return isFurniture(line) || (title !== undefined && line.toLowerCase() === title.toLowerCase());
}

/** Paragraphs of the content, in order, from p, li, h2/h3 and blockquote (innermost ones). */
function collectBlocks(root: El, out: string[], quote = false): void {
  let inline = '';
  const flush = () => {
    const text = clean(inline);
    if (text && quote) out.push(`> ${text}`);
    inline = '';
  };
  for (const node of [...root.childNodes]) {
    if (node.nodeType === 3) {
      inline += ` ${node.textContent ?? ''}`;
      continue;
    }
    if (node.nodeType !== 1) continue;
    const tag = String(node.localName ?? '').toLowerCase();
    const nested = hasBlocks(node);
    if (!nested && !['p', 'li', 'h2', 'h3', 'blockquote'].includes(tag)) {
      // inline markup (a, em, span…) or a container with no paragraphs in it: only quotes keep loose text
      if (['a', 'em', 'strong', 'b', 'i', 'span', 'cite', 'small', 'sup', 'sub', 'q', 'abbr', 'time', 'mark', 'u', 'br'].includes(tag)) {
        inline += tag === 'br' ? ' ' : ` ${node.textContent ?? ''}`;
      }
      continue;
    }
    flush();
    if (nested) {
      collectBlocks(node, out, quote || tag === 'blockquote');
      continue;
    }
    const text = textOf(node);
    if (!text) continue;
    if (tag === 'h2' || tag === 'h3') out.push(`## ${text}`);
    else if (quote || tag === 'blockquote') out.push(`> ${text}`);
    else if (tag === 'li') out.push(`- ${text}`);
    else out.push(text);
  }
  flush();
}

function bodyText(content: El, title: string | undefined): { text: string; chars: number; paragraphs: number; reads: boolean } {
  const blocks: string[] = [];
  collectBlocks(content, blocks);
  const kept: string[] = [];
  let inLinkList = false;
  for (const block of blocks) {
    const bare = block.replace(/^(## |> |- )/, '');
    if (isChromeLine(bare, title)) {
      inLinkList = startsLinkList(bare);
      continue;
    }
    if (inLinkList && isLinkListItem(bare)) continue;
    inLinkList = false;
    if (kept.at(-1) === block) continue;
    kept.push(block);
  }
  // A heading with nothing under it (the end of the page, before removed chrome) is dropped.
  while (kept.length > 0 && kept.at(-1)!.startsWith('## ')) kept.pop();
  const prose = kept.filter((b) => !b.startsWith('## '));
  // Plain paragraphs that end like sentences: reporting, not a list of links or teasers.
  const sentences = kept.filter((b) => !/^(## |- |> )/.test(b) && /[.!?…"”’)]$/.test(b));
  return {
    text: kept.join('\n\n'),
    chars: prose.reduce((n, b) => n + b.length, 0),
    paragraphs: prose.length,
    reads: sentences.length >= 3 && sentences.reduce((n, b) => n + b.length, 0) >= 2 * MIN_TEXT_CHARS,
  };
}

function documentOf(html: string): El {
  const source = /<html[\s>]/i.test(html) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`;
  return parseHTML(source).document;
}

/**
 * The article in an HTML page: its text and what the page says about itself.
 * `url` is where the page was found; without it, the page's canonical link is used.
 * @throws {IngestError} 'not-article' when nothing reads like an article,
 *   'no-text' when its text is shorter than {@link MIN_TEXT_CHARS}.
 */
export function extractArticle(html: string, url?: string): ExtractedArticle {
  let document: El;
  try {
    document = documentOf(html);
  } catch (error) {
    throw new IngestError('not-article', 'the page could not be read as HTML', { cause: error });
  }
  const meta = readMeta(document);
  removeChrome(document);
  const readerable = isProbablyReaderable(document);
  let parsed: ReturnType<Readability<El>['parse']>;
  try {
    parsed = new Readability<El>(document, { serializer: (node: El) => node, maxElemsToParse: 0 }).parse();
  } catch (error) {
    throw new IngestError('not-article', 'the page could not be read as an article', { cause: error });
  }
  if (!parsed || !parsed.content) throw new IngestError('not-article', 'the page does not look like an article (no article text was found)');
  const outlet = meta.outlet ?? cleanName(parsed.siteName);
  const rawTitle = meta.title ?? clean(parsed.title);
  const title = rawTitle ? withoutOutlet(rawTitle, outlet) : undefined;
  const body = bodyText(parsed.content, title);
  // Readability finds "content" on almost any page; the page must also say it is an
  // article, or read like one (Readability's own readerability test, or prose paragraphs).
  if ((!readerable && !meta.isArticle && !body.reads) || body.paragraphs === 0) {
    throw new IngestError('not-article', 'the page does not look like an article (it reads like a front page, a list or a form)');
  }
  if (body.chars < MIN_TEXT_CHARS) {
    throw new IngestError('no-text', `the article text is too short (${body.chars} characters; at least ${MIN_TEXT_CHARS} are needed; a paywall or a page built by scripts?)`);
  }
  return {
    title: (title ?? 'Untitled article').slice(0, TITLE_MAX),
    outlet,
    author: meta.author ?? cleanName(parsed.byline),
    published: meta.published ?? toIsoDate(parsed.publishedTime),
    url: httpUrl(url) ?? meta.url,
    canonicalUrl: meta.url,
    text: body.text,
  };
}

const TEXT_EXTENSIONS = ['.txt', '.md', '.markdown'];
const HTML_EXTENSIONS = ['.html', '.htm', '.xhtml'];

function extensionOf(fileName: string): string {
  const m = /\.[^./\\]+$/.exec(fileName);
  return m ? m[0].toLowerCase() : '';
}

/** A plain file name (no folders, nothing odd) to give parseArticle for title inference. */
function safeName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  return base.replace(/[^\w.-]+/g, '-') || 'attachment.txt';
}

/**
 * An attachment's article: `.txt`/`.md` taken as they are (their front matter kept
 * when valid), `.html` through {@link extractArticle}. A file without front matter
 * gets its title from its first line (when it reads as a headline, which is then
 * not repeated in the text) or its name.
 * @throws {IngestError} 'bad-file' (unknown kind, not text, broken front matter),
 *   'no-text', or 'not-article' for HTML.
 */
export function extractText(fileName: string, content: string | Buffer, url?: string): ExtractedArticle {
  const ext = extensionOf(fileName);
  let text: string;
  try {
    text = decodeArticleText(content);
  } catch (error) {
    throw new IngestError('bad-file', `the file ${safeName(fileName)} is ${(error as Error).message}`, { cause: error });
  }
  if (HTML_EXTENSIONS.includes(ext)) return extractArticle(text, url);
  if (!TEXT_EXTENSIONS.includes(ext)) {
    throw new IngestError('bad-file', 'attach a .md, .txt or .html file (other kinds of file are not read)');
  }
  const normalized = text.replace(/\r\n?/g, '\n');
  let parsed: ReturnType<typeof parseArticle>;
  try {
    parsed = parseArticle(safeName(fileName), normalized);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new IngestError(isArticleError(error, 'no-text') ? 'no-text' : 'bad-file', `the file ${safeName(fileName)} cannot be used: ${reason}`, { cause: error });
  }
  const { article } = parsed;
  let body = article.body;
  const hadFrontMatter = normalized.replace(/^\uFEFF/, '').startsWith('---');
  if (!hadFrontMatter) {
    // The first line became the title: do not repeat it as the first paragraph.
    const lines = body.split('\n');
    const first = lines.findIndex((l) => l.trim() !== '');
    if (first >= 0 && lines[first]!.trim().replace(/^#{1,6}\s+/, '') === article.title) body = lines.slice(first + 1).join('\n');
  }
  body = body.replace(/^\s*\n/, '').trimEnd();
  const chars = body.replace(/\s+/g, ' ').trim().length;
  if (chars < MIN_TEXT_CHARS) {
    throw new IngestError('no-text', `the article text is too short (${chars} characters; at least ${MIN_TEXT_CHARS} are needed)`);
  }
  return { ...pickMeta(article), url: article.url ?? httpUrl(url), text: body };
}
