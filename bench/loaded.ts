/**
 * A refresh on a busy machine: the real bot process (`dist/src/main.js`, its
 * discord.js client logged in to the fake Discord over loopback) on a synthetic corpus, with a CPU-bound process
 * spinning on another core. A moderator's `/corpus refresh` runs while `/ask` is
 * sent every 20 ms; measured: the longest event-loop stall of the bot's thread,
 * the `/ask` latencies (interaction to callback) during the refresh, and the
 * process's memory (RSS, worker threads included) idle, at its peak, and after.
 * The bot is the compiled one in `dist/`, as `npm start` runs it (from source,
 * every worker thread would compile TypeScript through tsx as it starts), in its
 * own process: the fake's state and the bench's do not share its heap.
 * `STORYDESK_BENCH_BOT_FLAGS` adds Node flags to that process (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { appendFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '../bin/build.js';
import { MALLOC_TUNING } from '../bin/malloc.js';
import { snapshotPath } from '../src/folder/open.js';
import { toCorpusFile } from '../src/ingest/store.js';
import { LiveStory } from '../src/runtime/live-story.js';
import { FakeDiscord, opt } from '../test/fake-discord/index.js';
import { percentile } from './measure.js';
import { benchQuestions } from './questions.js';
import type { Section } from './section.js';
import { syntheticCorpus } from './synthetic.js';
import { int, markdownTable, ms, ratio } from './table.js';

const TARGET_STALL_MS = 50;
const TARGET_P99_MS = 50;
const TARGET_PEAK = 1.5;
/** "Back to idle": within this much of the idle RSS, some seconds after the refresh. */
const SETTLED_WITHIN = 1.15;
const ASK_EVERY_MS = 20;
const SETTLE_MS = 5000;
/** How long the `/ask` stream runs with no refresh, for the floor it is compared with. */
const FLOOR_MS = 8000;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PROBE = new URL('./probe.mjs', import.meta.url).href;
/** A CPU-bound process: spins, and looks every few milliseconds whether its parent (given as its argument) is still there. */
const BURNER = 'const parent = Number(process.argv[1]); for (;;) { for (let i = 0; i < 1e6; i++); if (process.ppid !== parent) process.exit(); }';

interface Probe {
  maxStallMs: number;
  rss: number;
}

/**
 * The compiled bot (`dist/src/main.js`, as `npm start` runs it) in a process of
 * its own, with `probe.mjs` reporting its event-loop delay and memory over IPC.
 */
async function startBotProcess(dir: string, fake: FakeDiscord) {
  if (!ensureBuilt()) throw new Error('bench: could not build dist/');
  const flags = process.env.STORYDESK_BENCH_BOT_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...flags, '--import', PROBE, join(ROOT, 'dist/src/main.js')], {
    cwd: dir,
    // Every question comes from one member, and nothing is kept after the run.
    // With the malloc setting `npm start` gives the bot (see bin/malloc.js).
    env: { ...MALLOC_TUNING, PATH: process.env.PATH ?? '', CORPUS_DIR: dir, DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiBase, LOG_LEVEL: 'info', ASK_COOLDOWN_SECONDS: '0', STATS_DB: ':memory:' },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('"msg":"ready"')) resolve();
    });
    child.once('close', (code) => reject(new Error(`bench: the bot exited (${code}) before ready:\n${out}`)));
  });
  child.stdout!.resume();
  const waiting = new Map<number, (reply: Probe) => void>();
  child.on('message', (reply: Probe & { id: number }) => {
    waiting.get(reply.id)?.(reply);
    waiting.delete(reply.id);
  });
  let nextId = 0;
  const probe = (op: 'read' | 'reset') =>
    new Promise<Probe>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      child.send({ id, op });
    });

  return {
    probe,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function writeCorpus(passages: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'storydesk-bench-loaded-'));
  for (const a of syntheticCorpus({ passages }).articles) {
    await writeFile(join(dir, a.file), toCorpusFile({ title: a.title, outlet: a.outlet, author: a.author, published: a.published, text: a.body }));
  }
  return dir;
}

const mb = (bytes: number) => int(bytes / 1e6);

