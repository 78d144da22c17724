/**
 * Helpers for the /corpus end-to-end scenarios: sending /corpus subcommands as a
 * moderator or a member, waiting for the final (non-progress) reply of a deferred
 * command, and reading what the corpus folder holds.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PermissionFlagsBits, type APIMessage } from 'discord-api-types/v10';
import { parse as parseYaml } from 'yaml';
import { opt, type InteractionActorSpec, type InteractionHandle, type OptionInput } from '../../fake-discord/index.js';
import type { Harness } from './harness.js';

export const LOADING = 1 << 7;
export const EPHEMERAL = 1 << 6;

/** A member with Manage Server (and the "Editors" role). */
export function moderator(h: Harness, user?: { id: string; username: string }): InteractionActorSpec {
  return { permissions: PermissionFlagsBits.ManageGuild, roles: [h.fake.moderatorRoleId], ...(user ? { user } : {}) };
}

/** An ordinary member: no Manage Server. */
export const MEMBER: InteractionActorSpec = { user: { id: '1300000000000000555', username: 'member' } };

export function corpusCommand(h: Harness, sub: string, options: OptionInput[] = [], actor: InteractionActorSpec = moderator(h)): InteractionHandle {
  return h.fake.sendInteraction({ kind: 'command', name: 'corpus', options: [opt.subcommand(sub, options)], ...actor });
}

export function addUrl(h: Harness, url: string, actor?: InteractionActorSpec): InteractionHandle {
  return corpusCommand(h, 'add', [opt.string('url', url)], actor);
}

export function addFile(h: Harness, filename: string, content: string | Buffer, actor?: InteractionActorSpec, extra: { size?: number; url?: string } = {}) {
  const attachment = h.fake.addAttachment({ filename, content, ...extra });
  return { handle: corpusCommand(h, 'add', [opt.attachment('file', attachment)], actor), attachment };
}

export function ask(h: Harness, question: string): InteractionHandle {
  return h.fake.sendInteraction({ kind: 'command', name: 'ask', options: [opt.string('question', question)] });
}

const PROGRESS = /^(Fetching |Reading the article…|Waiting for another moderator|Saving…|Removing…|Rebuilding the index…)/;

/** True once `@original` holds a final answer: not loading, and not a progress line. */
export function isFinal(m: APIMessage): boolean {
  return ((m.flags ?? 0) & LOADING) === 0 && (m.embeds.length > 0 || (m.content !== '' && !PROGRESS.test(m.content)));
}

/** The final state of a deferred (or updated) reply. */
export function finalReply(handle: InteractionHandle, timeoutMs = 10_000): Promise<APIMessage> {
  return handle.waitForOriginal(isFinal, timeoutMs);
}

/** Article files (`*.md`, `*.txt`, …) in the corpus folder, sorted. */
export async function articleFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => !f.startsWith('.') && /\.(md|markdown|txt)$/i.test(f)).sort();
}

export interface FrontMatter {
  title?: string;
  outlet?: string;
  author?: string;
  published?: string;
  url?: string;
  [key: string]: unknown;
}

/** A corpus file's front matter (parsed as YAML) and body. */
export async function readArticleFile(dir: string, file: string): Promise<{ meta: FrontMatter; body: string; raw: string }> {
  const raw = await readFile(join(dir, file), 'utf8');
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(raw);
  if (!m) throw new Error(`${file} has no front matter:\n${raw.slice(0, 300)}`);
  return { meta: (parseYaml(m[1]!) ?? {}) as FrontMatter, body: m[2]!, raw };
}

export interface AuditLine {
  who: string;
  whoId: string;
  when: string;
  action: 'add' | 'remove';
  article: string;
  title: string;
  from?: string;
}

/** `.audit.jsonl` as written (every line must be JSON); [] when it does not exist. */
export async function auditLines(dir: string): Promise<AuditLine[]> {
  let text: string;
  try {
    text = await readFile(join(dir, '.audit.jsonl'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as AuditLine);
}
