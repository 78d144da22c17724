/**
 * The build worker's body: builds the story off the main thread and hands it back
 * as snapshot bytes, transferred rather than copied. Started by `build-in-worker.ts`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildStory } from './build.js';
import type { BuildRequest, WorkerMessage } from './build-in-worker.js';
import { encodeSnapshot } from './snapshot.js';

const port = parentPort;
if (!port) throw new Error('build: build-worker.ts runs only as a worker thread');
const { dir, strict } = workerData as BuildRequest;
const send = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

try {
  const story = await buildStory(dir, { strict, onProgress: (progress) => send({ type: 'progress', ...progress }) });
  const bytes = encodeSnapshot(story);
  send({ type: 'done', bytes }, [bytes.buffer as ArrayBuffer]);
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  send({ type: 'failed', name: e.name, message: e.message, stack: e.stack });
}
