/**
 * storydesk end to end: the real bot (startBot, commands/, the real discord.js
 * Client) against the loopback fake Discord. Nothing here mocks discord.js.
 *
 * One shared bot answers the read-only scenarios; scenarios that change the
 * corpus or the process get their own fake + bot + temp corpus, so the tests do
 * not depend on their order.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationCommandOptionType, InteractionResponseType, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { commands } from '../../commands/index.js';
import { loadCorpus } from '../../src/folder/read.js';
import { startBot } from '../../src/bot/app.js';
import type { Command } from '../../src/bot/command.js';
import { deployCommands, DeployError } from '../../src/bot/deploy.js';
import { opt } from '../fake-discord/index.js';
import {
  buttonLabelled,
  buttonsOf,
  captureLogger,
  configFor,
  CORPUS_DIR,
  embedOf,
  isEphemeral,
  makeCorpus,
  messageOf,
  REPO_ROOT,
  startHarness,
  textOf,
  type Harness,
} from './support/harness.js';
import { LIGHTHOUSE_QUESTION, lighthouseArticle } from './support/articles.js';

const ZWSP = '\u200b';
const MEMO_QUESTION = 'Who signed the memorandum of understanding?';
/** A question the engine answers with confidence, so its sentence is set in bold. */
const CONFIDENT_QUESTION = 'Who signed the memo?';
const MEMO_TITLE = 'IRS to share taxpayer information about undocumented immigrants with homeland security';
const OTHER_USER = { id: '1300000000000000666', username: 'bystander' };
const MODERATOR = { permissions: PermissionFlagsBits.ManageGuild, roles: [] as string[] };

const NEW_ARTICLE = lighthouseArticle();
const NEW_QUESTION = LIGHTHOUSE_QUESTION;

const boom: Command = {
  data: { name: 'boom', description: 'x' },
  execute: async () => {
    throw new Error('kaboom');
  },
};

let shared: Harness;

beforeAll(async () => {
  shared = await startHarness({ extraCommands: [boom] });
});

afterAll(async () => {
  await shared?.stop();
});

beforeEach(() => {
  shared.logs.lines.length = 0;
});

afterEach(() => {
  expect(shared.fake.unexpectedRequests).toEqual([]);
  expect(shared.logs.errors()).toEqual([]);
});

function ask(h: Harness, question: string) {
  return h.fake.sendInteraction({ kind: 'command', name: 'ask', options: [opt.string('question', question)] });
}

/** `allowed_mentions` that ping nobody, or exactly `users`. */
function expectNoPings(data: { allowed_mentions?: unknown }, users?: string[]) {
  const mentions = data.allowed_mentions as { parse?: string[]; users?: string[]; roles?: string[]; replied_user?: boolean } | undefined;
  expect(mentions).toBeDefined();
  expect(mentions?.parse).toEqual([]);
  expect(mentions?.roles ?? []).toEqual([]);
  expect(mentions?.users ?? []).toEqual(users ?? []);
  expect(mentions?.replied_user ?? false).toBe(false);
}

async function publicAnswer(h: Harness, question = MEMO_QUESTION) {
  const handle = ask(h, question);
  const callback = await handle.waitForCallback();
  expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  const original = await handle.waitForOriginal();
  return { handle, data: messageOf(callback), original };
}

// --- 1, 2: deploy and ready ---------------------------------------------------

