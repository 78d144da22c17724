/**
 * Starting storydesk, as a self-hoster does: a cold command-line answer against a
 * bare `node -e 0` on the same machine, and `npm start` (the compiled bot) until
 * its `ready` log line, logged in to the fake Discord over loopback.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '../bin/build.js';
import { snapshotPath } from '../src/folder/open.js';
import { FakeDiscord } from '../test/fake-discord/index.js';
import { percentile } from './measure.js';
import type { Section } from './section.js';
import { markdownTable, ms, ratio } from './table.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 7;
const TARGET_RATIO = 5;
const QUESTION = 'Who signed the memo?';

/** Wall-clock ms of one run of `command` (its output discarded); throws when it fails. */
function timeOnce(command: string, args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const took = performance.now() - started;
  if (result.status !== 0) throw new Error(`bench: ${command} ${args.join(' ')} failed: ${result.stderr?.toString() ?? ''}`);
  return took;
}

function median(command: string, args: string[], env: NodeJS.ProcessEnv): number {
  timeOnce(command, args, env); // warm the file cache
  const times = Array.from({ length: RUNS }, () => timeOnce(command, args, env));
  return percentile(times, 50) ?? NaN;
}

/** ms from spawning the bot to its `ready` log line; the bot is stopped with SIGTERM after. */
async function timeToReady(args: string[], corpusDir: string, fake: FakeDiscord): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: corpusDir,
    env: { PATH: process.env.PATH ?? '', CORPUS_DIR: corpusDir, DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiBase, LOG_LEVEL: 'info', STATS_DB: ':memory:' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  try {
    return await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        if (out.includes('"msg":"ready"')) resolve(performance.now() - started);
      });
      child.on('close', (code) => reject(new Error(`bench: the bot exited (${code}) before ready:\n${out}`)));
    });
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

export const startSection: Section = {
  name: 'start',
  async run({ corpusDir, progress }) {
    if (!ensureBuilt()) throw new Error('bench: could not build dist/');
    const env = { ...process.env };
    for (const key of Object.keys(env)) if (key.startsWith('DISCORD_')) delete env[key];
    progress(`start: cold command line, ${RUNS} runs each`);
    const bare = median(process.execPath, ['-e', '0'], env);
    const bin = median(process.execPath, ['bin/storydesk.js', 'ask', QUESTION], env);
    const npmRun = median('npm', ['run', '--silent', 'ask', '--', QUESTION], env);
    const tsx = median(join(ROOT, 'node_modules/.bin/tsx'), ['src/cli.ts', QUESTION], env);

    progress('start: npm start to ready');
    const fake = await FakeDiscord.start();
    const dir = await mkdtemp(join(tmpdir(), 'storydesk-bench-start-'));
    try {
      await cp(corpusDir, dir, { recursive: true });
      const compiled = [join(ROOT, 'dist/src/main.js')];
      const source = [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'src/main.ts')];
      const firstCompiled = await timeToReady(compiled, dir, fake); // builds and saves the snapshot
      const readyCompiled: number[] = [];
      for (let i = 0; i < 5; i++) readyCompiled.push(await timeToReady(compiled, dir, fake));
      const readySource: number[] = [];
      for (let i = 0; i < 3; i++) readySource.push(await timeToReady(source, dir, fake));
      const ready = percentile(readyCompiled, 50) ?? NaN;
      const bin5 = bin / bare;
      return {
        title: 'Starting: cold command line and time to ready',
        blocks: [
          markdownTable(
            [{ header: 'command', align: 'left' }, 'median ms', { header: '× node -e 0', align: 'right' }],
            [
              ['`node -e 0`', ms(bare), ratio(1)],
              [`\`npx storydesk ask "…"\` (\`node bin/storydesk.js ask\`, compiled)`, ms(bin), ratio(bin5)],
              ['`npm run --silent ask -- "…"` (the README\'s first command)', ms(npmRun), ratio(npmRun / bare)],
              ['`tsx src/cli.ts "…"` (before the build)', ms(tsx), ratio(tsx / bare)],
            ],
          ),
          markdownTable(
            [{ header: 'bot', align: 'left' }, 'to `ready`, ms'],
            [
              ['`npm start` (compiled), no snapshot yet (builds and saves it)', ms(firstCompiled)],
              ['`npm start` (compiled), from the snapshot, median of 5', ms(ready)],
              ['`tsx src/main.ts` (before the build), from the snapshot, median of 3', ms(percentile(readySource, 50))],
            ],
          ),
          `- Median of ${RUNS} runs after one warm-up; each a new process answering "${QUESTION}" from the real corpus. Time to ready: from spawning the process to its \`ready\` log line, logged in to the loopback fake Discord. \`npm run\` adds npm's own start-up on top of the command.`,
        ],
        targets: [{ target: `cold \`storydesk ask\` ≤ ${TARGET_RATIO}× \`node -e 0\``, measured: `${ratio(bin5)} (${ms(bin)} vs ${ms(bare)} ms)`, pass: bin5 <= TARGET_RATIO }],
      };
    } finally {
      await fake.stop();
      await rm(dir, { recursive: true, force: true });
      await rm(snapshotPath(dir), { force: true });
    }
  },
};
