/**
 * /corpus add and remove end to end: the real bot (startBot, commands/, the real
 * discord.js Client) against the loopback fake Discord, a local news site on
 * 127.0.0.1 (test/ingest/server.ts) and the fake's CDN for attachments. Each
 * scenario checks what the moderator sees in Discord and what is on disk.
 *
 * Scenarios that change the corpus get their own fake + bot + temp corpus copy;
 * the failure scenarios share one bot and check that nothing changed.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InteractionResponseType } from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { StoryWorker } from '../../src/runtime/story-worker.js';
import { opt, type OptionInput } from '../fake-discord/index.js';
import { snapshot } from '../ingest/helpers.js';
import { AUDIT_PATH, closedPort, JUDGE_PATH, page, startNewsSite, type NewsSite } from '../ingest/server.js';
import {
  addFile,
  addUrl,
  articleFiles,
  ask,
  auditLines,
  corpusCommand,
  EPHEMERAL,
  finalReply,
  isFinal,
  MEMBER,
  moderator,
  readArticleFile,
} from './support/corpus.js';
import { buttonLabelled, buttonsOf, CORPUS_DIR, embedOf, isEphemeral, messageOf, startHarness, textOf, type Harness } from './support/harness.js';
import { LIGHTHOUSE_QUESTION, LIGHTHOUSE_TITLE, lighthouseArticle } from './support/articles.js';

const JUDGE_TITLE = 'Judge pauses IRS data transfers to ICE pending review';
const JUDGE_QUESTION = 'What did Eleanor Whitcombe order?';
const AUDIT_TITLE = 'Watchdog opens audit of IRS–ICE data deal';
const AUDIT_QUESTION = 'How many records will Priya Natarajan examine?';
const ADVOCATE_TITLE = 'Taxpayer advocate warns data sharing deters filing';
const ADVOCATE_QUESTION = 'How much did filings from ITIN holders drop?';
const ABSTAIN = "The articles don't say";

/** An article seeded into the corpus copy, with a fact no other article has. */
const KEEPER_FILE = '010-lighthouse-keeper.md';
const KEEPER_ID = '010-lighthouse-keeper';
const KEEPER_TITLE = LIGHTHOUSE_TITLE;
const KEEPER = lighthouseArticle(['outlet: "Coastal Example Gazette"']);
const KEEPER_QUESTION = LIGHTHOUSE_QUESTION;

/** A Markdown attachment with front matter. */
const QUILL_TITLE = 'IRS names Darius Quill ombudsman for immigration data requests';
const QUILL_MD = `---
title: "${QUILL_TITLE}"
outlet: "The Example Apiary Times"
author: "Ines Barrow"
published: 2025-06-03
url: "https://apiary.example.net/2025/06/03/irs-ombudsman"
---
The Internal Revenue Service on Tuesday named Darius Quill, a former tax court clerk, as its first ombudsman for requests from immigration authorities.

Quill will review every request for taxpayer records that arrives under the April agreement and will report twice a year to the Treasury's privacy office, the agency said in a statement.

"My job is to make sure each request meets the law before a single record leaves the building," Quill said in an interview on Tuesday afternoon.
`;
const QUILL_QUESTION = 'Who did the IRS name as ombudsman?';

let site: NewsSite;
beforeAll(async () => {
  site = await startNewsSite();
});
afterAll(async () => {
  await site?.close();
});

/** A fresh fake + bot + corpus copy that may fetch 127.0.0.1. */
function privateHarness(extraFiles: Record<string, string> = {}): Promise<Harness> {
  return startHarness({ env: { ALLOW_PRIVATE_URLS: 'true' }, extraFiles });
}

/** The interaction went through without an unexpected REST call or a logged bug. */
function expectClean(h: Harness) {
  expect(h.fake.unexpectedRequests).toEqual([]);
  expect(h.logs.errors()).toEqual([]);
}

/** A fresh bot (private addresses allowed) for each test of the block, handed to `use`; checked clean and stopped after. */
function eachTestWithPrivateHarness(use: (h: Harness) => void, extraFiles: Record<string, string> = {}) {
  let h: Harness;
  beforeEach(async () => {
    h = await privateHarness(extraFiles);
    use(h);
  });
  afterEach(async () => {
    expectClean(h);
    await h.stop();
  });
}

/** Answers `question` and returns what was shown (public answer or private abstention). */
async function answer(h: Harness, question: string) {
  const callback = await ask(h, question).waitForCallback();
  expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  const data = messageOf(callback);
  return { data, text: textOf(data), source: embedOf(data).fields?.find((f) => f.name === 'Source')?.value ?? '' };
}

async function sourcesText(h: Harness): Promise<string> {
  const callback = await h.fake.sendInteraction({ kind: 'command', name: 'sources' }).waitForCallback();
  return textOf(messageOf(callback));
}

