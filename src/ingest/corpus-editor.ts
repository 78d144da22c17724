/**
 * Moderators' changes to the corpus: add an article from a link or an attached
 * file, remove one. Each change is all or nothing: the file is written (or moved
 * away), the live index is refreshed from the folder, and when the refresh is
 * refused the file change is undone, so the folder and the index that answers
 * stay as they were. Changes run one at a time (a promise-chain mutex); fetching
 * a page happens before queueing, so a slow site does not hold up other changes.
 *
 * Pure core: no discord.js. One CorpusEditor per process and corpus folder.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { articleIdOf, isArticleFile, parseArticle } from '../corpus/article.js';
import type { ArticleSummary, Catalog, DuplicateFound, RefreshReport } from '../corpus/catalog.js';
import { isArticleError } from '../corpus/errors.js';
import { pickMeta } from '../corpus/frontmatter.js';
import type { ArticleMeta, Passage } from '../corpus/types.js';
import { RefreshError } from '../folder/build.js';
import { CorpusError } from '../folder/read.js';
import type { BuildProgress } from '../search/index.js';
import { stripTracking, type DuplicateCandidate } from './duplicates.js';
import { IngestError } from './errors.js';
import { extractArticle, extractText, type ExtractedArticle } from './extract.js';
import { DEFAULT_MAX_BYTES, fetchPage, type FetchedPage, type FetchOptions } from './fetch.js';
import { appendAudit, beginAudit, deleteFile, reconcileAudit, removeArticleFile, slugFileName, toCorpusFile, writeFileAtomic } from './store.js';

export interface Moderator {
  /** Display name, for the audit log and `/corpus status`. */
  name: string;
  /** Discord user id. */
  id: string;
}

export type AddSource = { url: string } | { fileName: string; content: string | Buffer };

export interface AddRequest {
  source: AddSource;
  by: Moderator;
}

export interface RemoveRequest {
  id: string;
  by: Moderator;
}

/** What a change is doing now, for a progress line. */
export type EditProgress =
  | { stage: 'fetching'; url: string }
  | { stage: 'extracting' }
  /** Waiting for another moderator's change to finish. */
  | { stage: 'queued' }
  | { stage: 'writing'; file: string }
  | { stage: 'removing'; file: string }
  | { stage: 'indexing'; done: number; total: number };

export interface AddResult {
  /** The article as the live index now has it. */
  article: ArticleSummary;
  /** Its file name in the corpus folder. */
  file: string;
  /** How many passages it was split into. */
  passages: number;
  /** Its first quotable passage, to show what was added. */
  firstPassage: Passage;
  report: RefreshReport;
  /** Things that went wrong after the change was made (the audit line could not be written). */
  warnings: string[];
}

export interface RemoveResult {
  /** The article as it was. */
  article: ArticleSummary;
  passages: number;
  report: RefreshReport;
  warnings: string[];
}

export interface ArticlePreview extends ArticleMeta {
  passages: number;
  /** The first passage's text. */
  firstPassage?: string | undefined;
}

export interface CorpusEditorOptions {
  /** For `add({url})`: set `allowPrivate` from `config.allowPrivateUrls`; limits default to 10 s and 2 MiB. */
  fetch?: FetchOptions;
  /** Largest attachment accepted (default 2 MiB). */
  maxFileBytes?: number;
}

/** What the editor needs of the story it changes; the bot hands it its live story (`runtime/live-story.ts`). */
export interface EditableStory {
  /** The corpus folder. */
  readonly dir: string;
  readonly catalog: Catalog;
  /** One article's passages, in order (none for an unknown id). */
  passagesOf(articleId: string): Promise<readonly Passage[]>;
  /** The article `candidate` duplicates (same link, or the same text under another name), if any. */
  findDuplicate(candidate: DuplicateCandidate): Promise<DuplicateFound | undefined>;
  /** Re-reads the folder (after this call) and swaps in its story when whole; refused, with the reason, when a file is unusable. */
  refresh(by: string, onProgress?: (progress: BuildProgress) => void): Promise<RefreshReport>;
}

function label(by: Moderator): string {
  return `${by.name} (${by.id})`;
}

