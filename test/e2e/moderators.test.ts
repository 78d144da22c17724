/**
 * The moderators' half of issue 12, end to end through the real discord.js client
 * and the loopback fake: votes under answers, /corpus stats (after a restart, and
 * from `npm run stats`), the moderator role, and the cooldown on public answers.
 */
import { join } from 'node:path';
import { InteractionResponseType, PermissionFlagsBits, type APIEmbed } from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { opt, type InteractionActorSpec } from '../fake-discord/index.js';
import { runProcess } from '../run-process.js';
import { corpusCommand, MEMBER } from './support/corpus.js';
import { buttonLabelled, buttonsOf, embedOf, isEphemeral, messageOf, REPO_ROOT, startHarness, textOf, type Harness, type MessageData } from './support/harness.js';

const MEMO_QUESTION = 'Who signed the memorandum of understanding?';
const OFF_TOPIC = 'What is the weather in Paris?';
const ALICE = { id: '1300000000000000701', username: 'alice' };
const BOB = { id: '1300000000000000702', username: 'bob' };
/** The fake guild's "Editors" role; its members here have no Manage Server of their own. */
const EDITORS = '1300000000000000005';
const OTHER_ROLE = '1300000000000000799';

/** Every reply: mentions parse nothing, and the message fits Discord's limits. */
function expectWellMannered(data: MessageData) {
  expect(data.allowed_mentions).toMatchObject({ parse: [] });
  expect(data.allowed_mentions?.users ?? []).toEqual([]);
  expect((data.content ?? '').length).toBeLessThanOrEqual(2000);
  expect(data.components?.length ?? 0).toBeLessThanOrEqual(5);
  for (const embed of (data.embeds ?? []) as APIEmbed[]) {
    expect((embed.description ?? '').length).toBeLessThanOrEqual(4096);
    for (const field of embed.fields ?? []) expect(field.value.length).toBeLessThanOrEqual(1024);
    expect(textOf({ embeds: [embed] }).length).toBeLessThanOrEqual(6000);
  }
}

function ask(h: Harness, question: string, actor: InteractionActorSpec = {}, isPrivate = false) {
  const options = [opt.string('question', question), ...(isPrivate ? [opt.boolean('private', true)] : [])];
  return h.fake.sendInteraction({ kind: 'command', name: 'ask', options, ...actor });
}

async function press(h: Harness, customId: string, messageId: string, user: { id: string; username: string }) {
  const callback = await h.fake.sendInteraction({ kind: 'button', customId, message: messageId, user }).waitForCallback();
  expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  const data = messageOf(callback);
  expect(isEphemeral(data)).toBe(true);
  expectWellMannered(data);
  return data.content ?? '';
}

async function stats(h: Harness, actor: InteractionActorSpec, days?: number) {
  const callback = await corpusCommand(h, 'stats', days ? [opt.integer('days', days)] : [], actor).waitForCallback();
  expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  const data = messageOf(callback);
  expect(isEphemeral(data)).toBe(true);
  expectWellMannered(data);
  return data;
}

const moderator: InteractionActorSpec = { permissions: PermissionFlagsBits.ManageGuild, user: { id: '1300000000000000700', username: 'mod' } };

describe('votes and /corpus stats', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });
  afterEach(() => {
    expect(h.fake.unexpectedRequests).toEqual([]);
    expect(h.logs.errors()).toEqual([]);
  });

  it('stores a vote under an answer, one per member and changeable, and counts it in /corpus stats after a restart', async () => {
    const asked = ask(h, MEMO_QUESTION, { user: ALICE });
    const answer = messageOf(await asked.waitForCallback());
    expectWellMannered(answer);
    const message = (await asked.waitForOriginal()).id;
    const up = buttonLabelled(answer, /^Helpful$/);
    const down = buttonLabelled(answer, /^Not helpful$/);
    expect(up.emoji?.name).toBe('👍');
    expect(down.emoji?.name).toBe('👎');
    expect(up.custom_id).toMatch(/^vote:up:/);

    expect(await press(h, down.custom_id, message, ALICE)).toMatch(/^Thanks: you marked this answer 👎/);
    expect(await press(h, down.custom_id, message, ALICE)).toMatch(/^You already marked this answer 👎/);
    expect(await press(h, up.custom_id, message, BOB)).toMatch(/^Thanks: you marked this answer 👍/);
    const abstained = messageOf(await ask(h, OFF_TOPIC, { user: ALICE }).waitForCallback());
    expect(isEphemeral(abstained)).toBe(true);

    await h.restart();
    // The button outlives the process: it carries the stored answer's id.
    expect(await press(h, down.custom_id, message, BOB)).toMatch(/^Changed: you now mark this answer 👎/);

    const data = await stats(h, moderator);
    const embed = embedOf(data);
    expect(embed.title).toBe('What members asked in the last 7 days');
    // Answered or closest passage only, as the reply showed it (the ranking decides).
    const [high, low] = textOf(answer).includes('The articles may not say exactly') ? ['0%', '50%'] : ['50%', '0%'];
    expect(embed.description).toMatch(/^\*\*2 questions\*\* since <t:\d+:f>\.\n/);
    expect(embed.description).toContain(`\nAnswered ${high} · closest passage only ${low} · not in the articles 50%\nVotes on the answers: 👍 0 · 👎 2`);
    const field = (name: string) => embed.fields?.find((f) => f.name === name)?.value;
    expect(field('Most asked')).toContain(`${MEMO_QUESTION} (1)`);
    expect(field('Most 👎')).toBe(`1. ${MEMO_QUESTION} (👎 2 · 👍 0)`);
    expect(field('Not in the articles: articles to add next')).toBe(`1. ${OFF_TOPIC} (1)`);
    // Counts and questions, never who.
    const text = textOf(data);
    for (const who of [ALICE.id, ALICE.username, BOB.id, BOB.username]) expect(text).not.toContain(who);
    expect(embedOf(await stats(h, moderator, 30)).title).toBe('What members asked in the last 30 days');
  });

  it('npm run stats prints the same from the database, while the bot runs', async () => {
    const run = await runProcess(process.execPath, [join(REPO_ROOT, 'bin/storydesk.js'), 'stats', '--days', '30', '--db', h.config.statsDb], { cwd: h.stateDir, env: { PATH: process.env.PATH ?? '' } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Questions asked through Discord in the last 30 days \(\d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d\): 2\n/);
    expect(run.stdout).toContain('Votes on the answers: 0 👍, 2 👎');
    expect(run.stdout).toContain(`Not in the articles (articles to add next)\n  1  ${OFF_TOPIC}`);
    expect(run.stdout).not.toContain(ALICE.id);
  });
});