/** Adds, checks the deferral (ephemeral type 5) and returns the final reply. */
async function deferredFinal(handle: ReturnType<typeof addUrl>) {
  const deferred = await handle.waitForCallback();
  expect(deferred.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
  expect(messageOf(deferred).flags).toBe(EPHEMERAL);
  const reply = await finalReply(handle);
  expect((reply.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
  return reply;
}

// --- 1: add by link -------------------------------------------------------------------

describe('/corpus add url:', () => {
  let h!: Harness;
  eachTestWithPrivateHarness((started) => (h = started));

  it('fetches the page, shows what was added, writes the file with front matter and an audit line, and /ask answers from it at once', async () => {
    const url = site.url(JUDGE_PATH);
    const before = await answer(h, JUDGE_QUESTION);
    expect(before.text).toContain(ABSTAIN);

    const reply = await deferredFinal(addUrl(h, url));
    const embed = reply.embeds[0]!;
    expect(embed.title).toBe(`Added: ${JUDGE_TITLE}`);
    expect(embed.url).toBe(url);
    const description = embed.description ?? '';
    expect(description).toContain('The Example Ledger · Maria Okafor · 2025-07-14');
    const count = /^(\d+) passages · `([^`]+)`$/m.exec(description);
    expect(count).not.toBeNull();
    const [, passages, id] = count!;
    expect(id).toBe('005-judge-pauses-irs-data-transfers-to');
    expect(Number(passages)).toBe((await h.bot.context.story.passagesOf(id!)).length);
    expect(Number(passages)).toBeGreaterThanOrEqual(5);
    expect(description).toMatch(/^> A federal judge on Monday ordered the Internal Revenue Service to pause/m);
    expect(description).not.toContain('SuperWidget');
    expect(reply.content).toBe('');

    // On disk: the new file with the page's metadata, and nothing else but the audit log.
    const files = await articleFiles(h.corpusDir);
    expect(files).toEqual([...(await articleFiles(CORPUS_DIR)), `${id}.md`]);
    const { meta, body } = await readArticleFile(h.corpusDir, `${id}.md`);
    expect(meta).toEqual({ title: JUDGE_TITLE, outlet: 'The Example Ledger', author: 'Maria Okafor', url, published: '2025-07-14' });
    expect(body).toMatch(/^A federal judge on Monday ordered/);
    expect(body).toContain('Eleanor Whitcombe');
    for (const junk of ['SuperWidget', 'MegaLoans', 'Sign up for our newsletter', 'Comments (312)', 'Related stories', 'cookies']) expect(body).not.toContain(junk);
    expect((await readdir(h.corpusDir)).filter((f) => f.startsWith('.'))).toEqual(['.audit.jsonl']);

    expect(await auditLines(h.corpusDir)).toEqual([
      { who: h.fake.defaultUser.username, whoId: h.fake.defaultUser.id, when: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), action: 'add', article: id, title: JUDGE_TITLE, from: url },
    ]);

    // Answered from the new article right away, and listed.
    const after = await answer(h, JUDGE_QUESTION);
    expect(isEphemeral(after.data)).toBe(false);
    expect(embedOf(after.data).description).toMatch(/Whitcombe|30 days|pause/);
    expect(after.source).toContain(JUDGE_TITLE);
    expect(after.source).toContain('The Example Ledger');
    expect(await sourcesText(h)).toContain(JUDGE_TITLE);
    expect(h.bot.context.story.status()).toMatchObject({ articles: 6, refreshedBy: `${h.fake.defaultUser.username} (${h.fake.defaultUser.id})` });
    expect(h.logs.lines.some((l) => l.msg === 'article added' && l.article === id && l.from === url)).toBe(true);
  });

  it('adds a plain-text page, titled by its first line', async () => {
    const reply = await deferredFinal(addUrl(h, site.url('/reports/advocate.txt')));
    expect(reply.embeds[0]?.title).toBe(`Added: ${ADVOCATE_TITLE}`);
    expect(reply.embeds[0]?.description).toMatch(/^> The National Taxpayer Advocate told Congress/m);
    const file = (await articleFiles(h.corpusDir)).find((f) => f.startsWith('005-'));
    expect(file).toBe('005-taxpayer-advocate-warns-data-sharing.md');
    expect((await readArticleFile(h.corpusDir, file!)).meta).toEqual({ title: ADVOCATE_TITLE, url: site.url('/reports/advocate.txt') });
    expect((await answer(h, ADVOCATE_QUESTION)).source).toContain(ADVOCATE_TITLE);
  });
});

// --- 2: add by file --------------------------------------------------------------------

describe('/corpus add file:', () => {
  let h!: Harness;
  eachTestWithPrivateHarness((started) => (h = started));

  it('adds a .md attachment, keeping its front matter', async () => {
    const { handle, attachment } = addFile(h, 'quill-ombudsman.md', QUILL_MD);
    const reply = await deferredFinal(handle);
    expect(reply.embeds[0]?.title).toBe(`Added: ${QUILL_TITLE}`);
    expect(reply.embeds[0]?.url).toBe('https://apiary.example.net/2025/06/03/irs-ombudsman');
    expect(reply.embeds[0]?.description).toContain('The Example Apiary Times · Ines Barrow · 2025-06-03');
    expect(reply.embeds[0]?.description).toMatch(/^3 passages · `005-irs-names-darius-quill-ombudsman-for`$/m);
    expect(reply.embeds[0]?.description).toMatch(/^> The Internal Revenue Service on Tuesday named Darius Quill/m);
    // The bot really downloaded it from the CDN.
    expect(h.fake.requests.some((r) => r.method === 'GET' && r.url === new URL(attachment.url).pathname)).toBe(true);

    const { meta, body } = await readArticleFile(h.corpusDir, '005-irs-names-darius-quill-ombudsman-for.md');
    expect(meta).toEqual({
      title: QUILL_TITLE,
      outlet: 'The Example Apiary Times',
      author: 'Ines Barrow',
      url: 'https://apiary.example.net/2025/06/03/irs-ombudsman',
      published: '2025-06-03',
    });
    expect(body).toMatch(/^The Internal Revenue Service on Tuesday named Darius Quill/);
    expect(await auditLines(h.corpusDir)).toEqual([
      expect.objectContaining({ who: 'reader', action: 'add', article: '005-irs-names-darius-quill-ombudsman-for', title: QUILL_TITLE, from: 'quill-ombudsman.md' }),
    ]);
    const after = await answer(h, QUILL_QUESTION);
    expect(embedOf(after.data).description).toContain('Darius Quill');
    expect(after.source).toContain(QUILL_TITLE);
  });

  it('shows a hostile title as text: no markdown, no mentions, in the Added reply and the Remove prompt', async () => {
    const title = 'Memo to @everyone: *all* offices must file __now__ <@123456789012345678>';
    const { handle } = addFile(h, 'memo.md', QUILL_MD.replace(`title: "${QUILL_TITLE}"`, `title: "${title}"`));
    const added = (await deferredFinal(handle)).embeds[0]!;
    const id = '005-memo-to-everyone-all-offices-must';
    expect(added.description).toContain(`\`${id}\``);
    expect(added.title).toContain('\\*all\\*');
    expect(added.title).toContain('\\_\\_now\\_\\_');
    expect(added.title).not.toMatch(/@everyone|<@\d/);
    const prompt = embedOf(messageOf(await corpusCommand(h, 'remove', [opt.string('article', id)]).waitForCallback()));
    expect(prompt.title).toContain('\\*all\\*');
    expect(prompt.title).not.toMatch(/@everyone|<@\d/);
    expect((await readArticleFile(h.corpusDir, `${id}.md`)).meta.title).toBe(title);
  });

  it('adds an .html attachment through the article extractor', async () => {
    const { handle } = addFile(h, 'watchdog.html', page('inspector-general-audit.html'));
    const reply = await deferredFinal(handle);
    expect(reply.embeds[0]?.title).toBe(`Added: ${AUDIT_TITLE}`);
    expect(reply.embeds[0]?.url).toBeUndefined();
    expect(reply.embeds[0]?.description).toContain('Daily Example · Tom Reyes · 2025-08-02');
    expect(reply.embeds[0]?.description).toMatch(/^> The Treasury Inspector General for Tax Administration said/m);

    const files = await articleFiles(h.corpusDir);
    expect(files).toHaveLength(6);
    const { meta, body } = await readArticleFile(h.corpusDir, files.at(-1)!);
    expect(meta).toEqual({ title: AUDIT_TITLE, outlet: 'Daily Example', author: 'Tom Reyes', published: '2025-08-02' });
    expect(body).not.toMatch(/RateHawk|Subscribe for \$1|Most popular|By Tom Reyes/);
    expect(await auditLines(h.corpusDir)).toEqual([expect.objectContaining({ action: 'add', title: AUDIT_TITLE, from: 'watchdog.html' })]);
    const after = await answer(h, AUDIT_QUESTION);
    expect(embedOf(after.data).description).toContain('4,200');
    expect(after.source).toContain(AUDIT_TITLE);
  });
});