/** A file name for a text page fetched from a link: its last path segment, with an extension parseArticle reads. */
function fileNameForPage(page: FetchedPage): string {
  const segment = new URL(page.url).pathname.split('/').filter(Boolean).pop() ?? 'page';
  let last: string;
  try {
    last = decodeURIComponent(segment);
  } catch {
    last = segment;
  }
  last = last.replace(/\.[^.]*$/, '');
  return `${last || 'page'}${page.contentType === 'text/markdown' ? '.md' : '.txt'}`;
}

interface Candidate {
  article: ExtractedArticle;
  /** Every link it is known by, for the duplicate check. */
  urls: string[];
  /** For the audit log. */
  from: string;
}

export class CorpusEditor {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  constructor(private readonly options: CorpusEditorOptions = {}) {}

  /**
   * Adds an article from a link or an attached file.
   * @throws {IngestError} fetch and extraction failures, 'duplicate' (with `existing`),
   *   'refresh-refused' (nothing changed; the message lists the unusable files).
   */
  async add(request: AddRequest, story: EditableStory, onProgress?: (progress: EditProgress) => void): Promise<AddResult> {
    if ('url' in request.source) {
      // A link already in the corpus is refused before anything is fetched (checked again below, in the queue).
      const known = await story.findDuplicate({ url: request.source.url.trim().replace(/^<(.*)>$/s, '$1'), text: '' });
      if (known) throw duplicateError(known.article, 'url');
    }
    const candidate = await this.read(request.source, onProgress);
    return this.exclusive(story.dir, onProgress, async () => {
      const { article } = candidate;
      const duplicate = await story.findDuplicate({ urls: candidate.urls, text: article.text });
      if (duplicate) throw duplicateError(duplicate.article, duplicate.reason);
      const onDisk = (await readdir(story.dir)).filter(isArticleFile).map(articleIdOf);
      const file = slugFileName(article.title, [...onDisk, ...story.catalog.ids()]);
      const { content, parsed } = renderChecked(file, article);
      const id = parsed.article.id;
      const path = join(story.dir, file);
      // The audit entry first: a process killed after the file is written still leaves it, settled at the next start.
      const by = request.by;
      const pending = await beginAudit(story.dir, { who: by.name, whoId: by.id, action: 'add', article: id, title: parsed.article.title, from: candidate.from });
      onProgress?.({ stage: 'writing', file });
      try {
        await writeFileAtomic(path, content, { overwrite: false });
      } catch (error) {
        await pending.cancel().catch(() => {});
        throw error;
      }
      let report: RefreshReport;
      try {
        report = await this.refreshAs(story, request.by, onProgress);
      } catch (error) {
        let undone = true;
        await deleteFile(path).catch(() => {
          undone = false;
        });
        // A file that could not be taken back is an article in the folder: it keeps its entry.
        await (undone ? pending.cancel() : pending.commit()).catch(() => {});
        throw refreshFailure(error, 'added', undone ? undefined : file);
      }
      const warnings = await pending.commit().then(
        () => [],
        () => ['the change was made, but the audit log (.audit.jsonl) could not be written; the entry is kept and written at the next start'],
      );
      const passages = await story.passagesOf(id);
      return {
        article: story.catalog.article(id) ?? { ...parsed.article, passages: parsed.passages.length },
        file,
        passages: passages.length,
        firstPassage: passages[0] ?? parsed.passages[0]!,
        report,
        warnings,
      };
    });
  }

  /**
   * Removes an article. Its file is kept as `.removed/<timestamp>-<file>` in the corpus folder.
   * @throws {IngestError} 'no-such-article', 'last-article', 'refresh-refused' (nothing changed).
   */
  remove(request: RemoveRequest, story: EditableStory, onProgress?: (progress: EditProgress) => void): Promise<RemoveResult> {
    return this.exclusive(story.dir, onProgress, async () => {
      const { id, by } = request;
      const article = story.catalog.article(id);
      if (!article) throw new IngestError('no-such-article', `there is no article "${id}" (see /sources)`);
      if (story.catalog.size <= 1) {
        throw new IngestError('last-article', 'this is the only article; add another one before removing it');
      }
      const { passages } = article;
      onProgress?.({ stage: 'removing', file: article.file });
      const removed = await removeArticleFile(story.dir, id);
      let report: RefreshReport;
      try {
        report = await this.refreshAs(story, by, onProgress);
      } catch (error) {
        let undone = true;
        await removed.restore().catch(() => {
          undone = false;
        });
        throw refreshFailure(error, 'removed', undone ? undefined : removed.file);
      }
      const warnings: string[] = [];
      await removed.commit().catch(() => warnings.push(`the removed file's copy could not be moved into .removed/; it is still in the corpus folder as a hidden file`));
      warnings.push(...(await this.audit(story.dir, { by, action: 'remove', article: id, title: article.title, from: article.url ?? removed.file })));
      return { article, passages, report, warnings };
    });
  }