describe('deploy', () => {
  it('registers ask, sources, corpus and help to the guild with their options', async () => {
    const result = await deployCommands(shared.config, commands);
    expect(result).toMatchObject({ scope: 'guild', names: ['ask', 'sources', 'corpus', 'help'] });

    const registered = shared.fake.guildCommands();
    expect(registered.map((c) => c.name)).toEqual(['ask', 'sources', 'corpus', 'help']);
    expect(shared.fake.globalCommands).toEqual([]);
    const put = shared.fake.requests.filter((r) => r.method === 'PUT' && r.route.endsWith('/commands'));
    expect(put.at(-1)?.route).toBe(`/applications/${shared.fake.applicationId}/guilds/${shared.fake.guildId}/commands`);

    const askCommand = registered.find((c) => c.name === 'ask');
    const options = askCommand?.options ?? [];
    expect(options.find((o) => o.name === 'question')).toMatchObject({
      type: ApplicationCommandOptionType.String,
      required: true,
      autocomplete: true,
    });
    expect(options.find((o) => o.name === 'private')).toMatchObject({ type: ApplicationCommandOptionType.Boolean });
    expect(options.find((o) => o.name === 'private')?.required ?? false).toBe(false);
    expect(options.find((o) => o.name === 'mention')).toMatchObject({ type: ApplicationCommandOptionType.User });
    expect(options.find((o) => o.name === 'mention')?.required ?? false).toBe(false);

    const corpus = registered.find((c) => c.name === 'corpus');
    expect(corpus?.default_member_permissions).toBe(PermissionFlagsBits.ManageGuild.toString());
    expect(corpus?.default_member_permissions).toBe('32');
    expect(corpus?.options?.map((o) => [o.name, o.type])).toEqual([
      ['add', ApplicationCommandOptionType.Subcommand],
      ['remove', ApplicationCommandOptionType.Subcommand],
      ['refresh', ApplicationCommandOptionType.Subcommand],
      ['status', ApplicationCommandOptionType.Subcommand],
      ['stats', ApplicationCommandOptionType.Subcommand],
    ]);
  });

  it('names DISCORD_TOKEN when Discord rejects the token', async () => {
    const config = configFor(shared.fake, shared.corpusDir, { DISCORD_TOKEN: 'definitely-not-the-right-token' });
    const error = await deployCommands(config, commands).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployError);
    expect((error as Error).message).toMatch(/DISCORD_TOKEN/);
    expect(shared.fake.requests.at(-1)).toMatchObject({ status: 401 });
  });

  it('names DISCORD_CLIENT_ID when it is missing, before calling Discord', async () => {
    const before = shared.fake.requests.length;
    const config = configFor(shared.fake, shared.corpusDir, { DISCORD_CLIENT_ID: '' });
    const error = await deployCommands(config, commands).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployError);
    expect((error as Error).message).toMatch(/DISCORD_CLIENT_ID/);
    expect((error as Error).message).not.toMatch(/DISCORD_TOKEN/);
    expect(shared.fake.requests.length).toBe(before);
  });

  it('names DISCORD_CLIENT_ID when Discord does not know the application', async () => {
    const config = configFor(shared.fake, shared.corpusDir, { DISCORD_CLIENT_ID: '1399999999999999999' });
    const error = await deployCommands(config, commands).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployError);
    expect((error as Error).message).toMatch(/DISCORD_CLIENT_ID/);
  });
});

describe('ready', () => {
  it('startBot resolves with a ready client of the fake application', () => {
    const { client } = shared.bot;
    expect(client.isReady()).toBe(true);
    expect(client.application?.id).toBe(shared.fake.applicationId);
    expect(client.user?.id).toBe(shared.fake.applicationId);
    expect(shared.fake.gatewayLive).toBe(true);
    expect(shared.bot.context.story.catalog.articles).toHaveLength(5);
    expect(shared.fake.gateway.identifies).toBeGreaterThanOrEqual(1);
  });

  it('startBot rejects a wrong token with TokenInvalid', async () => {
    const config = configFor(shared.fake, shared.corpusDir, { DISCORD_TOKEN: 'definitely-not-the-right-token' });
    const logs = captureLogger();
    const started = startBot({ config, logger: logs.logger, commands, story: shared.bot.context.story });
    await expect(started).rejects.toMatchObject({ code: 'TokenInvalid' });
    expect(shared.fake.requests.at(-1)).toMatchObject({ route: '/gateway/bot', status: 401 });
  });
});

// --- 3 to 10: answering ---------------------------------------------------------