// --- 3: duplicates ----------------------------------------------------------------------

describe('duplicates', () => {
  let h!: Harness;
  eachTestWithPrivateHarness((started) => (h = started));

  it('refuses the same link (even with tracking parameters) and the same text under another name or address, naming the article already there', async () => {
    const url = site.url(JUDGE_PATH);
    await deferredFinal(addUrl(h, url));
    const id = '005-judge-pauses-irs-data-transfers-to';
    const after = await snapshot(h.corpusDir);
    const fetched = site.hits.get(JUDGE_PATH);

    const refusals: Array<[string, ReturnType<typeof addUrl>]> = [
      ['same link', addUrl(h, url)],
      ['same link, tracking', addUrl(h, `<${url}?utm_source=newsletter&utm_medium=email#top>`)],
      ['same text, another address', addUrl(h, site.url('/mirror/judge-story'))],
      ['same text, as a file', addFile(h, 'judge-copy.html', page('judge-pauses-transfers.html')).handle],
    ];
    for (const [label, handle] of refusals) {
      const reply = await deferredFinal(handle);
      expect(reply.embeds, label).toEqual([]);
      expect(reply.content, label).toMatch(/already in the corpus/);
      expect(reply.content, label).toContain(JUDGE_TITLE);
      expect(reply.content, label).toContain(id);
    }
    // The same link is refused before anything is fetched.
    expect(site.hits.get(JUDGE_PATH)).toBe(fetched);
    expect(await snapshot(h.corpusDir)).toEqual(after);
    expect(h.bot.context.story.catalog.articles).toHaveLength(6);
  });

  it('refuses an article of the corpus attached under another file name', async () => {
    const original = '001-irs-ice-memorandum-privacy-concerns.md';
    const text = await readFile(join(CORPUS_DIR, original), 'utf8');
    const title = /^title: "(.*)"$/m.exec(text)?.[1];
    const before = await snapshot(h.corpusDir);
    const reply = await deferredFinal(addFile(h, 'forwarded-story.md', text).handle);
    expect(reply.content).toMatch(/already in the corpus \(the same text\)/);
    expect(reply.content).toContain(title);
    expect(reply.content).toContain('001-irs-ice-memorandum-privacy-concerns');
    expect(await snapshot(h.corpusDir)).toEqual(before);
  });
});

