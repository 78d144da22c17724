/**
 * Before any test: `dist/` built and current, so the tests that spawn storydesk
 * run the compiled code a self-hoster runs (`npm start`, `npx storydesk ask`).
 * After the last: the repo's `corpus/` exactly as it was (tests write only into copies).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '../bin/build.js';

const CORPUS = fileURLToPath(new URL('../corpus/', import.meta.url));

/** Every file under corpus/ (dot files and folders included), with a hash of its bytes. */
function picture(): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(CORPUS, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    files.set(path.slice(CORPUS.length), entry.isFile() ? createHash('sha256').update(readFileSync(path)).digest('hex') : 'folder');
  }
  return files;
}

export default function setup(): () => void {
  if (!ensureBuilt()) throw new Error('test setup: could not build dist/ (see above)');
  const before = picture();
  return () => {
    const after = picture();
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((name) => before.get(name) !== after.get(name)).sort();
    if (changed.length === 0) return;
    // An error thrown here is only printed: the exit code is what makes the run fail.
    console.error(`test teardown: the tests wrote into the repo's corpus/ (${changed.join(', ')}); write into a copy instead`);
    process.exitCode = 1;
  };
}