describe('/ask', () => {
  it('answers publicly with the sentence in bold first, its source, paging and no pings', async () => {
    const { data } = await publicAnswer(shared, CONFIDENT_QUESTION);
    const embed = embedOf(data);

    expect(embed.title).toBe(CONFIDENT_QUESTION);
    expect(embed.description).toMatch(/^> \*\*[^*]*Bessent[^*]*\*\*$/m);
    expect(embed.description?.startsWith('> **')).toBe(true);
    const source = embed.fields?.find((f) => f.name === 'Source');
    expect(source?.value).toContain(MEMO_TITLE);
    const footer = /Passage 1 of (\d+)/.exec(embed.footer?.text ?? '');
    expect(footer).not.toBeNull();
    const total = Number(footer?.[1]);
    expect(total).toBeGreaterThan(1);

    expectNoPings(data);
    expect(isEphemeral(data)).toBe(false);
    expect(buttonLabelled(data, /^More passages/).custom_id).toBe(`ask:m:1:${CONFIDENT_QUESTION}`);
    expect(buttonsOf(data).some((b) => /Post to channel/.test(b.label ?? ''))).toBe(false);
    // Logged once the reply call returns, which can be just after the fake recorded it.
    await vi.waitFor(() => expect(shared.logs.lines.some((l) => l.msg === 'answered' && l.command === 'ask')).toBe(true));
  });

  it('abstains privately when the articles do not say', async () => {
    const handle = ask(shared, 'What is the capital of France?');
    const callback = await handle.waitForCallback();
    const data = messageOf(callback);

    expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(isEphemeral(data)).toBe(true);
    const text = textOf(data);
    expect(text).toContain("The articles don't say");
    expect(embedOf(data).description).not.toMatch(/^> /m); // no block-quoted passage
    expect(embedOf(data).fields ?? []).toEqual([]);
    expect(text).not.toMatch(/Passage \d+ of/);
    // Only questions to ask instead: no paging, posting or deleting.
    expect(buttonsOf(data).length).toBeGreaterThan(0);
    for (const button of buttonsOf(data)) expect(button.custom_id).toMatch(/^ask:[qk]:/);
    expectNoPings(data);
  });

  it('autocompletes questions quickly, starting with what was typed', async () => {
    const handle = shared.fake.sendInteraction({
      kind: 'autocomplete',
      name: 'ask',
      options: [opt.string('question', 'who', { focused: true })],
    });
    const callback = await handle.waitForCallback();
    expect(callback.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    expect(callback.latencyMs).toBeLessThan(3000);

    const choices = (callback.data as { choices: { name: string; value: string }[] }).choices;
    expect(choices.length).toBeGreaterThan(1);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const choice of choices) {
      expect(choice.name.length).toBeGreaterThan(0);
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(String(choice.value).length).toBeLessThanOrEqual(100);
    }
    expect(choices[0]?.name).toBe('who');
    expect(choices.map((c) => c.name)).toContain('Who is Melanie Krause?');
  });

  it.each([
    ['nothing typed', ''],
    ['a long question', `Why did the acting commissioner ${'really '.repeat(30)}resign over the memorandum?`],
  ])('autocomplete stays within Discord limits for %s', async (_label, typed) => {
    const callback = await shared.fake
      .sendInteraction({ kind: 'autocomplete', name: 'ask', options: [opt.string('question', typed, { focused: true })] })
      .waitForCallback();
    expect(callback.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    const choices = (callback.data as { choices: { name: string; value: string }[] }).choices;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const choice of choices) {
      expect(choice.name.length).toBeGreaterThan(0);
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(String(choice.value).length).toBeLessThanOrEqual(100);
    }
  });

  it('answers privately with a Post to channel button that posts it publicly', async () => {
    const handle = shared.fake.sendInteraction({
      kind: 'command',
      name: 'ask',
      options: [opt.string('question', MEMO_QUESTION), opt.boolean('private', true)],
    });
    const callback = await handle.waitForCallback();
    const data = messageOf(callback);
    expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(isEphemeral(data)).toBe(true);
    expectNoPings(data);
    const post = buttonLabelled(data, /^Post to channel$/);
    const original = await handle.waitForOriginal();

    // Someone else cannot post the asker's private answer.
    const stranger = shared.fake.sendInteraction({ kind: 'button', customId: post.custom_id, message: original.id, user: OTHER_USER });
    const refused = messageOf(await stranger.waitForCallback());
    expect(isEphemeral(refused)).toBe(true);
    expect(refused.content).toMatch(/Only the person who asked/);

    const press = shared.fake.sendInteraction({ kind: 'button', customId: post.custom_id, message: original.id });
    const posted = await press.waitForCallback();
    const postedData = messageOf(posted);
    expect(posted.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(isEphemeral(postedData)).toBe(false);
    expect(postedData.embeds).toEqual(data.embeds);
    expectNoPings(postedData);
    expect(postedData.content).toContain(`<@${shared.fake.defaultUser.id}>`);
    expect(buttonsOf(postedData).some((b) => /Post to channel/.test(b.label ?? ''))).toBe(false);
    const publicMessage = await press.waitForOriginal();
    expect(publicMessage.flags ?? 0).toBe(0);

    // Paging the posted (public) copy must not bring back "Post to channel" on it.
    const more = buttonLabelled(postedData, /^More passages/);
    const paged = await shared.fake.sendInteraction({ kind: 'button', customId: more.custom_id, message: publicMessage.id }).waitForCallback();
    expect(paged.type).toBe(InteractionResponseType.UpdateMessage);
    expect(embedOf(messageOf(paged)).footer?.text).toMatch(/Passage 2 of/);
    expect(buttonsOf(messageOf(paged)).map((b) => b.label)).not.toContain('Post to channel');

    // Paging the private one keeps its button, disabled now that it is posted.
    const pagedPrivate = await shared.fake
      .sendInteraction({ kind: 'button', customId: buttonLabelled(data, /^More passages/).custom_id, message: original.id })
      .waitForCallback();
    expect(buttonLabelled(messageOf(pagedPrivate), /^Posted to channel$/).disabled).toBe(true);
  });

  it('addresses a mentioned user and allows pinging only them', async () => {
    const target = { id: '1300000000000000777', username: 'editor' };
    const handle = shared.fake.sendInteraction({
      kind: 'command',
      name: 'ask',
      options: [opt.string('question', MEMO_QUESTION), opt.user('mention', target, {})],
    });
    const callback = await handle.waitForCallback();
    const data = messageOf(callback);
    expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(isEphemeral(data)).toBe(false);
    expect(data.content).toContain(`<@${target.id}>`);
    expectNoPings(data, [target.id]);
  });

  it('pages for the asker (update) and privately for anyone else', async () => {
    const { data, original } = await publicAnswer(shared);
    const more = buttonLabelled(data, /^More passages/);

    const press = shared.fake.sendInteraction({ kind: 'button', customId: more.custom_id, message: original.id });
    const paged = await press.waitForCallback();
    expect(paged.type).toBe(InteractionResponseType.UpdateMessage);
    const pagedData = messageOf(paged);
    expect(embedOf(pagedData).footer?.text).toMatch(/Passage 2 of/);
    expect(embedOf(pagedData).description).not.toBe(embedOf(data).description);
    expectNoPings(pagedData);
    expect(shared.fake.message(original.id)?.embeds[0]?.footer?.text).toMatch(/Passage 2 of/);

    const before = structuredClone(shared.fake.message(original.id));
    const other = shared.fake.sendInteraction({ kind: 'button', customId: more.custom_id, message: original.id, user: OTHER_USER });
    const otherCallback = await other.waitForCallback();
    expect(otherCallback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const otherData = messageOf(otherCallback);
    expect(isEphemeral(otherData)).toBe(true);
    expect(embedOf(otherData).footer?.text).toMatch(/Passage 2 of/);
    expectNoPings(otherData);
    expect(shared.fake.message(original.id)).toEqual(before);
    expect(other.webhookCalls).toEqual([]);
  });

  it('says so when a button belongs to an answer it no longer has', async () => {
    const press = shared.fake.sendInteraction({ kind: 'button', customId: 'ask:more:gone:1' });
    const data = messageOf(await press.waitForCallback());
    expect(isEphemeral(data)).toBe(true);
    expect(data.content).toMatch(/expired/);
  });
});

describe('/sources and /help', () => {
  it('/sources lists the five titles with their passage counts', async () => {
    const handle = shared.fake.sendInteraction({ kind: 'command', name: 'sources' });
    const callback = await handle.waitForCallback();
    const data = messageOf(callback);
    expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expectNoPings(data);
    const embed = embedOf(data);
    expect(embed.title).toMatch(/^Sources: 5 articles, \d+ passages$/);

    const counts = new Map<string, number>();
    // Counted from the files, independently of the bot.
    for (const p of (await loadCorpus(CORPUS_DIR)).corpus.passages) counts.set(p.articleId, (counts.get(p.articleId) ?? 0) + 1);
    const files = (await readdir(CORPUS_DIR)).filter((f) => f.endsWith('.md')).sort();
    expect(files).toHaveLength(5);
    for (const file of files) {
      const title = /^title: "(.*)"$/m.exec(await readFile(join(CORPUS_DIR, file), 'utf8'))?.[1];
      const n = counts.get(file.replace(/\.md$/, ''));
      expect(title).toBeDefined();
      expect(n).toBeGreaterThan(0);
      expect(embed.description).toContain(`**${title}** · ${n} passage${n === 1 ? '' : 's'}`);
    }
  });

  it('/help explains the commands privately', async () => {
    const data = messageOf(await shared.fake.sendInteraction({ kind: 'command', name: 'help' }).waitForCallback());
    expect(isEphemeral(data)).toBe(true);
    expect(textOf(data)).toMatch(/\/ask/);
    expect(textOf(data)).toMatch(/\/sources/);
    // Built from the command list: every subcommand of /corpus is there.
    for (const sub of ['add', 'remove', 'refresh', 'status']) expect(textOf(data)).toContain(`/corpus ${sub}`);
    expectNoPings(data);
  });
});

// --- 13: failures -----------------------------------------------------------------

describe('a handler that throws', () => {
  it('apologises privately and logs the error', async () => {
    const handle = shared.fake.sendInteraction({ kind: 'command', name: 'boom' });
    const callback = await handle.waitForCallback();
    const data = messageOf(callback);
    expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(isEphemeral(data)).toBe(true);
    expect(data.content).toMatch(/^Sorry, something went wrong/);
    expect(data.content).not.toContain('kaboom');
    expectNoPings(data);

    const errors = shared.logs.errors();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ msg: 'interaction failed', command: 'boom', userId: shared.fake.defaultUser.id });
    expect(errors[0]?.err?.message).toBe('kaboom');
    expect(errors[0]?.err?.stack).toContain('kaboom');
    shared.logs.lines.length = 0; // expected; afterEach checks for unexpected errors
  });

  it('answers an unknown command instead of leaving it hanging', async () => {
    const data = messageOf(await shared.fake.sendInteraction({ kind: 'command', name: 'vanished' }).waitForCallback());
    expect(isEphemeral(data)).toBe(true);
    expect(data.content).toMatch(/\/vanished/);
  });
});