  /**
   * What a removal would take away, for a confirmation prompt.
   * @throws {IngestError} 'no-such-article'
   */
  async preview(id: string, story: Pick<EditableStory, 'catalog' | 'passagesOf'>): Promise<ArticlePreview> {
    const article = story.catalog.article(id);
    if (!article) throw new IngestError('no-such-article', `there is no article "${id}" (see /sources)`);
    const passages = await story.passagesOf(id);
    return { id: article.id, ...pickMeta(article), passages: passages.length, firstPassage: passages[0]?.text };
  }

  /**
   * A plain refresh, queued behind (and never interleaved with) adds and removals.
   * Use it for `/corpus refresh` so a moderator's refresh cannot race a change.
   */
  refresh(by: Moderator, story: EditableStory, onProgress?: (progress: EditProgress) => void): Promise<RefreshReport> {
    return this.exclusive(story.dir, onProgress, () => this.refreshAs(story, by, onProgress));
  }

  /**
   * Settles what a killed process left half done in `dir` (an audit entry written
   * before its article); call once at start, before the first change.
   * @returns how many audit entries were written.
   */
  async reconcile(dir: string): Promise<number> {
    return this.exclusive(dir, undefined, async () => (await reconcileAudit(dir)).length);
  }

  /** Resolves once every change queued so far has finished, done or refused (before the folder is removed, say). */
  settled(): Promise<void> {
    return this.tail.then(() => undefined);
  }

  /** Fetches and extracts, outside the queue. */
  private async read(source: AddSource, onProgress?: (progress: EditProgress) => void): Promise<Candidate> {
    if ('url' in source) {
      onProgress?.({ stage: 'fetching', url: source.url });
      const page = await fetchPage(source.url, this.options.fetch);
      onProgress?.({ stage: 'extracting' });
      const article =
        page.contentType === 'text/html' || page.contentType === 'application/xhtml+xml'
          ? extractArticle(page.text, page.url)
          : extractText(fileNameForPage(page), page.text, page.url);
      const urls = [page.requestedUrl, page.url, ...page.redirects, article.url, article.canonicalUrl].filter((u): u is string => !!u);
      return { article, urls, from: page.requestedUrl };
    }
    const max = this.options.maxFileBytes ?? DEFAULT_MAX_BYTES;
    const size = typeof source.content === 'string' ? Buffer.byteLength(source.content) : source.content.length;
    if (size > max) throw new IngestError('too-large', `the file is larger than ${Math.round(max / 1024)} KiB`);
    onProgress?.({ stage: 'extracting' });
    const article = extractText(source.fileName, source.content);
    return { article, urls: [article.url, article.canonicalUrl].filter((u): u is string => !!u), from: source.fileName };
  }

  /**
   * Refreshes the story as `by`. The story reads the folder after it is called
   * (a refresh already under way is followed by a new one), so the change just
   * written is in the result.
   */
  private refreshAs(story: EditableStory, by: Moderator, onProgress?: (progress: EditProgress) => void): Promise<RefreshReport> {
    return story.refresh(label(by), (p) => onProgress?.({ stage: 'indexing', ...p }));
  }

  private async audit(dir: string, entry: { by: Moderator; action: 'add' | 'remove'; article: string; title: string; from: string }): Promise<string[]> {
    try {
      await appendAudit(dir, { who: entry.by.name, whoId: entry.by.id, action: entry.action, article: entry.article, title: entry.title, from: entry.from });
      return [];
    } catch {
      return ['the change was made, but the audit log (.audit.jsonl) could not be written'];
    }
  }

  /**
   * Runs `task` after every change queued before it; a failure does not stop the queue.
   * A failure of the folder itself (full disk, no permission, gone) becomes an IngestError saying so.
   */
  private exclusive<T>(dir: string, onProgress: ((progress: EditProgress) => void) | undefined, task: () => Promise<T>): Promise<T> {
    if (this.pending > 0) onProgress?.({ stage: 'queued' });
    this.pending++;
    const guarded = () => task().catch(async (error: unknown) => Promise.reject(await storageFailure(error, dir)));
    const run = this.tail.then(guarded, guarded).finally(() => {
      this.pending--;
    });
    this.tail = run.catch(() => undefined);
    return run;
  }
}

