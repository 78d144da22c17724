/**
 * The messages between the bot's thread and a story host (`worker.ts`): the
 * host builds or opens a story, reports progress, then answers requests until it
 * is replaced.
 */
import type { AskOptions } from '../answer/engine.js';
import type { CorpusProblem } from '../corpus/types.js';
import type { DuplicateCandidate } from '../ingest/duplicates.js';
import type { Catalog, CatalogChanges } from '../corpus/catalog.js';

/** A catalog in a message: its JSON lines and totals. */
export type CatalogFields = Pick<Catalog, 'lines' | 'size' | 'passages'>;

export interface HostStart {
  /** The host's module, imported by the boot script once TypeScript loading is registered. */
  entry: string;
  dir: string;
  /** `open`: from the snapshot when it matches, leaving bad files out (startup). `build`: from the files (a refresh). */
  mode: 'open' | 'build';
  /** Refuse the whole corpus if any file is unusable. */
  strict: boolean;
  /** Use and produce the index snapshot. */
  snapshot: boolean;
  /** The cache folder of snapshots, absolute (see `open.ts`). */
  snapshotDir: string;
  /** The catalog live when a refresh began, to report what the refresh changed. */
  previous: CatalogFields | undefined;
}

export type HostRequest = { id: number } & (
  | { op: 'ask'; question: string; options: AskOptions }
  | { op: 'passages'; articleId: string }
  | { op: 'duplicate'; candidate: DuplicateCandidate }
  /** Saves the snapshot of a built story; the reply is why it could not be saved, if so. */
  | { op: 'save' }
);

export type HostMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'note'; message: string }
  | {
      type: 'ready';
      catalog: CatalogFields;
      changes: CatalogChanges | undefined;
      questions: string[];
      problems: CorpusProblem[];
      from: 'snapshot' | 'build';
      /** A built story's snapshot waits in the host for a `save` request. */
      unsaved: boolean;
    }
  | { type: 'failed'; name: string; message: string; stack: string | undefined }
  | { type: 'reply'; id: number; value: unknown }
  | { type: 'refused'; id: number; message: string; stack: string | undefined };

/** A host's answer to a duplicate check: the article by id. */
export interface DuplicateReply {
  id: string;
  reason: 'url' | 'text';
}
