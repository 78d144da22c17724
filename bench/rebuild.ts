/**
 * Rebuild section: the bot's real paths on a synthetic corpus written to disk —
 * startup without and with the index snapshot, and a moderator's refresh after one
 * article changed, with the longest event-loop stall and the latency of questions
 * asked meanwhile; and a refresh of a folder that did not change.
 */
import { appendFile, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toCorpusFile } from '../src/ingest/store.js';
import { snapshotPath } from '../src/folder/open.js';
import { LiveStory, type LiveStoryOptions } from '../src/runtime/live-story.js';
import { percentile, withStallMonitor } from './measure.js';
import { benchQuestions } from './questions.js';
import type { Section, TargetResult } from './section.js';
import { syntheticCorpus } from './synthetic.js';
import { int, markdownTable, ms, ratio } from './table.js';

const TARGET_STALL_MS = 50;
/** How often a question is asked while a refresh runs. */
const ASK_EVERY_MS = 20;

async function writeCorpus(passages: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'storydesk-bench-corpus-'));
  const corpus = syntheticCorpus({ passages });
  for (const a of corpus.articles) {
    await writeFile(join(dir, a.file), toCorpusFile({ title: a.title, outlet: a.outlet, author: a.author, published: a.published, text: a.body }));
  }
  return dir;
}

/** Changes one article, as most refreshes follow: a sentence more at the end of the first file. */
async function changeOneArticle(dir: string, round: number): Promise<void> {
  const first = (await readdir(dir)).filter((f) => f.endsWith('.md')).sort()[0]!;
  await appendFile(join(dir, first), `\nThe council met again for round ${round} of the talks.\n`);
}

interface RefreshRun {
  /** A refresh with nothing else running: its own stall. */
  quietMs: number;
  maxStallMs: number;
  /** A second refresh with questions asked meanwhile: how long each took. */
  asked: number[];
}

/**
 * Two refreshes: one alone, for the longest stall it causes; one with a question
 * asked every {@link ASK_EVERY_MS} ms, as users would, for their latency.
 */
async function refreshTwice(story: LiveStory): Promise<RefreshRun> {
  const questions = benchQuestions(400).map((q) => q.text);
  // A bot that has been up a while has compiled its answer path: warm it first.
  for (const question of questions.slice(0, 50)) await story.ask(question);
  await changeOneArticle(story.dir, 1);
  const quiet = await withStallMonitor(() => story.refresh('bench'));
  await changeOneArticle(story.dir, 2);
  const asked: number[] = [];
  const answered: Array<Promise<unknown>> = [];
  let next = 0;
  const timer = setInterval(() => {
    const started = performance.now();
    answered.push(story.ask(questions[next++ % questions.length]!).then(() => asked.push(performance.now() - started)));
  }, ASK_EVERY_MS);
  try {
    await story.refresh('bench');
  } finally {
    clearInterval(timer);
    await Promise.all(answered);
  }
  return { quietMs: quiet.ms, maxStallMs: quiet.maxStallMs, asked };
}

async function open(dir: string, options: LiveStoryOptions): Promise<{ story: LiveStory; ms: number }> {
  const started = performance.now();
  const story = await LiveStory.open(dir, options);
  return { story, ms: performance.now() - started };
}

export const rebuildSection: Section = {
  name: 'rebuild',
  async run({ quick, progress }) {
    const size = quick ? 10_000 : 100_000;
    const label = quick ? '10k' : '100k';
    progress(`rebuild: writing a ${label}-passage corpus to disk…`);
    const dir = await writeCorpus(size);
    try {
      progress('rebuild: startup without a snapshot (worker build)…');
      const cold = await open(dir, {});
      const passages = cold.story.catalog.passages;
      const articles = cold.story.catalog.size;
      await cold.story.close(); // the snapshot is saved
      progress('rebuild: startup from the snapshot…');
      const warm = await open(dir, {});
      const snapshotBytes = (await stat(snapshotPath(dir))).size;
      progress('rebuild: two refreshes in the worker after one article changed, the second with questions…');
      const worker = await refreshTwice(warm.story);
      progress('rebuild: a refresh of a folder that did not change…');
      const unchanged = await withStallMonitor(() => warm.story.refresh('bench'));
      await warm.story.close();
      // The machine's own floor: the same monitor over an idle loop for as long as the refresh took.
      progress('rebuild: the idle event loop, for as long as a refresh…');
      const idle = await withStallMonitor(() => sleep(worker.quietMs));

      const row = (name: string, run: RefreshRun) => [
        name,
        ms(run.quietMs),
        ms(run.maxStallMs),
        int(run.asked.length),
        ms(percentile(run.asked, 50)),
        ms(percentile(run.asked, 99)),
        ms(percentile(run.asked, 100)),
      ];
      const targets: TargetResult[] = [
        {
          target: `longest event-loop stall during a refresh < ${TARGET_STALL_MS} ms at ${label}`,
          measured: `${ms(worker.maxStallMs)} ms`,
          pass: worker.maxStallMs < TARGET_STALL_MS,
        },
        { target: `startup from the snapshot faster than a build at ${label}`, measured: ratio(cold.ms / warm.ms), pass: warm.ms < cold.ms },
      ];
      return {
        title: `Startup and refresh at ${label} passages (files on disk, the bot's own code paths)`,
        blocks: [
          markdownTable(
            [{ header: 'startup', align: 'left' }, 'ms', 'ratio'],
            [
              ['build in a worker (no snapshot), then save it', ms(cold.ms), '1.00×'],
              ['from the index snapshot', ms(warm.ms), ratio(cold.ms / warm.ms)],
            ],
          ),
          `- ${int(articles)} articles, ${int(passages)} passages; snapshot ${int(snapshotBytes / 1e6)} MB. Both include reading and hashing every article file.`,
          markdownTable(
            [{ header: 'refresh', align: 'left' }, 'ms', 'longest stall ms', 'questions asked during a second one', 'their p50 ms', 'p99 ms', 'max ms'],
            [
              row('one article changed: rebuilt in place, in steps (the bot)', worker),
              ['nothing changed: the folder read and fingerprinted, nothing built', ms(unchanged.ms), ms(unchanged.maxStallMs), '', '', '', ''],
              ['nothing: the idle event loop, as long', ms(idle.ms), ms(idle.maxStallMs), '', '', '', ''],
            ],
          ),
          `- Time and stall: a refresh with nothing else running; the stall is the longest event-loop delay (a 2 ms-resolution monitor, which it includes). ` +
            `Questions: a second refresh, with a question asked every ${ASK_EVERY_MS} ms of the story live at that moment, timed from asking until the answer is back in the bot's thread. ` +
            'The idle row is the machine\'s floor: what the operating system alone delays an event loop doing nothing.',
        ],
        targets,
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
      await rm(snapshotPath(dir), { force: true });
    }
  },
};
