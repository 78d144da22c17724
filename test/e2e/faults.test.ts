/**
 * Faults a battery of tests against the real bot found (issue 11), each
 * reproduced against the loopback fake Discord with the real discord.js client.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { MessageFlags, Routes } from 'discord.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { opt } from '../fake-discord/index.js';
import type { Command } from '../../src/bot/command.js';
import { addFile, corpusCommand, finalReply } from './support/corpus.js';
import { buttonLabelled, buttonsOf, isEphemeral, messageOf, REPO_ROOT, startHarness, type Harness } from './support/harness.js';

let h: Harness;

/** Replies twice: the second reply fails with a DiscordAPIError whose URL holds the interaction token. */
const twice: Command = {
  data: { name: 'twice', description: 'x' },
  async execute(interaction) {
    await interaction.reply({ content: 'first', flags: MessageFlags.Ephemeral });
    await interaction.client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
      body: { type: 4, data: { content: 'second reply body' } },
    });
  },
};

/** Sends a follow-up before replying: the webhook call fails with a DiscordAPIError whose URL holds the token. */
const early: Command = {
  data: { name: 'early', description: 'x' },
  async execute(interaction) {
    await interaction.webhook.send({ content: 'early follow-up body' });
  },
};

beforeAll(async () => {
  h = await startHarness({ extraCommands: [twice, early], env: { ALLOW_PRIVATE_URLS: 'true' } });
});

afterAll(async () => {
  await h?.stop();
});

beforeEach(() => {
  h.logs.lines.length = 0;
});

afterEach(() => {
  expect(h.fake.unexpectedRequests).toEqual([]);
});