// --- 4: failures --------------------------------------------------------------------------

describe('adds that fail', () => {
  let h: Harness;
  let before: Record<string, string>;
  let closed: number;
  beforeAll(async () => {
    h = await privateHarness();
    before = await snapshot(h.corpusDir);
    closed = await closedPort();
  });
  afterAll(async () => {
    await h?.stop();
  });
  afterEach(async () => {
    expectClean(h);
    // Nothing written, nothing swapped in.
    expect(await snapshot(h.corpusDir)).toEqual(before);
    expect(h.bot.context.story.status()).toMatchObject({ articles: 5, refreshedBy: 'startup' });
  });

  it.each([
    ['a 404 page', () => site.url('/missing'), /the page answered 404 Not Found/],
    ['a server error', () => site.url('/error'), /the page answered 503 Service Unavailable/],
    // At the start of the reply, "127." is escaped so Discord cannot read it as a numbered list ("127\.0.0.1" shows as 127.0.0.1).
    ['an unreachable address (closed port)', () => `http://127.0.0.1:${closed}/news/story`, /^127\\?\.0\.0\.1 refused the connection/],
    ['an oversized page (declared)', () => site.url('/huge-declared'), /the page is larger than 2048 KiB/],
    ['an oversized page (streamed)', () => site.url('/huge-streamed'), /the page is larger than 2048 KiB/],
    ['an image', () => site.url('/image.png'), /not a web page or text \(it is image\/png\)/],
    ['a section front', () => site.url('/'), /does not look like an article/],
    ['a page with too little text', () => site.url('/news/short'), /text is too short/],
    ['a redirect loop', () => site.url('/loop/a'), /redirected more than 5 times/],
    ['not a link', () => 'the judge story from monday', /not a link/],
    ['an ftp link', () => 'ftp://files.example.com/story.txt', /only http and https/],
  ])('%s: a private reply says what went wrong', async (_label, url, message) => {
    const reply = await deferredFinal(addUrl(h, url()));
    expect(reply.embeds).toEqual([]);
    expect(reply.content).toMatch(message);
    expect(reply.content).not.toMatch(/Sorry, something went wrong/);
    // In words: no module name in front.
    expect(reply.content).not.toMatch(/^ingest: /);
  });

  it.each([
    ['a PDF', 'report.pdf', '%PDF-1.7 binary', /attach a \.md, \.txt or \.html file/],
    ['a binary .md', 'story.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), /not text/],
    ['a .txt with too little text', 'note.txt', 'IRS statement\n\nThe IRS declined to comment.\n', /too short/],
    ['an .html section front', 'front.html', page('front-page.html'), /does not look like an article/],
  ])('attachment %s: a private reply says what went wrong', async (_label, filename, content, message) => {
    const reply = await deferredFinal(addFile(h, filename, content).handle);
    expect(reply.embeds).toEqual([]);
    expect(reply.content).toMatch(message);
    expect(reply.content).not.toMatch(/^ingest: /);
  });

  it('an attachment the CDN no longer serves: a private reply says what went wrong', async () => {
    const reply = await deferredFinal(addFile(h, 'gone.md', '', undefined, { url: site.url('/missing'), size: 1200 }).handle);
    expect(reply.content).toMatch(/404 Not Found/);
  });

  it('an oversized attachment is refused before it is downloaded', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024 + 10, 'a');
    const { handle, attachment } = addFile(h, 'huge.md', big);
    const callback = await handle.waitForCallback();
    expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const data = messageOf(callback);
    expect(isEphemeral(data)).toBe(true);
    expect(data.content).toMatch(/That file is 2049 KiB; the limit is 2048 KiB/);
    expect(h.fake.requests.some((r) => r.url.startsWith(new URL(attachment.url).pathname))).toBe(false);
  });

  it.each([
    ['neither url: nor file:', (): OptionInput[] => []],
    ['both url: and file:', (): OptionInput[] => [opt.string('url', site.url(JUDGE_PATH)), opt.attachment('file', h.fake.addAttachment({ filename: 'a.md', content: QUILL_MD }))]],
  ])('%s: asks for exactly one', async (_label, options) => {
    const callback = await corpusCommand(h, 'add', options()).waitForCallback();
    expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(isEphemeral(messageOf(callback))).toBe(true);
    expect(messageOf(callback).content).toMatch(/Give either `url:`.*or `file:`/);
  });
});

