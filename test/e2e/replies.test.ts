/**
 * How replies look and what their buttons do, end to end: the real bot and
 * discord.js client against the loopback fake Discord. Answer first; sources
 * with links; low answers marked; suggestion buttons that ask; Delete for the
 * asker; buttons after a restart; questions not in English.
 */
import { InteractionResponseType, PermissionFlagsBits, type APIEmbed } from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NOT_ENGLISH } from '../../commands/ask.js';
import type { Answer } from '../../src/answer/types.js';
import {
  ABSTAIN_LINE,
  COMPONENT_LIMITS,
  LOW_CONFIDENCE_CAVEAT,
  LOW_CONFIDENCE_COLOUR,
  isTrimmed,
  shortKey,
} from '../../src/bot/render.js';
import { escapeQuoted, LIMITS } from '../../src/bot/text.js';
import { opt, type InteractionHandle } from '../fake-discord/index.js';
import { LIGHTHOUSE_QUESTION, LIGHTHOUSE_TITLE, lighthouseArticle } from './support/articles.js';
import { buttonLabelled, buttonsOf, embedOf, isEphemeral, messageOf, startHarness, type Harness, type MessageData } from './support/harness.js';

const ARTICLE_URL = 'https://news.example.org/2025/05/irs-lighthouse-keeper';
const CONFIDENT_QUESTION = 'Who signed the memo?';
const OFF_TOPIC = 'What is the capital of France?';
const STRANGER = { id: '1300000000000000666', username: 'bystander' };
/** Questions members type that the engine may well answer only as the closest passage. */
const UNSURE_CANDIDATES = ['who signd the mou', 'who is melanie kruze', 'Who signed the memorandum of understanding?', 'what did the judge say'];

let h: Harness;
/** Every callback and follow-up the bot sent in this file, checked for pings and limits after each test. */
const sent: MessageData[] = [];

beforeAll(async () => {
  h = await startHarness({
    extraFiles: {
      '010-lighthouse-keeper.md': lighthouseArticle(['outlet: "Harbour Gazette"', 'author: "Ada Quill"', `url: ${ARTICLE_URL}`]),
    },
  });
});

afterAll(async () => {
  await h?.stop();
});

afterEach(() => {
  expect(h.fake.unexpectedRequests).toEqual([]);
  expect(h.logs.errors()).toEqual([]);
  for (const data of sent.splice(0)) {
    expectNoPings(data);
    expectWithinLimits(data);
  }
});

function ask(question: string, extra: Record<string, unknown> = {}): InteractionHandle {
  return h.fake.sendInteraction({ kind: 'command', name: 'ask', options: [opt.string('question', question)], ...extra });
}

function press(customId: string, message: string, user?: { id: string; username: string }, extra: Record<string, unknown> = {}): InteractionHandle {
  return h.fake.sendInteraction({ kind: 'button', customId, message, ...(user ? { user } : {}), ...extra });
}

async function reply(handle: InteractionHandle): Promise<MessageData> {
  const data = messageOf(await handle.waitForCallback());
  sent.push(data);
  return data;
}

function expectNoPings(data: { allowed_mentions?: unknown }) {
  const mentions = data.allowed_mentions as { parse?: string[] } | undefined;
  expect(mentions?.parse).toEqual([]);
}

