/**
 * Writing articles into the corpus folder safely: front matter rendered by the
 * `yaml` package, atomic writes (temp file, fsync, rename), an append-only audit
 * log, and removal that can be undone until it is committed.
 *
 * Every helper file lives in the corpus folder under a dot-prefixed name
 * (`.audit.jsonl`, `.<file>.<pid>.<random>.tmp`, `.<file>.removing-<random>`,
 * `.removed/`), which `loadCorpus` never reads.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { articleIdOf, isArticleFile } from '../corpus/article.js';
import { META_FIELDS, type FrontMatter } from '../corpus/frontmatter.js';
import { deleteFile, moveNoClobber, syncDir, writeFileAtomic } from '../folder/durable.js';
import { IngestError } from './errors.js';

export { deleteFile, writeFileAtomic };

export const AUDIT_FILE = '.audit.jsonl';
export const REMOVED_DIR = '.removed';

/** What a new corpus file holds: its metadata (only the fields that are known are written) and its text. */
export interface CorpusArticle extends FrontMatter {
  text: string;
}

function oneLine(value: string | undefined): string | undefined {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text ? text : undefined;
}

/** The file's text: a YAML front-matter block (the metadata fields that are known, in schema order) and the body. */
export function toCorpusFile(article: CorpusArticle): string {
  if (!oneLine(article.title)) throw new IngestError('bad-file', 'the article has no title');
  const meta: Record<string, string> = {};
  for (const field of META_FIELDS) {
    const value = oneLine(article[field]);
    if (value) meta[field] = value;
  }
  const yaml = stringify(meta, { lineWidth: 0, minContentWidth: 0 });
  const body = article.text.replace(/\r\n?/g, '\n').replace(/^\s*\n/, '').trimEnd();
  return `---\n${yaml}---\n${body}\n`;
}

const SLUG_MAX_CHARS = 40;
const SLUG_MAX_WORDS = 6;

/** A short ASCII slug: "FAA to ground jets — with NTSB!" → "faa-to-ground-jets-with-ntsb". */
export function slugify(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  const kept: string[] = [];
  for (const word of words) {
    if (kept.length >= SLUG_MAX_WORDS) break;
    const next = [...kept, word].join('-');
    if (next.length > SLUG_MAX_CHARS) {
      if (kept.length === 0) kept.push(word.slice(0, SLUG_MAX_CHARS));
      break;
    }
    kept.push(word);
  }
  return kept.join('-') || 'article';
}

/**
 * A new file name: the next number after the highest numbered id (zero-padded to
 * at least 3 digits), then the title's slug: `005-faa-to-ground-jets.md`. Never one of `existingIds`.
 */
export function slugFileName(title: string, existingIds: Iterable<string>): string {
  const taken = new Set<string>();
  let highest = -1;
  let width = 3;
  for (const id of existingIds) {
    taken.add(id.toLowerCase());
    const m = /^(\d+)(?:[-_.]|$)/.exec(id);
    if (m) {
      highest = Math.max(highest, Number(m[1]));
      width = Math.max(width, m[1]!.length);
    }
  }
  const prefix = String(highest + 1).padStart(width, '0');
  const slug = slugify(title);
  let id = `${prefix}-${slug}`;
  for (let n = 2; taken.has(id); n++) id = `${prefix}-${slug}-${n}`;
  return `${id}.md`;
}

export interface AuditEntry {
  /** Display name of the moderator. */
  who: string;
  /** Their Discord user id. */
  whoId: string;
  /** ISO timestamp; now when left out. */
  when?: string;
  action: 'add' | 'remove';
  /** The article id (file name without extension). */
  article: string;
  title: string;
  /** Where it came from: the URL, or the attachment's file name; for a removal, the file removed. */
  from?: string | undefined;
}