/**
 * The file's text, checked with the same parser the refresh uses, so a new file
 * can never be the one that makes a refresh fail. Metadata the parser refuses
 * (an odd URL, say) is left out rather than refusing the article.
 */
function renderChecked(file: string, article: ExtractedArticle): { content: string; parsed: ReturnType<typeof parseArticle> } {
  const full = { ...article, url: article.url ? stripTracking(article.url) : undefined };
  const attempts = [full, { title: article.title, text: article.text }];
  let failure: unknown;
  for (const attempt of attempts) {
    try {
      const content = toCorpusFile(attempt);
      return { content, parsed: parseArticle(file, content) };
    } catch (error) {
      failure = error;
      if (!isArticleError(error, 'front-matter')) break;
    }
  }
  if (failure instanceof IngestError) throw failure;
  const reason = failure instanceof Error ? failure.message : String(failure);
  throw new IngestError(isArticleError(failure, 'no-text') ? 'no-text' : 'bad-file', `the article cannot be used: ${reason}`, { cause: failure });
}

const FULL = new Set(['ENOSPC', 'EDQUOT']);
const DENIED = new Set(['EACCES', 'EPERM', 'EROFS']);

/**
 * A failure of the corpus folder, in words a moderator can act on (never the
 * path or the errno text); any other error as it was.
 */
async function storageFailure(error: unknown, dir: string): Promise<unknown> {
  if (error instanceof IngestError || error instanceof RefreshError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (!(error instanceof CorpusError) && typeof code !== 'string') return error;
  const gone = await stat(dir).then(
    (info) => !info.isDirectory(),
    (e: NodeJS.ErrnoException) => e.code === 'ENOENT' || e.code === 'ENOTDIR',
  );
  const say = (message: string) => new IngestError('storage', `${message}`, { cause: error });
  if (gone) return say('the corpus folder is gone, so nothing was changed. Put it back where CORPUS_DIR says, then try again.');
  if (code && FULL.has(code)) return say('the disk is full, so nothing was changed. Free some space on the machine that runs storydesk, then try again.');
  if (code && DENIED.has(code)) return say('storydesk may not write to the corpus folder, so nothing was changed. Check the folder’s owner and permissions.');
  if (error instanceof CorpusError) return say('storydesk cannot read the corpus folder, so nothing was changed. Check the folder’s owner and permissions.');
  return error;
}

function duplicateError(existing: ArticleSummary, reason: 'url' | 'text'): IngestError {
  const how = reason === 'url' ? 'the same link' : 'the same text';
  return new IngestError('duplicate', `this article is already in the corpus (${how}): "${existing.title}" (${existing.id})`, {
    existing: { id: existing.id, ...pickMeta(existing) },
  });
}

function refreshFailure(error: unknown, verb: 'added' | 'removed', leftBehind: string | undefined): unknown {
  const stuck = leftBehind ? `\nThe file ${leftBehind} could not be put back as it was; fix the corpus folder by hand.` : '';
  if (error instanceof RefreshError) {
    return new IngestError('refresh-refused', `the article was not ${verb}; ${error.message}${stuck}`, { cause: error });
  }
  if (leftBehind && error instanceof Error) error.message += stuck;
  return error;
}

/**
 * Articles whose id or title contains `query` (case-insensitive), for the
 * autocomplete of `/corpus remove article:`. Titles come first when they start with it.
 */
export function suggestArticles(story: Pick<EditableStory, 'catalog'>, query: string, limit = 25): Array<{ id: string; title: string }> {
  const q = query.trim().toLowerCase();
  const scored = story.catalog.articles
    .map((a) => {
      const title = a.title.toLowerCase();
      const id = a.id.toLowerCase();
      const rank = q === '' ? 1 : id === q ? 0 : title.startsWith(q) || id.startsWith(q) ? 1 : title.includes(q) || id.includes(q) ? 2 : -1;
      return { a, rank };
    })
    .filter((s) => s.rank >= 0)
    .sort((x, y) => x.rank - y.rank || x.a.id.localeCompare(y.a.id));
  return scored.slice(0, limit).map(({ a }) => ({ id: a.id, title: a.title }));
}