// --- 14: gateway ---------------------------------------------------------------------

describe('gateway reconnects', () => {
  it('resumes after close 4000 and answers (even an /ask sent while disconnected)', async () => {
    const { fake } = shared;
    const resumes = fake.gateway.resumes;
    await fake.closeGateway(4000);
    const handle = ask(shared, MEMO_QUESTION); // queued by the fake until RESUMED
    const callback = await handle.waitForCallback(10_000);
    expect(embedOf(messageOf(callback)).description).toContain('Bessent');
    expect(fake.gateway.resumes).toBe(resumes + 1);
    expect(fake.gateway.connections.at(-1)?.kind).toBe('resume');
  });

  it('re-identifies after an invalidated session and after close 1000, and answers', async () => {
    const { fake } = shared;
    const ready = fake.gateway.readyCount;

    await fake.closeGateway(4000, { invalidateSession: true });
    await fake.waitForReadyCount(ready + 1, 10_000);
    expect(embedOf(messageOf(await ask(shared, MEMO_QUESTION).waitForCallback())).description).toContain('Bessent');

    await fake.closeGateway(1000);
    await fake.waitForReadyCount(ready + 2, 10_000);
    expect(fake.gateway.connections.at(-1)?.kind).toBe('identify');
    expect(embedOf(messageOf(await ask(shared, MEMO_QUESTION).waitForCallback())).description).toContain('Bessent');
  });
});

