/**
 * The build worker's body: builds the story off the main thread and hands it back
 * as snapshot bytes, transferred rather than copied. Started by `build-in-worker.ts`.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { buildStory } from './build.js';
import type { BuildRequest, WorkerMessage } from './build-in-worker.js';
import { encodeSnapshot } from './snapshot.js';

const port = parentPort;
if (!port) throw new Error('build: build-worker.ts runs only as a worker thread');
const { dir, strict } = workerData as BuildRequest;
// On Linux a nice value belongs to a thread, and 0 names the calling one: lowering this thread's priority
// lets the bot's thread (and its garbage collector) win the CPU on a small machine. Elsewhere it would
// lower the whole process, so leave it.
if (process.platform === 'linux') {
  try {
    setPriority(10);
  } catch {
    // not permitted: build at normal priority
  }
}
const send = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

try {
  const story = await buildStory(dir, { strict, onProgress: (progress) => send({ type: 'progress', ...progress }) });
  const bytes = await encodeSnapshot(story);
  send({ type: 'done', bytes }, [bytes.buffer as ArrayBuffer]);
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  send({ type: 'failed', name: e.name, message: e.message, stack: e.stack });
}
