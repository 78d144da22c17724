/**
 * Keeping `dist/` in step with the source: storydesk runs compiled, and a fresh
 * clone, a `git pull` or an edit makes the build stale. `ensureBuilt()` compiles
 * (tsc) only when a source file is newer than the last build, so a run that needs
 * no build pays a few milliseconds of `stat`. Plain JavaScript: it runs before
 * anything is compiled.
 *
 * `node bin/build.js` always builds (`npm run build`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.build-stamp');
const SOURCES = ['src', 'commands'];
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

/** The newest modification time under `path` (a file or folder), in ms. */
function newest(path) {
  let info;
  try {
    info = statSync(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let max = info.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

/** True when `dist/` is missing or older than any source file. */
export function isStale() {
  let built;
  try {
    built = statSync(STAMP).mtimeMs;
  } catch {
    return true;
  }
  return [...SOURCES, ...CONFIGS].some((path) => newest(join(ROOT, path)) > built);
}

/**
 * Compiles with tsc into `dist/`. Its output goes to standard error, so
 * standard output stays clean for `ask --json`.
 * @returns true when the build succeeded.
 */
export function build() {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!existsSync(tsc)) {
    process.stderr.write('storydesk: cannot build dist/: TypeScript is not installed (run npm ci).\n');
    return false;
  }
  const started = new Date();
  const result = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    process.stderr.write('storydesk: the build failed (see above).\n');
    return false;
  }
  mkdirSync(DIST, { recursive: true });
  writeFileSync(STAMP, `${started.toISOString()}\n`);
  // The stamp dates from the build's start: a file saved while tsc ran is newer, so the next run builds again.
  utimesSync(STAMP, started, started);
  return true;
}

/**
 * Builds when `dist/` is missing or stale. Where it cannot build (no TypeScript,
 * a production install) but a build exists, that build runs, with a warning.
 * @returns false when there is nothing to run.
 */
export function ensureBuilt() {
  if (!isStale()) return true;
  const first = !existsSync(STAMP);
  process.stderr.write(first ? 'storydesk: building dist/ (first run, once)…\n' : 'storydesk: the source changed; rebuilding dist/…\n');
  if (build()) return true;
  if (existsSync(join(DIST, 'src', 'main.js'))) {
    process.stderr.write('storydesk: running the previous build in dist/.\n');
    return true;
  }
  return false;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = build() ? 0 : 1;
