/**
 * A story host: a worker thread that builds or opens a story and then answers
 * questions from it, so the index and its 100k passages never sit in the bot's
 * thread. Started by `runtime/story-worker.ts`: compiled, directly; from source, through `worker-boot.mjs`.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { DuplicateReply, HostMessage, HostRequest, HostStart } from './protocol.js';
import { Catalog, diffCatalogs } from '../corpus/catalog.js';
import { LocalStory } from './local-story.js';
import { buildFresh, openStory, saveSnapshot } from '../folder/open.js';

if (!parentPort) throw new Error('story: worker.ts runs only as a worker thread');
const port: MessagePort = parentPort;
const start = workerData as HostStart;
const send = (message: HostMessage) => port.postMessage(message);

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

/** The host is a story kept in its own thread, answering over the port. */
async function answer(story: LocalStory, request: HostRequest): Promise<unknown> {
  switch (request.op) {
    case 'ask':
      return story.ask(request.question, request.options);
    case 'passages':
      return story.passagesOf(request.articleId);
    case 'duplicate': {
      const found = await story.findDuplicate(request.candidate);
      return found && ({ id: found.article.id, reason: found.reason } satisfies DuplicateReply);
    }
    case 'save':
      return save();
  }
}

function serve(story: LocalStory): void {
  port.on('message', (request: HostRequest) => {
    answer(story, request).then(
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
  const onProgress = (progress: { done: number; total: number }) => send({ type: 'progress', ...progress });
  const options = { snapshot: start.snapshot, snapshotDir: start.snapshotDir, strict: start.strict, onProgress };
  const { story: built, bytes, from } =
    start.mode === 'open'
      ? { ...(await openStory(start.dir, { ...options, onSnapshotNote: (message) => send({ type: 'note', message }) })), bytes: undefined }
      : { ...(await buildFresh(start.dir, options)), from: 'build' as const };
  const story = new LocalStory(built);
  const { catalog } = story;
  const changes = start.previous ? diffCatalogs(Catalog.from(start.previous), catalog) : undefined;
  niceness(0);
  unsaved = bytes;
  serve(story);
  const ready: HostMessage = {
    type: 'ready',
    catalog: { lines: catalog.lines, size: catalog.size, passages: catalog.passages },
    changes,
    questions: [...story.suggester.questions],
    problems: built.problems,
    from,
    unsaved: bytes !== undefined,
  };
  send(ready);
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  send({ type: 'failed', name: e.name, message: e.message, stack: e.stack });
}
