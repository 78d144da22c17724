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
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
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

/** Every file under `dir`, as paths relative to `from` with forward slashes; none when it is missing. */
function filesUnder(dir, from) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries.filter((e) => e.isFile()).map((e) => relative(from, join(e.parentPath, e.name)).split('\\').join('/'));
}

/** A compiled file's source: `dist/src/a/b.js` (or its `.js.map`, `.d.ts`) comes from `src/a/b.ts`. */
function sourceOf(output) {
  const match = /^((?:src|commands)\/.+?)(?:\.js|\.js\.map|\.d\.ts|\.d\.ts\.map)$/.exec(output);
  return match ? `${match[1]}.ts` : undefined;
}

/**
 * What tsc's incremental build would get wrong, from the source files and `dist/`'s files
 * (paths relative to the root and to `dist/`): `missing`, sources whose compiled file is gone
 * (tsc re-emits only what changed, so it would never write them again); `stale`, compiled
 * files whose source was deleted or renamed (tsc never removes anything).
 */
export function buildDrift(sources, outputs) {
  const compiled = sources.filter((s) => s.endsWith('.ts') && !s.endsWith('.d.ts') && !s.endsWith('.test.ts'));
  const have = new Set(outputs);
  const known = new Set(compiled);
  return {
    missing: compiled.filter((s) => !have.has(s.replace(/\.ts$/, '.js'))),
    stale: outputs.filter((o) => {
      const source = sourceOf(o);
      return source !== undefined && !known.has(source);
    }),
  };
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
  const sources = SOURCES.flatMap((dir) => filesUnder(join(ROOT, dir), ROOT));
  const { missing, stale } = buildDrift(sources, filesUnder(DIST, DIST));
  // A compiled file removed by hand (or half a dist/ copied) would stay missing: build everything.
  if (missing.length > 0) rmSync(join(DIST, '.tsbuildinfo'), { force: true });
  for (const output of stale) rmSync(join(DIST, output), { force: true });
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