describe('every interaction gets a reply that fits', () => {
  it('an unknown command with a 6,000-character name is told so within 2,000 characters', async () => {
    const name = 'x'.repeat(6000);
    const callback = await h.fake.sendInteraction({ kind: 'command', name }).waitForCallback();
    const content = messageOf(callback).content ?? '';
    expect(content).toMatch(/^I don't know the command \/x+/);
    expect(content.length).toBeLessThanOrEqual(2000);
  });

  it('an autocomplete with no focused option still gets a (empty) response', async () => {
    const callback = await h.fake
      .sendInteraction({ kind: 'autocomplete', name: 'ask', options: [opt.string('question', 'irs')] })
      .waitForCallback();
    expect(callback.type).toBe(8);
    expect(messageOf(callback)).toMatchObject({ choices: [] });
  });
});

describe('logs', () => {
  it.each([
    ['an interaction token, a webhook URL or a request body, even in a Discord error', 'twice', '[redacted]', 'second reply body'],
    ['the webhook URL of a failed follow-up', 'early', '/webhooks/', 'early follow-up body'],
  ])('never hold %s', async (_what, name, kept, body) => {
    const handle = h.fake.sendInteraction({ kind: 'command', name });
    await handle.waitForCallback();
    const failed = await waitFor(() => h.logs.lines.find((l) => l.msg === 'interaction failed'));
    const text = JSON.stringify(h.logs.lines);
    expect(failed.err?.type).toBe('DiscordAPIError');
    expect(text).toContain(kept);
    expect(text).not.toContain(handle.token);
    expect(text).not.toContain(body);
  });
});

const MEMO_QUESTION = 'Who signed the memorandum of understanding?';

/**
 * Runs `test` with every /ask answer held until it calls `release()` (a story busy
 * recovering, or a slow host); released in any case when `test` ends.
 */
async function whileAnswersHeld(harness: Harness, test: (release: () => void) => Promise<void>): Promise<void> {
  const story = harness.bot.context.story;
  const ask = story.askInEnglish.bind(story);
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const spy = vi.spyOn(story, 'askInEnglish').mockImplementation(async (question, options) => {
    await gate;
    return ask(question, options);
  });
  const release = () => {
    open();
    spy.mockRestore();
  };
  try {
    await test(release);
  } finally {
    release();
  }
}

describe('/ask when the answer is slow', () => {
  it('defers (so Discord does not give up after 3 s), then edits in the answer', async () => {
    await whileAnswersHeld(h, async (release) => {
      const handle = h.fake.sendInteraction({ kind: 'command', name: 'ask', options: [opt.string('question', MEMO_QUESTION)] });
      const callback = await handle.waitForCallback(10_000);
      expect(callback.type).toBe(5);
      expect(isEphemeral(messageOf(callback))).toBe(false);
      release();
      const answer = await handle.waitForOriginal((m) => m.embeds.length > 0, 10_000);
      expect(answer.embeds[0]?.description).toContain('Bessent');
      expect(buttonsOf(answer).length).toBeGreaterThan(0);
    });
  });

  it('defers privately for private:true and keeps Post to channel working', async () => {
    await whileAnswersHeld(h, async (release) => {
      const handle = h.fake.sendInteraction({ kind: 'command', name: 'ask', options: [opt.string('question', MEMO_QUESTION), opt.boolean('private', true)] });
      const callback = await handle.waitForCallback(10_000);
      expect(callback.type).toBe(5);
      expect(isEphemeral(messageOf(callback))).toBe(true);
      release();
      const answer = await handle.waitForOriginal((m) => m.embeds.length > 0, 10_000);
      const posted = await h.fake.sendInteraction({ kind: 'button', customId: buttonLabelled(answer, /^Post to channel$/).custom_id, message: answer.id }).waitForCallback();
      expect(isEphemeral(messageOf(posted))).toBe(false);
    });
  });

  it('an abstention after a public deferral is still private: the placeholder goes, a private follow-up says so', async () => {
    await whileAnswersHeld(h, async (release) => {
      const handle = h.fake.sendInteraction({ kind: 'command', name: 'ask', options: [opt.string('question', 'What is the airspeed velocity of an unladen swallow?')] });
      expect((await handle.waitForCallback(10_000)).type).toBe(5);
      release();
      const followUp = await handle.waitForFollowUp(undefined, 10_000);
      const body = followUp.body as { flags?: number; embeds?: unknown[] };
      expect(isEphemeral(body)).toBe(true);
      expect(body.embeds?.length).toBe(1);
      await h.fake.waitForRequest((r) => r.method === 'DELETE' && r.route.includes('@original'));
    });
  });
});

describe('/ask Post to channel', () => {
  it('posts once: the private reply then says it was posted and its button is disabled; a second press posts nothing', async () => {
    const handle = h.fake.sendInteraction({ kind: 'command', name: 'ask', options: [opt.string('question', MEMO_QUESTION), opt.boolean('private', true)] });
    const data = messageOf(await handle.waitForCallback());
    const post = buttonLabelled(data, /^Post to channel$/);
    const original = await handle.waitForOriginal();

    const first = await h.fake.sendInteraction({ kind: 'button', customId: post.custom_id, message: original.id }).waitForCallback();
    expect(first.type).toBe(4);
    expect(isEphemeral(messageOf(first))).toBe(false);

    const edited = await handle.waitForOriginal((m) => /posted/i.test(m.content));
    expect(edited.content).toMatch(/Posted to the channel/);
    const disabled = buttonsOf(edited).find((b) => /Posted/.test(b.label ?? ''));
    expect(disabled?.disabled).toBe(true);
    expect(buttonsOf(edited).some((b) => b.label === 'Post to channel')).toBe(false);

    // A stale client may still send the old button.
    const again = messageOf(await h.fake.sendInteraction({ kind: 'button', customId: post.custom_id, message: original.id }).waitForCallback());
    expect(isEphemeral(again)).toBe(true);
    expect(again.content).toMatch(/already posted/i);
  });

  it('refuses mention: naming the bot itself, with a short private message', async () => {
    const bot = h.fake.botUser;
    const callback = await h.fake
      .sendInteraction({ kind: 'command', name: 'ask', options: [opt.string('question', MEMO_QUESTION), opt.user('mention', { id: bot.id, username: bot.username }, {})] })
      .waitForCallback();
    const data = messageOf(callback);
    expect(isEphemeral(data)).toBe(true);
    expect(data.content).toMatch(/mention a person/i);
    expect(data.embeds ?? []).toEqual([]);
  });
});

describe('/corpus with files that are not articles', () => {
  it('refresh names each bad file relative to the folder, in words, and is not wedged by a named pipe', async () => {
    const bad = ['004-dangling.md', '005-folder.md', '006-pipe.md'];
    await symlink(join(h.corpusDir, 'nowhere.md'), join(h.corpusDir, bad[0]!));
    await mkdir(join(h.corpusDir, bad[1]!));
    execFileSync('mkfifo', [join(h.corpusDir, bad[2]!)]);
    try {
      const reply = await finalReply(corpusCommand(h, 'refresh'));
      expect(reply.content).toContain('refresh refused');
      for (const file of bad) expect(reply.content).toContain(`• ${file}: `);
      expect(reply.content).not.toMatch(/\b(corpus|ingest): /);
      expect(reply.content).toMatch(/link to a file that does not exist/);
      expect(reply.content).toMatch(/is a folder, not a file/);
      expect(reply.content).toMatch(/not a regular file/);
      expect(reply.content).not.toContain(h.corpusDir);
      expect(reply.content).not.toMatch(/ENOENT|EISDIR|no such file or directory/);
    } finally {
      for (const file of bad) await rm(join(h.corpusDir, file), { recursive: true, force: true });
    }
  });

  it('add refuses 6,000 random bytes named noise.txt as not text', async () => {
    const bytes = randomBytes(6000).map((b) => (b === 0 ? 0xff : b));
    const reply = await finalReply(addFile(h, 'noise.txt', Buffer.from(bytes)).handle);
    expect(reply.content).toMatch(/noise\.txt is not text/);
    expect(reply.content).not.toMatch(/^Added/);
  });
});

describe('/corpus when the corpus folder is gone', () => {
  it('refresh and add say so in words; /ask keeps answering from the corpus in memory', async () => {
    const own = await startHarness({ env: { ALLOW_PRIVATE_URLS: 'true' } });
    try {
      await rm(own.corpusDir, { recursive: true, force: true });
      const refreshed = await finalReply(corpusCommand(own, 'refresh'));
      expect(refreshed.content).toMatch(/the corpus folder is gone/);
      expect(refreshed.content).not.toContain(own.corpusDir);
      const added = await finalReply(addFile(own, 'ferry.md', `# Ferry service resumes\n\n${'The council voted to reopen the ferry. '.repeat(6)}`).handle);
      expect(added.content).toMatch(/the corpus folder is gone/);
      const answer = await own.fake.sendInteraction({ kind: 'command', name: 'ask', options: [opt.string('question', 'Who signed the memorandum of understanding?')] }).waitForCallback();
      expect(JSON.stringify(messageOf(answer))).toContain('Bessent');
      expect(own.logs.errors()).toEqual([]);
    } finally {
      await own.stop();
    }
  });
});

describe('npm start with a log reader that has stopped reading', () => {
  it('keeps answering once the pipe to its standard output is full (logging never blocks the event loop)', async () => {
    const { spawn } = await import('node:child_process');
    const { FakeDiscord } = await import('../fake-discord/index.js');
    const fake = await FakeDiscord.start();
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist/src/main.js')], {
      cwd: h.corpusDir,
      // The harness's copy of corpus/: a bot never opens the repo's own folder, which it could write into.
      env: { PATH: process.env.PATH ?? '', CORPUS_DIR: h.corpusDir, DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiBase, LOG_LEVEL: 'debug' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
    try {
      // Read up to the ready line, then never again: the pipe (64 KiB on Linux) fills up.
      await new Promise<void>((resolve) => {
        let out = '';
        const onData = (chunk: Buffer) => {
          out += chunk.toString();
          if (!out.includes('"msg":"ready"')) return;
          child.stdout.off('data', onData);
          child.stdout.pause();
          resolve();
        };
        child.stdout.on('data', onData);
      });
      // Some 300 bytes of log a question: 600 questions are about three pipes full.
      for (let i = 0; i < 600; i++) {
        const callback = await fake.sendInteraction({ kind: 'command', name: 'ask', options: [opt.string('question', MEMO_QUESTION)] }).waitForCallback(10_000);
        expect(callback.type).toBe(4);
      }
    } finally {
      child.kill('SIGKILL');
      await exited;
      await fake.stop();
    }
  }, 120_000);
});

async function waitFor<T>(find: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