// --- 9: escaping ---------------------------------------------------------------------

describe('quoted text from a hostile article', () => {
  const ARTICLE = `---
title: "Staff memo to @everyone about the **urgent** audit"
outlet: "Internal <@123456789012345678> Bulletin"
---
An internal IRS staff memo about the zebra audit was posted to a chat server.
The memo said: @everyone must finish the zebra audit by Friday, and <@123456789012345678> will collect the **bold** checklists from each office; @here # heading notes were attached.
# A heading about the zebra audit deadline
Staff were told that questions about the zebra audit should go to their managers.
`;
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ extraFiles: { '900-hostile.md': ARTICLE } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('defuses mentions and markdown in the passage and the source line', async () => {
    const { data } = await publicAnswer(h, 'Who will collect the checklists for the zebra audit?');
    const text = textOf(data);
    const embed = embedOf(data);

    expect(embed.description).toContain('zebra audit');
    expect(text).toContain(`@${ZWSP}everyone`);
    expect(text).not.toMatch(/@everyone/);
    expect(text).not.toMatch(/@here/);
    expect(text).not.toMatch(/<@\d/);
    expect(text).toContain(`<${ZWSP}@123456789012345678>`);
    expect(embed.description).toContain('\\*\\*bold\\*\\*');
    expect(embed.description).not.toMatch(/^>?\s*#/m);
    expect(embed.fields?.[0]?.value).toContain('\\*\\*urgent\\*\\*');
    expectNoPings(data);
    expect(h.fake.unexpectedRequests).toEqual([]);
  });
});

// --- 11, 12: corpus refresh -------------------------------------------------------------

describe('/corpus', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    expect(h.fake.unexpectedRequests).toEqual([]);
    await h.stop();
  });

  function corpus(sub: 'refresh' | 'status', actor: Record<string, unknown> = MODERATOR) {
    return h.fake.sendInteraction({ kind: 'command', name: 'corpus', options: [opt.subcommand(sub)], ...actor });
  }

  it('a moderator refreshes: deferred, then the added article; /ask then answers from it; status says by whom', async () => {
    const before = messageOf(await ask(h, NEW_QUESTION).waitForCallback());
    expect(textOf(before)).toContain("The articles don't say");

    await writeFile(join(h.corpusDir, '010-lighthouse-keeper.md'), NEW_ARTICLE);
    const handle = corpus('refresh', { ...MODERATOR, roles: [h.fake.moderatorRoleId] });
    const deferred = await handle.waitForCallback();
    expect(deferred.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect(isEphemeral(messageOf(deferred))).toBe(true);

    const done = await handle.waitForOriginal((m) => (m.embeds[0]?.description ?? '').includes('Added (1)'), 10_000);
    const edit = await handle.waitForEdit();
    expect(edit.route).toBe(`/webhooks/${h.fake.applicationId}/${handle.token}/messages/@original`);
    expectNoPings(edit.body as { allowed_mentions?: unknown });
    expect(done.embeds[0]?.title).toBe('Corpus refreshed');
    expect(done.embeds[0]?.description).toContain('IRS hires a lighthouse keeper named Orla Fenwick');
    expect(done.embeds[0]?.description).toMatch(/^6 articles, \d+ passages \(was \d+\)/m);
    expect(done.flags ?? 0).toBe(64);

    const after = await publicAnswer(h, NEW_QUESTION);
    expect(embedOf(after.data).description).toContain('Orla Fenwick');
    expect(embedOf(after.data).fields?.[0]?.value).toContain('IRS hires a lighthouse keeper named Orla Fenwick');

    const status = messageOf(await corpus('status').waitForCallback());
    expect(isEphemeral(status)).toBe(true);
    const description = embedOf(status).description ?? '';
    expect(description).toMatch(/^6 articles, \d+ passages\./);
    expect(description).toContain(`by ${h.fake.defaultUser.username} (${h.fake.defaultUser.id})`);
  });

  it('a member without Manage Server is refused and nothing is refreshed', async () => {
    await writeFile(join(h.corpusDir, '010-lighthouse-keeper.md'), NEW_ARTICLE);
    const handle = corpus('refresh', {});
    const callback = await handle.waitForCallback();
    const data = messageOf(callback);
    expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(isEphemeral(data)).toBe(true);
    expect(data.content).toMatch(/moderators/i);
    expect(handle.webhookCalls).toEqual([]);

    expect(h.bot.context.story.status()).toMatchObject({ articles: 5, refreshedBy: 'startup' });
    expect(textOf(messageOf(await ask(h, NEW_QUESTION).waitForCallback()))).toContain("The articles don't say");

    const status = messageOf(await corpus('status').waitForCallback());
    expect(embedOf(status).description).toMatch(/^5 articles, \d+ passages\.\nRead from the corpus folder when the bot started, <t:\d+:R> \(<t:\d+:f>\); no moderator has changed it since\.$/);
    expect(embedOf(status).description).not.toMatch(/startup/);
    expect(h.logs.errors()).toEqual([]);
  });

  it('a broken file refuses the refresh, names the file and problem, and the old corpus keeps answering', async () => {
    await writeFile(join(h.corpusDir, '011-bad-date.md'), NEW_ARTICLE.replace('published: 2025-05-02', 'published: 2025-13-45'));
    const handle = corpus('refresh');
    expect((await handle.waitForCallback()).type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    const reply = await handle.waitForOriginal((m) => m.content.length > 0, 10_000);
    expect(reply.content).toContain('011-bad-date.md');
    expect(reply.content).toMatch(/published/);
    expect(reply.content).toMatch(/2025-13-45/);
    expect(reply.content).toMatch(/current corpus keeps serving/);
    expect(reply.embeds).toEqual([]);
    expect(reply.flags ?? 0).toBe(64);

    expect(h.bot.context.story.status()).toMatchObject({ articles: 5, refreshedBy: 'startup' });
    expect(embedOf((await publicAnswer(h)).data).description).toContain('Bessent');
    expect(textOf(messageOf(await ask(h, NEW_QUESTION).waitForCallback()))).toContain("The articles don't say");
    expect(h.logs.errors()).toEqual([]);
  });
});

