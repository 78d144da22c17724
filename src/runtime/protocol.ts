/**
 * The messages between the bot's thread and a story's worker (`worker.ts`): the
 * worker opens or builds a story, reports progress, then answers requests until
 * it is replaced. Every request and its reply are declared once, in {@link Requests}.
 */
import type { AskOptions } from '../answer/engine.js';
import type { Answer } from '../answer/types.js';
import type { CatalogChanges, CatalogFields } from '../corpus/catalog.js';
import type { CorpusProblem, Passage } from '../corpus/types.js';
import type { DuplicateCandidate } from '../ingest/duplicates.js';

/** A worker's answer to a duplicate check: the article by id. */
export interface DuplicateReply {
  id: string;
  reason: 'url' | 'text';
}

/** What the bot's thread may ask a story's worker: each request's arguments, and its reply. */
export interface Requests {
  ask: { args: { question: string; options: AskOptions }; reply: Answer };
  /** The answer to a question that reads as English (see `AnswerEngine.language`); null for one that does not. */
  askInEnglish: { args: { question: string; options: AskOptions }; reply: Answer | null };
  /** One article's passages, in order (none for an unknown id). */
  passages: { args: { articleId: string }; reply: readonly Passage[] };
  /** The article a candidate duplicates (same link, or the same text under another name), if any. */
  duplicate: { args: { candidate: DuplicateCandidate }; reply: DuplicateReply | undefined };
  /**
   * Re-reads the folder and replaces the story that answers once the new one is whole, answering
   * meanwhile; what it has not changed is reused. Refused (a RefreshError) when a file is unusable.
   */
  refresh: { args: Record<string, never>; reply: Refreshed | { unchanged: true } };
  /** Saves the snapshot of a built story; the reply is why it could not be saved, if so. */
  save: { args: Record<string, never>; reply: string | undefined };
}

/** What the bot's thread holds of a story, from its worker. */
export interface Described {
  catalog: CatalogFields;
  questions: string[];
  problems: CorpusProblem[];
  fingerprint: string;
}

/** A refresh's reply: the new story, what changed since the one it replaced, and whether its snapshot awaits a `save`. */
export interface Refreshed extends Described {
  changes: CatalogChanges;
  unsaved: boolean;
}

export type Op = keyof Requests;
export type Args<K extends Op> = Requests[K]['args'];
export type Reply<K extends Op> = Requests[K]['reply'];
/** A request as sent: its id, its op and that op's arguments. */
export type Request = { [K in Op]: { id: number; op: K } & Args<K> }[Op];

export interface WorkerStart {
  /** The worker's module, imported by the boot script once TypeScript loading is registered. */
  entry: string;
  dir: string;
  /** `open`: from the snapshot when it matches, leaving bad files out (startup). `build`: from the files (a refresh). */
  mode: 'open' | 'build';
  /** Refuse the whole corpus if any file is unusable. */
  strict: boolean;
  /** Use and produce the index snapshot. */
  snapshot: boolean;
  /** The cache folder of snapshots, absolute (see `folder/open.ts`). */
  snapshotDir: string;
}

export type WorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'note'; message: string }
  | ({
      type: 'ready';
      from: 'snapshot' | 'build';
      /** A built story's snapshot waits in the worker for a `save` request. */
      unsaved: boolean;
    } & Described)
  | { type: 'failed'; name: string; message: string; stack: string | undefined }
  | { type: 'reply'; id: number; value: Reply<Op> }
  | { type: 'refused'; id: number; name: string; message: string; stack: string | undefined };