// --- 5: internal addresses --------------------------------------------------------------------

describe('internal addresses, with ALLOW_PRIVATE_URLS unset', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });
  afterEach(() => expectClean(h));

  it.each([
    ['127.0.0.1', () => site.url('/article')],
    ['localhost', () => `http://localhost:${site.port}/article`],
    ['[::1]', () => `http://[::1]:${site.port}/article`],
  ])('refuses %s with a message about private addresses, without fetching it', async (_label, url) => {
    expect(h.config.allowPrivateUrls).toBe(false);
    const hits = [...site.hits.values()].reduce((a, b) => a + b, 0);
    const before = await snapshot(h.corpusDir);
    const reply = await deferredFinal(addUrl(h, url()));
    expect(reply.content).toMatch(/local or private network address/);
    expect(reply.content).toMatch(/does not fetch/);
    expect([...site.hits.values()].reduce((a, b) => a + b, 0)).toBe(hits);
    expect(await snapshot(h.corpusDir)).toEqual(before);
    expect(h.bot.context.story.catalog.articles).toHaveLength(5);
  });
});

// --- 6: remove with confirmation ---------------------------------------------------------------

describe('/corpus remove', () => {
  let h!: Harness;
  eachTestWithPrivateHarness((started) => (h = started), { [KEEPER_FILE]: KEEPER });

  function autocomplete(typed: string, actor = moderator(h)) {
    return h.fake.sendInteraction({
      kind: 'autocomplete',
      name: 'corpus',
      options: [opt.subcommand('remove', [opt.string('article', typed, { focused: true })])],
      ...actor,
    });
  }

  it('autocompletes article ids for a moderator', async () => {
    const all = await autocomplete('').waitForCallback();
    expect(all.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    const choices = (all.data as { choices: { name: string; value: string }[] }).choices;
    const ids = [...(await articleFiles(CORPUS_DIR)).map((f) => f.replace(/\.md$/, '')), KEEPER_ID];
    expect(choices.map((c) => c.value).sort()).toEqual(ids.sort());
    for (const c of choices) {
      // Long titles are shortened, never the id: it tells similar titles apart.
      expect(c.name.endsWith(` (${c.value})`), c.name).toBe(true);
      expect(c.name.length).toBeLessThanOrEqual(100);
    }

    const some = (await autocomplete('lighthouse').waitForCallback()).data as { choices: { name: string; value: string }[] };
    expect(some.choices).toEqual([{ name: `${KEEPER_TITLE} (${KEEPER_ID})`, value: KEEPER_ID }]);
  });

  it('asks first; Keep it leaves everything; Remove moves the file out, and the bot stops listing and quoting it', async () => {
    expect((await answer(h, KEEPER_QUESTION)).source).toContain(KEEPER_TITLE);
    const before = await snapshot(h.corpusDir);
    const passages = (await h.bot.context.story.passagesOf(KEEPER_ID)).length;

    // The confirmation.
    const confirm = corpusCommand(h, 'remove', [opt.string('article', KEEPER_ID)]);
    const callback = await confirm.waitForCallback();
    expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const prompt = messageOf(callback);
    expect(isEphemeral(prompt)).toBe(true);
    expect(embedOf(prompt).title).toBe(`Remove “${KEEPER_TITLE}”?`);
    expect(embedOf(prompt).description).toContain(`${passages} passages will no longer be quoted`);
    expect(buttonsOf(prompt).map((b) => b.label)).toEqual(['Remove', 'Keep it']);
    const remove = buttonLabelled(prompt, /^Remove$/);
    const keep = buttonLabelled(prompt, /^Keep it$/);
    expect(remove.custom_id).toBe(`corpus:remove:${KEEPER_ID}`);
    expect(keep.custom_id).toBe('corpus:cancel');
    const message = await confirm.waitForOriginal();
    expect(await snapshot(h.corpusDir)).toEqual(before);

    // Keep it.
    const kept = await h.fake.sendInteraction({ kind: 'button', customId: keep.custom_id, message: message.id, ...moderator(h) }).waitForCallback();
    expect(kept.type).toBe(InteractionResponseType.UpdateMessage);
    expect(messageOf(kept).content).toMatch(/Kept\. Nothing was removed\./);
    expect(messageOf(kept).components).toEqual([]);
    expect(await snapshot(h.corpusDir)).toEqual(before);
    expect((await answer(h, KEEPER_QUESTION)).source).toContain(KEEPER_TITLE);

    // Ask again, and Remove.
    const again = corpusCommand(h, 'remove', [opt.string('article', KEEPER_ID)]);
    const againData = messageOf(await again.waitForCallback());
    const againMessage = await again.waitForOriginal();
    const press = h.fake.sendInteraction({ kind: 'button', customId: buttonLabelled(againData, /^Remove$/).custom_id, message: againMessage.id, ...moderator(h) });
    const pressed = await press.waitForCallback();
    expect(pressed.type).toBe(InteractionResponseType.UpdateMessage);
    expect(messageOf(pressed).components).toEqual([]);
    const done = await press.waitForOriginal((m) => m.content.startsWith('Removed'));
    expect(done.content).toContain(`Removed **${KEEPER_TITLE}** (${passages} passages).`);
    // Said once: no "Removed (1)" list repeating the title, no "No articles changed".
    expect(done.content.split(KEEPER_TITLE)).toHaveLength(2);
    expect(done.content).not.toMatch(/Removed \(1\)|No articles changed/);
    expect(done.content).toMatch(/\n\n5 articles, \d+ passages \(was \d+\)\./);
    expect(done.components).toEqual([]);
    expect(((h.fake.message(againMessage.id)?.flags ?? 0) & EPHEMERAL) === EPHEMERAL).toBe(true);

    // On disk: gone from the folder, kept under .removed/, audited.
    expect(await articleFiles(h.corpusDir)).toEqual(await articleFiles(CORPUS_DIR));
    const removed = await readdir(join(h.corpusDir, '.removed'));
    expect(removed).toHaveLength(1);
    expect(removed[0]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d-]+Z-${KEEPER_FILE.replace('.', '\\.')}$`));
    expect(await readFile(join(h.corpusDir, '.removed', removed[0]!), 'utf8')).toBe(KEEPER);
    expect((await readdir(h.corpusDir)).filter((f) => f.startsWith('.')).sort()).toEqual(['.audit.jsonl', '.removed']);
    expect(await auditLines(h.corpusDir)).toEqual([
      { who: 'reader', whoId: h.fake.defaultUser.id, when: expect.any(String), action: 'remove', article: KEEPER_ID, title: KEEPER_TITLE, from: KEEPER_FILE },
    ]);

    // In Discord: not listed, not quoted.
    expect(await sourcesText(h)).not.toContain(KEEPER_TITLE);
    const after = await answer(h, KEEPER_QUESTION);
    expect(after.text).not.toContain('Orla Fenwick');
    expect(after.source).not.toContain(KEEPER_TITLE);
    expect(h.bot.context.story.catalog.article(KEEPER_ID)).toBeUndefined();
  });

  it('a double click on Remove removes once, and neither press says the article does not exist', async () => {
    const prompt = corpusCommand(h, 'remove', [opt.string('article', KEEPER_ID)]);
    const data = messageOf(await prompt.waitForCallback());
    const message = await prompt.waitForOriginal();
    const customId = buttonLabelled(data, /^Remove$/).custom_id;
    const presses = [0, 1].map(() => h.fake.sendInteraction({ kind: 'button', customId, message: message.id, ...moderator(h) }));
    const edits = await Promise.all(presses.map((p) => p.waitForEdit((r) => !/^Removing/.test((r.body as { content?: string }).content ?? ''))));
    const contents = edits.map((e) => (e.body as { content: string }).content).sort();
    expect(contents[0]).toBe(`Already removed: “${KEEPER_ID}” is no longer in the corpus (see /sources).`);
    expect(contents[1]).toMatch(new RegExp(`^Removed \\*\\*${KEEPER_TITLE}\\*\\*`));
    expect(h.fake.message(message.id)?.content).not.toMatch(/there is no article/);
    expect(await readdir(join(h.corpusDir, '.removed'))).toHaveLength(1);
    expect((await auditLines(h.corpusDir)).map((a) => a.action)).toEqual(['remove']);
    expect(h.bot.context.story.catalog.articles).toHaveLength(5);
  });

  it('says so when the article is not there (anymore)', async () => {
    const callback = await corpusCommand(h, 'remove', [opt.string('article', 'no-such-article')]).waitForCallback();
    expect(isEphemeral(messageOf(callback))).toBe(true);
    expect(messageOf(callback).content).toMatch(/there is no article "no-such-article"/);
  });
});

// --- 7: members without Manage Server ----------------------------------------------------------

describe('a member without Manage Server', () => {
  let h: Harness;
  let before: Record<string, string>;
  beforeAll(async () => {
    h = await privateHarness({ [KEEPER_FILE]: KEEPER });
    before = await snapshot(h.corpusDir);
  });
  afterAll(async () => {
    await h?.stop();
  });
  afterEach(async () => {
    expectClean(h);
    expect(await snapshot(h.corpusDir)).toEqual(before);
    expect(h.bot.context.story.status()).toMatchObject({ articles: 6, refreshedBy: 'startup' });
  });

  function expectRefused(callback: { type: number; data?: unknown }) {
    expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const data = messageOf(callback as never);
    expect(isEphemeral(data)).toBe(true);
    expect(data.content).toMatch(/Only moderators/);
  }

  it('is refused for add by link and by file, before anything is fetched', async () => {
    const hits = site.hits.get(JUDGE_PATH) ?? 0;
    const byLink = addUrl(h, site.url(JUDGE_PATH), MEMBER);
    expectRefused(await byLink.waitForCallback());
    expect(byLink.webhookCalls).toEqual([]); // refused in the reply itself: no deferral, no edit
    expect(site.hits.get(JUDGE_PATH) ?? 0).toBe(hits);

    const { handle, attachment } = addFile(h, 'quill.md', QUILL_MD, MEMBER);
    expectRefused(await handle.waitForCallback());
    expect(h.fake.requests.some((r) => r.url === new URL(attachment.url).pathname)).toBe(false);
  });

  it('is refused for remove, and for a Remove button', async () => {
    expectRefused(await corpusCommand(h, 'remove', [opt.string('article', KEEPER_ID)], MEMBER).waitForCallback());
    const press = h.fake.sendInteraction({ kind: 'button', customId: `corpus:remove:${KEEPER_ID}`, ...MEMBER });
    expectRefused(await press.waitForCallback());
    expect(h.bot.context.story.catalog.article(KEEPER_ID)).toBeDefined();
  });

  it('gets no autocomplete choices', async () => {
    for (const typed of ['', 'lighthouse', KEEPER_ID]) {
      const callback = await h.fake
        .sendInteraction({ kind: 'autocomplete', name: 'corpus', options: [opt.subcommand('remove', [opt.string('article', typed, { focused: true })])], ...MEMBER })
        .waitForCallback();
      expect(callback.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
      expect(callback.data).toEqual({ choices: [] });
    }
  });
});

// --- 8: concurrent adds --------------------------------------------------------------------------

describe('adds at the same time', () => {
  let h!: Harness;
  eachTestWithPrivateHarness((started) => (h = started));

  it('two different pages: both are added, both files exist, the corpus has both', async () => {
    const other = { id: '1300000000000000888', username: 'second-mod' };
    const first = addUrl(h, site.url(JUDGE_PATH));
    const second = addUrl(h, site.url(AUDIT_PATH), moderator(h, other));
    const replies = await Promise.all([deferredFinal(first), deferredFinal(second)]);
    expect(replies.map((r) => r.embeds[0]?.title)).toEqual([`Added: ${JUDGE_TITLE}`, `Added: ${AUDIT_TITLE}`]);

    const added = (await articleFiles(h.corpusDir)).filter((f) => /^00[56]-/.test(f));
    expect(added).toHaveLength(2);
    const titles = await Promise.all(added.map(async (f) => (await readArticleFile(h.corpusDir, f)).meta.title));
    expect(titles.sort()).toEqual([JUDGE_TITLE, AUDIT_TITLE].sort());
    const ids = h.bot.context.story.catalog.articles.map((a) => a.id);
    expect(ids).toEqual(expect.arrayContaining(added.map((f) => f.replace(/\.md$/, ''))));
    expect(ids).toHaveLength(7);

    const audit = await auditLines(h.corpusDir);
    expect(audit.map((a) => [a.who, a.title]).sort()).toEqual(
      [
        ['reader', JUDGE_TITLE],
        ['second-mod', AUDIT_TITLE],
      ].sort(),
    );
    expect((await answer(h, JUDGE_QUESTION)).source).toContain(JUDGE_TITLE);
    expect((await answer(h, AUDIT_QUESTION)).source).toContain(AUDIT_TITLE);
  });

  it('the same page twice: one is added, the other is refused as a duplicate', async () => {
    const handles = [addUrl(h, site.url(AUDIT_PATH)), addUrl(h, site.url(AUDIT_PATH))];
    const replies = await Promise.all(handles.map(deferredFinal));
    const added = replies.filter((r) => r.embeds[0]?.title === `Added: ${AUDIT_TITLE}`);
    const refused = replies.filter((r) => /already in the corpus/.test(r.content));
    expect(added).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.content).toContain(AUDIT_TITLE);
    expect((await articleFiles(h.corpusDir)).filter((f) => /^00[56]-/.test(f))).toHaveLength(1);
    expect(await auditLines(h.corpusDir)).toHaveLength(1);
    expect(h.bot.context.story.catalog.articles).toHaveLength(6);
  });
});

// --- 9: restart ----------------------------------------------------------------------------------

describe('a restart', () => {
  let h!: Harness;
  eachTestWithPrivateHarness((started) => (h = started), { [KEEPER_FILE]: KEEPER });

  it('keeps the added article, keeps the removed one gone, and keeps the audit log', async () => {
    await deferredFinal(addUrl(h, site.url(JUDGE_PATH)));
    const prompt = corpusCommand(h, 'remove', [opt.string('article', KEEPER_ID)]);
    const promptData = messageOf(await prompt.waitForCallback());
    const press = h.fake.sendInteraction({
      kind: 'button',
      customId: buttonLabelled(promptData, /^Remove$/).custom_id,
      message: (await prompt.waitForOriginal()).id,
      ...moderator(h),
    });
    await press.waitForOriginal((m) => m.content.startsWith('Removed'));
    const audit = await auditLines(h.corpusDir);
    expect(audit.map((a) => a.action)).toEqual(['add', 'remove']);
    const onDisk = await snapshot(h.corpusDir);

    const oldClient = h.bot.client;
    const identifies = h.fake.gateway.identifies;
    await h.restart();
    expect(h.bot.client).not.toBe(oldClient);
    expect(h.bot.client.isReady()).toBe(true);
    expect(h.fake.gateway.identifies).toBe(identifies + 1);
    expect(h.bot.context.story.status()).toMatchObject({ articles: 6, refreshedBy: 'startup' });

    const judge = await answer(h, JUDGE_QUESTION);
    expect(judge.source).toContain(JUDGE_TITLE);
    const keeper = await answer(h, KEEPER_QUESTION);
    expect(keeper.text).not.toContain('Orla Fenwick');
    const sources = await sourcesText(h);
    expect(sources).toContain(JUDGE_TITLE);
    expect(sources).not.toContain(KEEPER_TITLE);
    expect(sources).toMatch(/Sources: 6 articles/);

    // The restart changed nothing on disk; the log has both lines, and the next change appends.
    expect(await snapshot(h.corpusDir)).toEqual(onDisk);
    await deferredFinal(addUrl(h, site.url(AUDIT_PATH)));
    expect((await auditLines(h.corpusDir)).map((a) => [a.action, a.title])).toEqual([
      ['add', JUDGE_TITLE],
      ['remove', KEEPER_TITLE],
      ['add', AUDIT_TITLE],
    ]);
    expect(await auditLines(h.corpusDir).then((a) => a.slice(0, 2))).toEqual(audit);
  });
});

// --- 10: /ask during a refresh -------------------------------------------------------------------

describe('/ask during /corpus refresh', () => {
  let h!: Harness;
  eachTestWithPrivateHarness((started) => (h = started));
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /**
   * Holds the next refresh before its worker starts on it, until `release` is called;
   * `started` resolves when the refresh is asked of the worker.
   */
  function holdRefresh(): { started: Promise<void>; release: () => void } {
    const refresh = StoryWorker.prototype.refresh;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let asked!: () => void;
    const started = new Promise<void>((resolve) => (asked = resolve));
    vi.spyOn(StoryWorker.prototype, 'refresh').mockImplementation(async function (this: StoryWorker, ...args: Parameters<StoryWorker['refresh']>) {
      asked();
      await gate;
      return refresh.apply(this, args);
    });
    return { started, release };
  }

  it('answers from the current corpus until the refresh is done', async () => {
    await writeFile(join(h.corpusDir, KEEPER_FILE), KEEPER);
    // Held until the /ask is answered.
    const { started, release } = holdRefresh();

    const refresh = corpusCommand(h, 'refresh');
    expect((await refresh.waitForCallback()).type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    await started;

    const during = ask(h, 'Who signed the memorandum of understanding?');
    const answered = await during.waitForCallback();
    expect(answered.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(embedOf(messageOf(answered)).description).toContain('Bessent');
    const keeperDuring = await answer(h, KEEPER_QUESTION);
    expect(keeperDuring.text).toContain(ABSTAIN);
    // The refresh is still under way.
    expect(refresh.original && isFinal(refresh.original)).toBe(false);
    expect(h.bot.context.story.status().refreshedBy).toBe('startup');

    release();
    const done = await finalReply(refresh);
    expect(done.embeds[0]?.title).toBe('Corpus refreshed');
    expect(done.embeds[0]?.description).toContain(KEEPER_TITLE);
    expect((await answer(h, KEEPER_QUESTION)).source).toContain(KEEPER_TITLE);
  });

  it('answers while a real refresh of a larger corpus builds in its worker', async () => {
    // 60 more articles, built for real by the story's worker, in steps between which it answers the
    // /ask: asked after the refresh began, it is answered before the refresh ends, however fast the machine.
    const originals = await articleFiles(CORPUS_DIR);
    for (let i = 0; i < 60; i++) {
      const text = await readFile(join(CORPUS_DIR, originals[i % originals.length]!), 'utf8');
      await writeFile(join(h.corpusDir, `${100 + i}-copy.md`), `${text.replace(/^title: "/m, `title: "Copy ${i}: `)}\nCopy ${i} adds one line of its own.\n`);
    }
    const { started, release } = holdRefresh();
    const refresh = corpusCommand(h, 'refresh');
    await refresh.waitForCallback();
    await started;
    release();
    const during = await ask(h, 'Who signed the memorandum of understanding?').waitForCallback();
    expect(embedOf(messageOf(during)).description).toContain('Bessent');
    const done = await finalReply(refresh, 20_000);
    // The answer reached Discord before the refresh's result did.
    const edit = await refresh.waitForEdit((r) => isFinal(r.response as never));
    expect(during.request.seq).toBeLessThan(edit.seq);
    expect(done.embeds[0]?.description).toMatch(/^65 articles/m);
  });
});
