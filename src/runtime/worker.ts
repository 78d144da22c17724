/**
 * A story's worker thread: opens or builds the story, then answers requests from
 * it, so the index and its 100k passages never sit in the bot's thread. Started
 * by `story-worker.ts`: compiled, directly; from source, through `worker-boot.mjs`.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { Catalog, diffCatalogs, summarize } from '../corpus/catalog.js';
import type { Story } from '../folder/build.js';
import { fingerprintOf } from '../folder/fingerprint.js';
import { openOrBuild, saveSnapshot } from '../folder/open.js';
import { readCorpusFiles } from '../folder/read.js';
import { DuplicateIndex } from '../ingest/duplicates.js';
import type { Args, Op, Reply, Request, WorkerMessage, WorkerStart } from './protocol.js';

if (!parentPort) throw new Error('story: worker.ts runs only as a worker thread');
const port: MessagePort = parentPort;
const start = workerData as WorkerStart;
const send = (message: WorkerMessage) => port.postMessage(message);

/**
 * On Linux a nice value belongs to a thread, and 0 names the calling one. Building at a lower
 * priority lets the bot's thread win the CPU on a small machine; answering goes back to normal,
 * where the system permits it. Elsewhere it would change the whole process, so leave it.
 */
function niceness(value: number): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(value);
  } catch {
    // not permitted: keep the current priority
  }
}

/** A built story's snapshot bytes, until they are saved: only the bot's thread knows when earlier saves are done. */
let unsaved: Uint8Array | undefined;

async function save(): Promise<string | undefined> {
  const bytes = unsaved;
  if (!bytes) return undefined;
  unsaved = undefined;
  const notes: string[] = [];
  await saveSnapshot(start.dir, bytes, { snapshotDir: start.snapshotDir, onSnapshotNote: (note) => notes.push(note) });
  return notes[0];
}

type Handlers = { [K in Op]: (args: Args<K>) => Reply<K> | Promise<Reply<K>> };

function handlersFor(story: Story): Handlers {
  let duplicates: DuplicateIndex | undefined;
  return {
    ask: ({ question, options }) => story.engine.ask(question, options),
    language: ({ question }) => story.engine.language(question),
    passages: ({ articleId }) => story.engine.passagesOf(articleId),
    duplicate: ({ candidate }) => {
      duplicates ??= DuplicateIndex.build(story.engine.articles);
      const found = duplicates.find(candidate);
      return found && { id: found.article.id, reason: found.reason };
    },
    save,
  };
}

function serve(handlers: Handlers): void {
  const handle = <K extends Op>(op: K, args: Args<K>) => handlers[op](args);
  port.on('message', (request: Request) => {
    Promise.resolve()
      .then(() => handle(request.op, request))
      .then(
        (value) => send({ type: 'reply', id: request.id, value }),
        (error: unknown) => {
          const e = error instanceof Error ? error : new Error(String(error));
          send({ type: 'refused', id: request.id, message: e.message, stack: e.stack });
        },
      );
  });
}

niceness(10);
try {
  const read = readCorpusFiles(start.dir);
  const { previous } = start;
  // A refresh of the folder exactly as the live story was built from it (which left nothing out): nothing to build.
  if (start.mode === 'build' && previous?.clean && fingerprintOf(read) === previous.fingerprint) {
    send({ type: 'unchanged' });
  } else {
    const onProgress = (progress: { done: number; total: number }) => send({ type: 'progress', ...progress });
    const opened = openOrBuild(start.dir, {
      snapshot: start.snapshot,
      snapshotDir: start.snapshotDir,
      strict: start.strict,
      build: start.mode === 'build',
      read,
      onProgress,
      onSnapshotNote: (message) => send({ type: 'note', message }),
    });
    const { story } = opened;
    // Opening at startup saves what it built at once; a refresh's snapshot waits for the bot's thread to ask.
    unsaved = opened.bytes;
    if (start.mode === 'open') await save().then((note) => note && send({ type: 'note', message: note }));
    const catalog = Catalog.of(summarize(story.engine));
    const changes = previous ? diffCatalogs(Catalog.from(previous), catalog) : undefined;
    niceness(0);
    serve(handlersFor(story));
    send({
      type: 'ready',
      catalog: { lines: catalog.lines, size: catalog.size, passages: catalog.passages },
      changes,
      questions: [...story.suggester.questions],
      problems: story.problems,
      fingerprint: story.fingerprint,
      from: opened.from,
      unsaved: unsaved !== undefined,
    });
  }
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  send({ type: 'failed', name: e.name, message: e.message, stack: e.stack });
}
