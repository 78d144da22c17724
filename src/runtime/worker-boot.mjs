// Starts a worker thread whose body is TypeScript source. Loader hooks are per
// thread: tsx's loader is registered here before the body is imported.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
