/**
 * The bot's own latency: from the INTERACTION_CREATE the fake Discord sends to
 * the interaction callback it receives, through the real discord.js client, the
 * real router and /ask, over loopback.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commands } from '../commands/index.js';
import { startBot } from '../src/bot/app.js';
import { createLogger } from '../src/bot/logger.js';
import { parseConfig } from '../src/config.js';
import { FakeDiscord, noIdentifyThrottle, opt } from '../test/fake-discord/index.js';
import { percentile } from './measure.js';
import { benchQuestions } from './questions.js';
import type { Section } from './section.js';
import { markdownTable, ms } from './table.js';

const TARGET_P99_MS = 50;

export const botSection: Section = {
  name: 'bot',
  async run({ corpusDir, progress }) {
    const fake = await FakeDiscord.start();
    // Each /ask writes its question to a real SQLite file, as in production.
    const stateDir = await mkdtemp(join(tmpdir(), 'storydesk-bench-state-'));
    const config = parseConfig({
      DISCORD_TOKEN: fake.token,
      DISCORD_CLIENT_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiBase,
      CORPUS_DIR: corpusDir,
      LOG_LEVEL: 'silent',
      // Every question comes from one member.
      ASK_COOLDOWN_SECONDS: '0',
      STATS_DB: join(stateDir, 'storydesk.sqlite'),
    });
    const bot = await startBot({
      config: { ...config, discordToken: fake.token },
      logger: createLogger(config),
      commands,
      clientOptions: { ws: { buildIdentifyThrottler: noIdentifyThrottle } },
    });
    try {
      const questions = benchQuestions(200).map((q) => q.text);
      const ask = async (question: string) => {
        const started = performance.now();
        const handle = fake.sendInteraction({ kind: 'command', name: 'ask', options: [opt.string('question', question)] });
        const callback = await handle.callback;
        if (callback.type !== 4) throw new Error(`bench: /ask answered with callback type ${callback.type}`);
        return performance.now() - started;
      };
      progress('bot: warming up');
      for (const q of questions.slice(0, 20)) await ask(q);
      progress('bot: 200 /ask interactions');
      const times: number[] = [];
      for (const q of questions) times.push(await ask(q));
      const p50 = percentile(times, 50);
      const p99 = percentile(times, 99);
      return {
        title: 'Discord bot: interaction to callback',
        blocks: [
          markdownTable(['interactions', 'p50 ms', 'p99 ms', 'max ms'], [[String(times.length), ms(p50), ms(p99), ms(Math.max(...times))]]),
          '- From the fake Discord dispatching INTERACTION_CREATE on its gateway to it receiving `POST /interactions/{id}/{token}/callback`: the real discord.js client, router and `/ask` over loopback, one interaction at a time, real corpus; each question stored in a SQLite file in the temp folder.',
        ],
        targets: [{ target: `bot /ask p99 ≤ ${TARGET_P99_MS} ms`, measured: `${ms(p99)} ms`, pass: (p99 ?? Infinity) <= TARGET_P99_MS }],
      };
    } finally {
      await bot.stop();
      await fake.stop();
      await rm(stateDir, { recursive: true, force: true });
    }
  },
};