/** Appends one JSON line to `<dir>/.audit.jsonl` and fsyncs it. */
export async function appendAudit(dir: string, entry: AuditEntry): Promise<void> {
  const line = `${JSON.stringify({
    who: entry.who,
    whoId: entry.whoId,
    when: entry.when ?? new Date().toISOString(),
    action: entry.action,
    article: entry.article,
    title: entry.title,
    ...(entry.from === undefined ? {} : { from: entry.from }),
  })}\n`;
  const handle = await open(join(dir, AUDIT_FILE), 'a', 0o644);
  try {
    await handle.appendFile(line);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Where an audit entry waits while its change is being made: `.audit.pending-<random>.json`. */
const PENDING_PREFIX = '.audit.pending-';

export function isPendingAudit(name: string): boolean {
  return name.startsWith(PENDING_PREFIX) && name.endsWith('.json');
}

/** An audit entry written before its change: commit it once the change is made, cancel it when the change is undone. */
export interface PendingAudit {
  readonly entry: AuditEntry;
  /** Appends the entry to the audit log, then drops the pending file. */
  commit(): Promise<void>;
  /** Drops the pending file: the change was not made. */
  cancel(): Promise<void>;
}

/**
 * Writes `entry` (durably) before the change it describes, so no article can exist
 * without its audit entry: a process killed in between leaves the pending entry,
 * and {@link reconcileAudit} settles it at the next start.
 */
export async function beginAudit(dir: string, entry: AuditEntry): Promise<PendingAudit> {
  const full: AuditEntry = { ...entry, when: entry.when ?? new Date().toISOString() };
  const path = join(dir, `${PENDING_PREFIX}${randomBytes(6).toString('hex')}.json`);
  await writeFileAtomic(path, `${JSON.stringify(full)}\n`);
  return {
    entry: full,
    async commit() {
      await appendAudit(dir, full);
      await deleteFile(path);
    },
    async cancel() {
      await deleteFile(path);
    },
  };
}

/**
 * Settles the audit entries a killed process left pending: an added article that
 * is in the folder gets its entry in the audit log (once); the others are dropped.
 * @returns the entries appended.
 */
export async function reconcileAudit(dir: string): Promise<AuditEntry[]> {
  const names = await readdir(dir);
  const pending = names.filter(isPendingAudit);
  if (pending.length === 0) return [];
  const ids = new Set(names.filter(isArticleFile).map(articleIdOf));
  const logged = new Set((await readAudit(dir)).map((e) => `${e.action}\0${e.article}\0${e.when}`));
  const appended: AuditEntry[] = [];
  for (const name of pending.sort()) {
    const path = join(dir, name);
    let entry: AuditEntry | undefined;
    try {
      entry = JSON.parse(await readFile(path, 'utf8')) as AuditEntry;
    } catch {
      entry = undefined; // torn while being written: its change had not begun
    }
    const made = entry && (entry.action === 'add' ? ids.has(entry.article) : !ids.has(entry.article));
    if (entry && made && !logged.has(`${entry.action}\0${entry.article}\0${entry.when}`)) {
      await appendAudit(dir, entry);
      appended.push(entry);
    }
    await deleteFile(path);
  }
  return appended;
}

/** The audit log, oldest first; lines that are not valid entries are skipped. */
export async function readAudit(dir: string): Promise<AuditEntry[]> {
  let text: string;
  try {
    text = await readFile(join(dir, AUDIT_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: AuditEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value = JSON.parse(line) as AuditEntry;
      if (value && typeof value === 'object' && (value.action === 'add' || value.action === 'remove')) entries.push(value);
    } catch {
      // a torn line (crash mid-write) is skipped
    }
  }
  return entries;
}

/** A file moved out of the corpus (invisible to loadCorpus), not yet gone for good. */
export interface RemovedFile {
  /** The file name it had in the corpus folder. */
  file: string;
  /** Its bytes, as they were. */
  bytes: Buffer;
  /** Puts it back under its name (refuses to overwrite a file created there since). */
  restore(): Promise<void>;
  /** Finishes the removal: the file is kept as `.removed/<timestamp>-<file>` in the corpus folder. */
  commit(): Promise<void>;
}

/**
 * Takes the article `id` out of the corpus folder in one atomic rename to a
 * dot-prefixed name; {@link RemovedFile.restore} or {@link RemovedFile.commit} finishes it.
 * @throws {IngestError} 'no-such-article' when no article file has that id.
 */
export async function removeArticleFile(dir: string, id: string): Promise<RemovedFile> {
  const files = (await readdir(dir)).filter((name) => isArticleFile(name) && articleIdOf(name) === id);
  if (files.length === 0) throw new IngestError('no-such-article', `there is no article file for "${id}"`);
  if (files.length > 1) throw new IngestError('bad-file', `several files have the id "${id}" (${files.join(', ')}); remove them by hand`);
  const file = files[0]!;
  const path = join(dir, file);
  const bytes = await readFile(path);
  const hidden = join(dir, `.${file}.removing-${randomBytes(6).toString('hex')}`);
  await rename(path, hidden);
  await syncDir(dir);
  let settled = false;
  const once = (what: string) => {
    if (settled) throw new Error(`removeArticleFile: ${file} was already ${what}`);
    settled = true;
  };
  return {
    file,
    bytes,
    async restore() {
      once('restored or committed');
      const present = await stat(hidden).then(() => true, () => false);
      if (present) {
        await moveNoClobber(hidden, path);
        await syncDir(dir);
      } else {
        await writeFileAtomic(path, bytes, { overwrite: false });
      }
    },
    async commit() {
      once('restored or committed');
      const keep = join(dir, REMOVED_DIR);
      await mkdir(keep, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      await rename(hidden, join(keep, `${stamp}-${file}`));
      await syncDir(dir);
    },
  };
}