function embedLength(embed: APIEmbed): number {
  return (
    (embed.title ?? '').length +
    (embed.description ?? '').length +
    (embed.footer?.text ?? '').length +
    (embed.author?.name ?? '').length +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

function expectWithinLimits(data: MessageData) {
  expect((data.content ?? '').length).toBeLessThanOrEqual(LIMITS.content);
  for (const embed of data.embeds ?? []) {
    expect((embed.title ?? '').length).toBeLessThanOrEqual(LIMITS.embedTitle);
    expect((embed.description ?? '').length).toBeLessThanOrEqual(LIMITS.embedDescription);
    for (const field of embed.fields ?? []) expect(field.value.length).toBeLessThanOrEqual(LIMITS.embedFieldValue);
    expect(embedLength(embed)).toBeLessThanOrEqual(LIMITS.embedTotal);
  }
  const rows = (data.components ?? []) as { components: { custom_id?: string; label?: string }[] }[];
  expect(rows.length).toBeLessThanOrEqual(COMPONENT_LIMITS.rows);
  for (const row of rows) {
    expect(row.components.length).toBeLessThanOrEqual(COMPONENT_LIMITS.buttonsPerRow);
    for (const c of row.components) {
      expect((c.custom_id ?? '').length).toBeLessThanOrEqual(COMPONENT_LIMITS.customId);
      expect((c.label ?? '').length).toBeLessThanOrEqual(COMPONENT_LIMITS.label);
    }
  }
}

function linkButtons(data: MessageData): { label?: string; url?: string }[] {
  const rows = (data.components ?? []) as { components: { style: number; label?: string; url?: string }[] }[];
  return rows.flatMap((r) => r.components).filter((c) => c.style === 5);
}

async function engineAnswer(question: string): Promise<Answer> {
  return h.bot.context.story.ask(question, { top: 5 });
}

async function publicAnswer(question: string) {
  const handle = ask(question);
  const data = await reply(handle);
  const original = await handle.waitForOriginal();
  return { handle, data, original };
}

describe('answer first', () => {
  it('opens the reply with the answer sentence, verbatim, as a quote; then the sentences around it', async () => {
    const answer = await engineAnswer(CONFIDENT_QUESTION);
    expect(answer.confidence).toBe('high');
    const { data } = await publicAnswer(CONFIDENT_QUESTION);
    const embed = embedOf(data);

    expect(data.content ?? '').toBe('');
    const lines = (embed.description ?? '').split('\n');
    expect(lines[0]).toBe(`> **${escapeQuoted(answer.answer!)}**`);
    expect(embed.title).toBe(CONFIDENT_QUESTION);
    // The passage is not repeated whole: "…" marks what is left out, and the whole passage is a button away.
    expect(isTrimmed(answer, 0), 'the answer sentence is no longer in a long passage; pick another question').toBe(true);
    expect(lines.slice(1).join('\n')).toMatch(/^\n> …|…$/);
    expect(lines.slice(1).join('\n')).toContain(`**${escapeQuoted(answer.answer!)}**`);
    expect(buttonLabelled(data, /^Show whole passage$/).custom_id).toMatch(/^passage:/);
    expect(embed.footer?.text).not.toMatch(/paragraph/i);
    expect(embed.footer?.text).toMatch(/quoted verbatim/);
  });

  it('keeps the 👍 / 👎 row under its own rows, also when paging', async () => {
    const { data, original } = await publicAnswer(CONFIDENT_QUESTION);
    const rowIds = (d: MessageData) => ((d.components ?? []) as { components: { custom_id?: string }[] }[]).map((r) => r.components.map((c) => c.custom_id ?? 'link'));
    expect(rowIds(data).at(-1)?.every((id) => id.startsWith('vote:'))).toBe(true);
    expect(rowIds(data)[0]?.some((id) => id.startsWith('ask:m:'))).toBe(true);
    const paged = await reply(press(buttonLabelled(data, /^More passages/).custom_id, original.id));
    expect(rowIds(paged).at(-1)).toEqual(rowIds(data).at(-1));
    expect(rowIds(paged).filter((row) => row.some((id) => id.startsWith('vote:')))).toHaveLength(1);
  });

  it('shows the whole passage privately, and again after a restart', async () => {
    const question = CONFIDENT_QUESTION;
    const answer = await engineAnswer(question);
    const { data, original } = await publicAnswer(question);
    const whole = buttonLabelled(data, /^Show whole passage$/);
    expect(embedOf(data).description).toContain('…');

    const shown = await reply(press(whole.custom_id, original.id, STRANGER));
    expect(isEphemeral(shown)).toBe(true);
    expect(embedOf(shown).description).toBe(`> ${escapeQuoted(answer.passages[0]!.text)}`);

    await h.restart();
    const again = await reply(press(whole.custom_id, original.id));
    expect(isEphemeral(again)).toBe(true);
    expect(embedOf(again).description).toBe(embedOf(shown).description);

    // Paging carries the question: asked again, it pages in place for the asker, privately for anyone else.
    const more = buttonLabelled(data, /^More passages/);
    expect(more.custom_id).toBe(`ask:m:1:${question}`);
    const stranger = await reply(press(more.custom_id, original.id, STRANGER));
    expect(isEphemeral(stranger)).toBe(true);
    expect(embedOf(stranger).footer?.text).toMatch(/^Passage 2 of/);
    const handle = press(more.custom_id, original.id);
    const paged = await handle.waitForCallback();
    expect(paged.type).toBe(InteractionResponseType.UpdateMessage);
    sent.push(messageOf(paged));
    expect(embedOf(messageOf(paged)).footer?.text).toMatch(/^Passage 2 of/);
    // What the message carried stays: Delete for the asker, the 👍 / 👎 row with its answer's id.
    expect(buttonLabelled(messageOf(paged), /^Delete$/).custom_id).toBe(`delete:${h.fake.defaultUser.id}`);
    expect(buttonsOf(messageOf(paged)).filter((b) => b.custom_id.startsWith('vote:')).map((b) => b.custom_id)).toEqual(
      buttonsOf(data).filter((b) => b.custom_id.startsWith('vote:')).map((b) => b.custom_id),
    );
  });

  it('says plainly when paging cannot be rebuilt: the answer is gone and the button does not carry its question', async () => {
    const gone = await reply(press('ask:more:gone:1', (await publicAnswer(CONFIDENT_QUESTION)).original.id));
    expect(isEphemeral(gone)).toBe(true);
    expect(gone.content).toMatch(/no longer kept.*Ask again with \/ask/);
  });

  it('says so when the whole passage is asked for after its article changed', async () => {
    const bogus = `passage:${shortKey('not this text')}:003-irs-to-share-taxpayer-information-with-dhs#2`;
    const data = await reply(press(bogus, (await publicAnswer(CONFIDENT_QUESTION)).original.id));
    expect(isEphemeral(data)).toBe(true);
    expect(data.content).toMatch(/changed or been removed/);
  });
});

describe('sources you can open', () => {
  it('links the article (embed URL and a Read the article button) and gives outlet · author · date', async () => {
    const { data } = await publicAnswer(LIGHTHOUSE_QUESTION);
    const embed = embedOf(data);
    expect(embed.description).toContain('Orla Fenwick');
    expect(embed.url).toBe(ARTICLE_URL);
    expect(linkButtons(data)).toEqual([expect.objectContaining({ label: 'Read the article', url: ARTICLE_URL })]);
    expect(embed.fields?.[0]?.value).toBe(`[${LIGHTHOUSE_TITLE}](${ARTICLE_URL}) · Harbour Gazette · Ada Quill · 2 May 2025`);
    expect(embed.footer?.text).toMatch(/as of 2 May 2025$/);
  });

  it('says "undated" for an article without a date, and has no link to give', async () => {
    const { data } = await publicAnswer(CONFIDENT_QUESTION);
    const embed = embedOf(data);
    expect(embed.fields?.[0]?.value).toMatch(/ · undated$/);
    expect(embed.url).toBeUndefined();
    expect(linkButtons(data)).toEqual([]);
    expect(embed.footer?.text).not.toMatch(/as of/);
  });
});

describe('unsure and abstaining', () => {
  it('marks a low answer: its colour and caveat, and its sentence never shown as the answer', async () => {
    let question: string | undefined;
    let answer: Answer | undefined;
    for (const candidate of UNSURE_CANDIDATES) {
      answer = await engineAnswer(candidate);
      if (answer.confidence === 'low') {
        question = candidate;
        break;
      }
    }
    expect(question, `none of ${UNSURE_CANDIDATES.join(' | ')} is answered low any more`).toBeDefined();
    const { data } = await publicAnswer(question!);
    const embed = embedOf(data);
    expect(embed.color).toBe(LOW_CONFIDENCE_COLOUR);
    expect(embed.description?.split('\n')[0]).toBe(LOW_CONFIDENCE_CAVEAT);
    expect(embed.description).not.toContain(`**${escapeQuoted(answer!.answer!)}**`);
    expect(embed.description).not.toMatch(/^> \*\*/m);
    for (const suggestion of answer!.suggestions ?? []) expect(buttonLabelled(data, new RegExp(`^${suggestion.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`))).toBeDefined();
  });

  it('abstains plainly with the hint, and its suggestion buttons ask their question', async () => {
    const handle = ask(OFF_TOPIC);
    const data = await reply(handle);
    expect(isEphemeral(data)).toBe(true);
    expect(embedOf(data).description?.split('\n')[0]).toBe(ABSTAIN_LINE);
    const suggestions = buttonsOf(data);
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions.length).toBeLessThanOrEqual(3);
    const original = await handle.waitForOriginal();

    const first = suggestions[0]!;
    const asked = await reply(press(first.custom_id, original.id));
    expect(isEphemeral(asked)).toBe(true); // as private as the message it was on
    expect(embedOf(asked).title).toBe(first.label);
    expect(embedOf(asked).description).not.toContain(ABSTAIN_LINE);
  });

  it('a suggestion key asks its question after a restart, and says so when the question is gone', async () => {
    const question = h.bot.context.story.suggester.questions[0]!;
    const { original } = await publicAnswer(CONFIDENT_QUESTION);
    await h.restart();
    const asked = await reply(press(`ask:k:${shortKey(question)}`, original.id));
    expect(isEphemeral(asked)).toBe(false);
    expect(embedOf(asked).title).toBe(question);

    const gone = await reply(press(`ask:k:${shortKey('a question nobody offered')}`, original.id));
    expect(isEphemeral(gone)).toBe(true);
    expect(gone.content).toMatch(/no longer offered/);
  });

  it('says "did you mean" for a misspelt name', async () => {
    const data = await reply(ask('who is melanie kruze'));
    expect(embedOf(data).description).toMatch(/Did you mean \*\*Melanie Krause\*\*\?/);
  });
});

describe('Delete', () => {
  it('deletes a public answer for the asker only, or a member with Manage Messages', async () => {
    const { data, original } = await publicAnswer(CONFIDENT_QUESTION);
    const del = buttonLabelled(data, /^Delete$/);
    expect(del.custom_id).toBe(`delete:${h.fake.defaultUser.id}`);

    const refused = await reply(press(del.custom_id, original.id, STRANGER));
    expect(isEphemeral(refused)).toBe(true);
    expect(refused.content).toMatch(/Only the member who asked/);
    expect(h.fake.message(original.id)).toBeDefined();

    const handle = press(del.custom_id, original.id);
    expect((await handle.waitForCallback()).type).toBe(InteractionResponseType.DeferredMessageUpdate);
    await handle.waitForWebhookCall((r) => r.method === 'DELETE');
    expect(h.fake.message(original.id)).toBeUndefined();

    const other = await publicAnswer(CONFIDENT_QUESTION);
    const moderator = press(buttonLabelled(other.data, /^Delete$/).custom_id, other.original.id, STRANGER, { permissions: PermissionFlagsBits.ManageMessages });
    await moderator.waitForWebhookCall((r) => r.method === 'DELETE');
    expect(h.fake.message(other.original.id)).toBeUndefined();
  });

  it('is not offered on a private answer', async () => {
    const data = await reply(ask(CONFIDENT_QUESTION, { options: [opt.string('question', CONFIDENT_QUESTION), opt.boolean('private', true)] }));
    expect(isEphemeral(data)).toBe(true);
    expect(buttonsOf(data).map((b) => b.label)).not.toContain('Delete');
  });
});

describe('questions not in English', () => {
  it.each([
    ["Qui a signé le protocole d'accord ?"],
    ['¿Quién firmó el memorando de entendimiento?'],
    ['Wer hat das Memorandum unterschrieben?'],
  ])('%s gets a short private reply in English', async (question) => {
    const data = await reply(ask(question));
    expect(isEphemeral(data)).toBe(true);
    expect(data.content).toBe(NOT_ENGLISH);
    expect(data.embeds ?? []).toEqual([]);
  });

  it.each([['who signd the mou'], ['how much did undocumented ppl pay']])('"%s" is answered, not refused', async (question) => {
    const data = await reply(ask(question));
    expect(data.content ?? '').not.toBe(NOT_ENGLISH);
    expect(embedOf(data).description).toMatch(/\S/);
  });
});