// --- 15: npm start ---------------------------------------------------------------------------

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Whether process `pid` still runs: an orphan that has exited stays a zombie until its new parent reaps it. */
function isRunning(pid: string): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** `npm start`: the compiled bot (`dist/src/main.js`, built by the test setup), run from `cwd` with exactly `env` (plus PATH/HOME). */
function startMain(cwd: string, env: Record<string, string>, command: string[] = [join(REPO_ROOT, 'dist/src/main.js')]) {
  const child = spawn(process.execPath, command, {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Exit>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('npm start', () => {
  let cwd: string;
  /** A copy of corpus/: a bot never opens the repo's own folder, which it could write into. */
  let corpusCopy: string;
  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'storydesk-e2e-cwd-')); // no .env here, so dotenv loads nothing
    corpusCopy = await makeCorpus();
  });
  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
    await rm(corpusCopy, { recursive: true, force: true });
  });

  it('without DISCORD_TOKEN exits 1 with a plain message and no stack trace', async () => {
    const { exited } = startMain(cwd, { CORPUS_DIR: corpusCopy });
    const result = await exited;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DISCORD_TOKEN');
    expect(result.stderr).toContain('.env.example');
    expect(result.stderr).toMatch(/npm run (--silent )?ask/);
    expect(result.stderr).not.toContain('    at ');
  });

  it('with a rejected token exits 1 naming DISCORD_TOKEN, without a stack trace', async () => {
    const { exited } = startMain(cwd, {
      CORPUS_DIR: corpusCopy,
      DISCORD_TOKEN: 'definitely-not-the-right-token',
      DISCORD_API_URL: shared.fake.apiBase,
      LOG_LEVEL: 'silent',
    });
    const result = await exited;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Discord rejected DISCORD_TOKEN/);
    expect(result.stderr).not.toContain('    at ');
  });

  it('with a valid token logs in, answers /ask, and exits 0 on SIGTERM without logging the token', async () => {
    const { FakeDiscord } = await import('../fake-discord/index.js');
    const fake = await FakeDiscord.start();
    const { child, exited, output } = startMain(cwd, {
      CORPUS_DIR: corpusCopy,
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiBase,
      LOG_LEVEL: 'info',
    });
    try {
      await fake.waitForGatewayReady(15_000).catch((error: unknown) => {
        throw new Error(`${String(error)}\n${JSON.stringify(output())}`);
      });
      const callback = await fake
        .sendInteraction({ kind: 'command', name: 'ask', options: [opt.string('question', MEMO_QUESTION)] })
        .waitForCallback(10_000);
      expect(embedOf(messageOf(callback)).description).toContain('Bessent');
      child.kill('SIGTERM');
      const result = await exited;
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('"msg":"ready"');
      expect(result.stdout).toContain('"msg":"shutting down"');
      expect(result.stdout + result.stderr).not.toContain(fake.token);
      expect(fake.unexpectedRequests).toEqual([]);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      await fake.stop();
    }
  });
  it.skipIf(process.platform !== 'linux')(
    'through `storydesk start`, runs the bot with glibc told to give freed buffers back, and stops it on SIGTERM',
    async () => {
      const { FakeDiscord } = await import('../fake-discord/index.js');
      const fake = await FakeDiscord.start();
      const env = { CORPUS_DIR: corpusCopy, DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiBase, LOG_LEVEL: 'info' };
      const { child, exited, output } = startMain(cwd, env, [join(REPO_ROOT, 'bin/storydesk.js'), 'start']);
      try {
        await fake.waitForGatewayReady(15_000).catch((error: unknown) => {
          throw new Error(`${String(error)}\n${JSON.stringify(output())}`);
        });
        // The bot is the launcher's child, started with the setting in its environment.
        const [bot] = (await readFile(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8')).trim().split(/\s+/);
        expect((await readFile(`/proc/${bot}/environ`, 'utf8')).split('\0')).toContain('MALLOC_MMAP_THRESHOLD_=131072');
        child.kill('SIGTERM'); // the launcher only, as `kill <pid>` does
        const result = await exited;
        expect(result.code).toBe(0);
        expect(result.stdout).toContain('"msg":"shutting down"');
        expect(existsSync(`/proc/${bot}`)).toBe(false);
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exited;
        await fake.stop();
      }
    },
  );

  it.skipIf(process.platform !== 'linux')('through `storydesk start`, stops the bot when the launcher is killed outright', async () => {
    const { FakeDiscord } = await import('../fake-discord/index.js');
    const fake = await FakeDiscord.start();
    const env = { CORPUS_DIR: corpusCopy, DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiBase, LOG_LEVEL: 'info' };
    const { child, exited, output } = startMain(cwd, env, [join(REPO_ROOT, 'bin/storydesk.js'), 'start']);
    let bot: string | undefined;
    try {
      await fake.waitForGatewayReady(15_000).catch((error: unknown) => {
        throw new Error(`${String(error)}\n${JSON.stringify(output())}`);
      });
      [bot] = (await readFile(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8')).trim().split(/\s+/);
      child.kill('SIGKILL'); // no signal for the launcher to pass on
      // The output pipes close once the bot, which shares them, has exited too.
      const result = await exited;
      expect(result.stdout).toContain('"signal":"disconnect","msg":"shutting down"');
      await vi.waitFor(() => expect(isRunning(bot!)).toBe(false), { timeout: 5000 });
    } finally {
      if (bot && isRunning(bot)) process.kill(Number(bot), 'SIGKILL');
      await exited;
      await fake.stop();
    }
  });
});