export const loadedSection: Section = {
  name: 'loaded',
  async run({ quick, progress }) {
    const size = quick ? 10_000 : 100_000;
    const label = quick ? '10k' : '100k';
    progress(`loaded: writing a ${label}-passage corpus…`);
    const dir = await writeCorpus(size);
    // Build and save the snapshot first, so the bot starts as it would on a host that has run before.
    await (await LiveStory.open(dir, {})).close();
    const fake = await FakeDiscord.start();
    const bot = await startBotProcess(dir, fake);
    // It spins, and stops by itself once the bench is gone, so a killed bench leaves no process behind.
    const burner = spawn(process.execPath, ['-e', BURNER, String(process.pid)], { stdio: 'ignore' });
    try {
      const questions = benchQuestions(400).map((q) => q.text);
      const ask = async (question: string) => {
        const started = performance.now();
        const callback = await fake.sendInteraction({ kind: 'command', name: 'ask', options: [opt.string('question', question)] }).callback;
        if (callback.type !== 4 && callback.type !== 5) throw new Error(`bench: /ask answered with callback type ${callback.type}`);
        return performance.now() - started;
      };
      progress('loaded: warming up');
      // Every question of the mix once, as the refresh's stream will ask them all: the engine's memos
      // (bounded) then hold what they hold in steady use, and "idle" is not measured with them half empty.
      for (const q of questions) await ask(q);
      await sleep(2000);
      const load = loadavg()[0]!;

      /**
       * One `/corpus refresh` with `/ask` sent meanwhile: its time, stall, latencies and memory.
       * With no refresh (`what` undefined), the same stream of `/ask` for {@link FLOOR_MS}: what
       * the machine gives under this load when the bot does nothing else.
       */
      const measure = async (what?: string) => {
        progress(`loaded: ${what ? `/corpus refresh (${what})` : `no refresh for ${FLOOR_MS / 1000} s`} with /ask every ${ASK_EVERY_MS} ms and a CPU-bound process running`);
        const idle = (await bot.probe('read')).rss;
        let peak = idle;
        const sampler = setInterval(() => void bot.probe('read').then((p) => (peak = Math.max(peak, p.rss))), 100);
        // The fake keeps every request it served; cleared as it goes, so the bench's own heap stays small.
        const forget = setInterval(() => fake.clearRequests(), 1000);
        const asked: number[] = [];
        const answered: Promise<void>[] = [];
        let next = 0;
        await bot.probe('reset');
        const started = performance.now();
        const timer = setInterval(() => answered.push(ask(questions[next++ % questions.length]!).then((t) => void asked.push(t))), ASK_EVERY_MS);
        try {
          if (what) {
            const refresh = fake.sendInteraction({ kind: 'command', name: 'corpus', options: [opt.subcommand('refresh', [])], permissions: PermissionFlagsBits.ManageGuild });
            await refresh.waitForOriginal((m) => m.embeds.some((e) => e.title === 'Corpus refreshed'), 600_000);
          } else await sleep(FLOOR_MS);
        } finally {
          clearInterval(timer);
        }
        await Promise.all(answered);
        const took = performance.now() - started;
        clearInterval(sampler);
        clearInterval(forget);
        const last = await bot.probe('read');
        peak = Math.max(peak, last.rss);
        // The machine's floor under the same load: the bot idle, the burner still spinning.
        await bot.probe('reset');
        await sleep(SETTLE_MS);
        const after = await bot.probe('read');
        return { what: what ?? 'no refresh', ms: took, maxStallMs: last.maxStallMs, floorMs: after.maxStallMs, asked, idle, peak, settled: after.rss, p99: percentile(asked, 99) ?? Infinity };
      };
      const first = (await readdir(dir)).filter((f) => f.endsWith('.md')).sort()[0]!;
      await appendFile(join(dir, first), '\nThe council met again for another round of the talks.\n');
      const changed = await measure('one article changed');
      const unchanged = await measure('nothing changed');
      const floor = await measure();
      const column = (run: Awaited<ReturnType<typeof measure>>) => [
        run === floor ? '—' : `${ms(run.ms)} ms`,
        `${ms(run.maxStallMs)} ms`,
        `${ms(run.floorMs)} ms`,
        `${int(run.asked.length)}: p50 ${ms(percentile(run.asked, 50))} ms, p99 ${ms(run.p99)} ms, max ${ms(percentile(run.asked, 100))} ms`,
        `${mb(run.idle)} → ${mb(run.peak)} → ${mb(run.settled)} MB (peak ${ratio(run.peak / run.idle)} idle)`,
      ];
      const [c, u, f] = [column(changed), column(unchanged), column(floor)];
      const rows = [
        'refresh, to its reply',
        "longest event-loop stall of the bot's thread meanwhile",
        `the same, the bot idle for ${SETTLE_MS / 1000} s under the same load (the machine's floor)`,
        `\`/ask\` sent meanwhile, every ${ASK_EVERY_MS} ms`,
        `memory (RSS) idle → peak → ${SETTLE_MS / 1000} s after`,
      ].map((name, i) => [name, c[i]!, u[i]!, f[i]!]);
      const targets = (run: typeof changed) => [
        { target: `stall during a refresh (${run.what}) on a busy machine ≤ ${TARGET_STALL_MS} ms at ${label}`, measured: `${ms(run.maxStallMs)} ms`, pass: run.maxStallMs <= TARGET_STALL_MS },
        { target: `/ask p99 during that refresh ≤ ${TARGET_P99_MS} ms at ${label}`, measured: `${ms(run.p99)} ms`, pass: run.p99 <= TARGET_P99_MS },
        { target: `peak memory ≤ ${TARGET_PEAK}× idle at ${label}`, measured: ratio(run.peak / run.idle), pass: run.peak <= TARGET_PEAK * run.idle },
        {
          target: `memory back to idle (within ${Math.round((SETTLED_WITHIN - 1) * 100)}%) ${SETTLE_MS / 1000} s after`,
          measured: `${mb(run.settled)} vs ${mb(run.idle)} MB`,
          pass: run.settled <= SETTLED_WITHIN * run.idle,
        },
      ];
      return {
        title: `Refresh on a busy machine at ${label} passages (a CPU-bound process on another core)`,
        blocks: [
          markdownTable([{ header: 'during `/corpus refresh`', align: 'left' }, 'one article changed', 'nothing changed', `no refresh, ${FLOOR_MS / 1000} s (the floor)`], rows),
          `- ${cpus().length} cores; besides the bench, one CPU-bound \`node -e\` process; load average ${load.toFixed(2)} when it began. \`/ask\` timed from the fake Discord's INTERACTION_CREATE to its callback, through the real discord.js client. ` +
            'Idle is measured just before each refresh. The last column sends the same `/ask` stream with no refresh: how fast the bot answers on this machine under this load with nothing else to do.',
        ],
        targets: [...targets(changed), ...targets(unchanged)],
      };
    } finally {
      burner.kill('SIGKILL');
      await bot.stop();
      await fake.stop();
      await rm(dir, { recursive: true, force: true });
      // The snapshot of a corpus that is gone would stay in the cache folder (79 MB a run).
      await rm(snapshotPath(dir), { force: true });
    }
  },
};