describe('who may use /corpus, and the cooldown', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { MODERATOR_ROLE_IDS: `1300000000000000798, ${EDITORS}`, ASK_COOLDOWN_SECONDS: '600' } });
    expect(h.fake.moderatorRoleId).toBe(EDITORS);
  });
  afterAll(async () => {
    await h?.stop();
  });
  afterEach(() => {
    expect(h.fake.unexpectedRequests).toEqual([]);
    expect(h.logs.errors()).toEqual([]);
  });

  it('a member without Manage Server or a moderator role cannot see stats', async () => {
    for (const actor of [MEMBER, { ...MEMBER, roles: [OTHER_ROLE] }]) {
      const data = await stats(h, actor);
      expect(data.content).toBe('Only moderators (Manage Server permission, or a moderator role) can use /corpus.');
      expect(data.embeds ?? []).toEqual([]);
    }
  });

  it('a member with a configured moderator role uses /corpus: stats, status and the article autocomplete', async () => {
    const editor: InteractionActorSpec = { user: { id: '1300000000000000703', username: 'editor' }, roles: [EDITORS], permissions: 0n };
    expect(embedOf(await stats(h, editor)).title).toBe('What members asked in the last 7 days');
    const status = messageOf(await corpusCommand(h, 'status', [], editor).waitForCallback());
    expect(isEphemeral(status)).toBe(true);
    expect(embedOf(status).title).toBe('Corpus status');
    const choices = await h.fake
      .sendInteraction({ kind: 'autocomplete', name: 'corpus', options: [opt.subcommand('remove', [opt.string('article', 'irs', { focused: true })])], ...editor })
      .waitForCallback();
    expect((choices.data as { choices?: unknown[] }).choices?.length ?? 0).toBeGreaterThan(0);
  });

  it('a second public /ask within the cooldown is answered privately with when to try again; private asks and other members are not held', async () => {
    const first = messageOf(await ask(h, MEMO_QUESTION, { user: ALICE }).waitForCallback());
    expect(isEphemeral(first)).toBe(false);
    expect(buttonsOf(first).length).toBeGreaterThan(0);

    const before = Math.floor(Date.now() / 1000);
    const held = messageOf(await ask(h, 'Who is Melanie Krause?', { user: ALICE }).waitForCallback());
    expect(isEphemeral(held)).toBe(true);
    expectWellMannered(held);
    expect(held.embeds ?? []).toEqual([]);
    const at = Number(/<t:(\d+):R>/.exec(held.content ?? '')?.[1]);
    expect(at).toBeGreaterThan(before);
    expect(at).toBeLessThanOrEqual(before + 601);
    expect(held.content).toMatch(/^You can post another answer to the channel <t:\d+:R>\. To ask now, add `private:True`/);

    const privately = messageOf(await ask(h, 'Who is Melanie Krause?', { user: ALICE }, true).waitForCallback());
    expect(isEphemeral(privately)).toBe(true);
    expect(embedOf(privately).description).toBeTruthy();
    const other = messageOf(await ask(h, MEMO_QUESTION, { user: BOB }).waitForCallback());
    expect(isEphemeral(other)).toBe(false);
    expect(embedOf(other).description).toBeTruthy();
  });
});
