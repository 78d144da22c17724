import { createHash } from 'node:crypto';
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildStory, type Story } from '../../src/folder/build.js';
import { isSnapshotFile, openStory, snapshotPath } from '../../src/folder/open.js';
import { decodeSnapshot, encodingSnapshot, snapshotFingerprint, SnapshotError } from '../../src/folder/snapshot.js';
import { allSteps } from '../../src/text/steps.js';
import { LiveStory } from '../../src/runtime/live-story.js';
import { FIXTURE_CORPORA, QUESTIONS, REAL_CORPUS_DIR, useCorpusCopy } from '../core/helpers.js';

/** A story's snapshot file as one array (the bot writes its parts one after another). */
function encodeSnapshot(story: Story): Uint8Array {
  const parts = allSteps(encodingSnapshot(story));
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/** Everything a user can observe of a story: its articles, passages, answers and suggestions. */
function observable(story: Story) {
  return {
    fingerprint: story.fingerprint,
    problems: story.problems,
    articles: story.engine.articles,
    passages: story.engine.corpus.passages,
    acronyms: story.engine.acronyms,
    suggestions: story.suggester.questions,
    answers: QUESTIONS.map((q) => story.engine.ask(q, { top: 5 })),
    explained: QUESTIONS.slice(0, 10).map((q) => story.engine.explain(q)),
  };
}

/** The answers to a fixed set of questions: what a damaged snapshot must never change. */
const FIXED_QUESTIONS = QUESTIONS.slice(0, 12);
const answersOf = (story: Story) => FIXED_QUESTIONS.map((q) => story.engine.ask(q, { top: 5 }));

/** A temp cache folder for each test of the block, at `.dir`, removed after it. */
function useCacheDir(): { dir: string } {
  const cache = { dir: '' };
  beforeEach(async () => {
    cache.dir = await mkdtemp(join(tmpdir(), 'storydesk-cache-'));
  });
  afterEach(async () => {
    await rm(cache.dir, { recursive: true, force: true });
  });
  return cache;
}

describe('index snapshot', () => {
  let built: Story;
  let bytes: Uint8Array;
  beforeAll(async () => {
    built = await buildStory(REAL_CORPUS_DIR);
    bytes = await encodeSnapshot(built);
  });

  it('restores a story that answers every question exactly as the one it was made from', async () => {
    const restored = await decodeSnapshot(bytes, REAL_CORPUS_DIR);
    expect(observable(restored)).toEqual(observable(built));
    expect(restored.suggester.suggest('who')).toEqual(built.suggester.suggest('who'));
  });

  it('keeps headings, tweets and left-out files of a mixed corpus', async () => {
    const mixed = await buildStory(join(FIXTURE_CORPORA, 'mixed'));
    expect(mixed.problems.length).toBeGreaterThan(0);
    expect(mixed.engine.corpus.passages.some((p) => p.heading)).toBe(true);
    const restored = await decodeSnapshot(await encodeSnapshot(mixed), mixed.engine.corpus.dir);
    expect(observable(restored)).toEqual(observable(mixed));
  });

  it('reads its fingerprint from the header alone', () => {
    expect(snapshotFingerprint(bytes)).toBe(built.fingerprint);
    expect(built.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('decodes from a buffer at an odd offset (a pooled Buffer)', async () => {
    const shifted = new Uint8Array(bytes.byteLength + 3);
    shifted.set(bytes, 3);
    const restored = await decodeSnapshot(shifted.subarray(3), REAL_CORPUS_DIR);
    expect(restored.engine.ask('Who signed the memo?').answer).toBe(built.engine.ask('Who signed the memo?').answer);
  });

  describe('refuses a damaged file with a SnapshotError, never a wrong index', () => {
    const damaged = (name: string, damage: (copy: Uint8Array) => Uint8Array, message: RegExp) =>
      it(name, async () => {
        expect(() => decodeSnapshot(damage(bytes.slice()), REAL_CORPUS_DIR)).toThrow(SnapshotError);
        expect(() => decodeSnapshot(damage(bytes.slice()), REAL_CORPUS_DIR)).toThrow(message);
      });
    const flip = (at: number) => (copy: Uint8Array) => {
      copy[at]! ^= 0x01;
      return copy;
    };
    damaged('not a snapshot at all', () => new TextEncoder().encode('# just a markdown file\n'), /not a storydesk index snapshot/);
    damaged('an empty file', () => new Uint8Array(0), /not a storydesk index snapshot/);
    damaged('the first format, without a checksum', () => new TextEncoder().encode('storydesk-index 1 5\n{"no"'), /not a storydesk index snapshot/);
    damaged('another format', flip(16), /format 5, this version reads 4/);
    damaged('cut off in the header', (copy) => copy.subarray(0, 60), /not a storydesk index snapshot/);
    damaged('cut off in the payload', (copy) => copy.subarray(0, copy.byteLength - 1000), /truncated/);
    damaged('one byte too long', (copy) => Uint8Array.of(...copy, 0), /truncated/);
    damaged('a payload length that lies', flip(24), /truncated/);
    damaged('one bit flipped in the checksum', flip(40), /checksum/);
    damaged('one bit flipped in the fingerprint', flip(70), /checksum/);
    damaged('one bit flipped in the payload', (copy) => flip(copy.byteLength - 7)(copy), /checksum/);
  });

  it('refuses a whole, checksummed payload that does not decode (another Node, or a bug) with a SnapshotError', async () => {
    const fingerprint = new TextEncoder().encode(built.fingerprint);
    const payload = Uint8Array.of(0xff, 0x0f, 0x6f, 0x7b); // a v8 object that never ends
    const file = new Uint8Array(64 + fingerprint.byteLength + payload.byteLength);
    const view = new DataView(file.buffer);
    file.set(bytes.subarray(0, 20)); // magic and format
    view.setUint32(20, fingerprint.byteLength, true);
    view.setBigUint64(24, BigInt(payload.byteLength), true);
    file.set(fingerprint, 64);
    file.set(payload, 64 + fingerprint.byteLength);
    file.set(createHash('sha256').update(file.subarray(0, 32)).update(fingerprint).update(payload).digest(), 32);
    expect(() => decodeSnapshot(file, REAL_CORPUS_DIR)).toThrow(SnapshotError);
    expect(() => decodeSnapshot(file, REAL_CORPUS_DIR)).toThrow(/^snapshot: cannot decode: /);
  });

  /** Restores the story or refuses it; either way, says which. */
  async function restoreOrRefuse(copy: Uint8Array): Promise<'refused' | 'identical' | 'different'> {
    try {
      const restored = await decodeSnapshot(copy, REAL_CORPUS_DIR);
      return JSON.stringify(answersOf(restored)) === JSON.stringify(answersOf(built)) ? 'identical' : 'different';
    } catch (error) {
      if (error instanceof SnapshotError) return 'refused';
      throw error;
    }
  }

  it('never answers differently after a byte is flipped, at every header byte and every 97th byte', async () => {
    const offsets = [...Array.from({ length: 64 + built.fingerprint.length }, (_, i) => i)];
    for (let at = 0; at < bytes.byteLength; at += 97) offsets.push(at);
    offsets.push(bytes.byteLength - 1);
    const outcomes = { refused: 0, identical: 0, different: 0 };
    for (const at of offsets) {
      const copy = bytes.slice();
      copy[at] = copy[at]! ^ 0xff;
      outcomes[await restoreOrRefuse(copy)]++;
    }
    // With the checksum, every flip is caught before anything is decoded.
    expect(outcomes).toEqual({ refused: offsets.length, identical: 0, different: 0 });
    expect(offsets.length).toBeGreaterThan(bytes.byteLength / 97);
  });

  it('never answers differently when truncated, at every 97th length', async () => {
    for (let length = 0; length < bytes.byteLength; length += 97) {
      expect(await restoreOrRefuse(bytes.subarray(0, length))).toBe('refused');
    }
  });

  it('never answers differently whatever bytes are overwritten (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: bytes.byteLength - 1 }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }),
        async (edits) => {
          const copy = bytes.slice();
          for (const [at, xor] of edits) copy[at] = copy[at]! ^ xor;
          const outcome = await restoreOrRefuse(copy);
          // Edits that cancel out leave the file whole, and it restores identically.
          expect(outcome).toBe(copy.every((b, i) => b === bytes[i]) ? 'identical' : 'refused');
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('openStory', () => {
  const copy = useCorpusCopy();
  const cache = useCacheDir();
  let notes: string[];
  beforeEach(() => {
    notes = [];
  });
  const open = (options: Parameters<typeof openStory>[1] = {}) =>
    openStory(copy.dir, { snapshotDir: cache.dir, onSnapshotNote: (n) => notes.push(n), ...options });
  const saved = () => snapshotPath(copy.dir, cache.dir);

  it('builds and saves a snapshot in the cache folder the first time, and starts from it the next', async () => {
    const before = (await readdir(copy.dir)).sort();
    const first = await open();
    expect(first.from).toBe('build');
    expect((await stat(saved())).size).toBeGreaterThan(1000);
    expect(dirname(saved())).toBe(cache.dir);
    const second = await open();
    expect(second.from).toBe('snapshot');
    expect(observable(second.story)).toEqual(observable(first.story));
    expect(notes).toEqual([]);
    // Nothing was written into the corpus folder.
    expect((await readdir(copy.dir)).sort()).toEqual(before);
  });

  it('keeps the snapshot under .cache/storydesk in the working directory by default', async () => {
    const path = snapshotPath(copy.dir);
    expect(dirname(path)).toBe(join(process.cwd(), '.cache', 'storydesk'));
    await openStory(copy.dir);
    expect(snapshotFingerprint(await readFile(path))).toMatch(/^[0-9a-f]{64}$/);
    expect((await readdir(copy.dir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('names a snapshot for its corpus folder, so two corpora never share one', async () => {
    const other = join(await mkdtemp(join(tmpdir(), 'storydesk-other-')), 'corpus');
    try {
      expect(snapshotPath(join(copy.dir, 'corpus'), cache.dir)).not.toBe(snapshotPath(other, cache.dir));
      expect(snapshotPath(copy.dir, cache.dir)).toBe(snapshotPath(`${copy.dir}/`, cache.dir));
      await cp(copy.dir, other, { recursive: true });
      await rm(join(other, '000-irs-begins-sharing-taxpayer-data.md'));
      const a = await open();
      const b = await openStory(other, { snapshotDir: cache.dir });
      expect((await open()).from).toBe('snapshot');
      expect((await openStory(other, { snapshotDir: cache.dir })).from).toBe('snapshot');
      expect(a.story.engine.articles).toHaveLength(5);
      expect(b.story.engine.articles).toHaveLength(4);
      expect((await readdir(cache.dir)).filter(isSnapshotFile)).toHaveLength(2);
    } finally {
      await rm(dirname(other), { recursive: true, force: true });
    }
  });

  it('answers from a read-only corpus folder, and writes nothing into it', async () => {
    const before = (await readdir(copy.dir)).sort();
    for (const name of before) await chmod(join(copy.dir, name), 0o444);
    await chmod(copy.dir, 0o555);
    try {
      const first = await open();
      expect(first.from).toBe('build');
      expect(first.story.engine.ask('Who signed the memo?').passages.length).toBeGreaterThan(0);
      expect((await open()).from).toBe('snapshot');
      expect(notes).toEqual([]);
      expect((await readdir(copy.dir)).sort()).toEqual(before);
    } finally {
      await chmod(copy.dir, 0o755);
    }
  });

  it.each([
    ['an article is edited', (d: string) => writeFile(join(d, '002-irs-sending-private-tax-files.md'), '---\ntitle: "Edited"\n---\nThe lighthouse keeper Orla Fenwick was hired.\n')],
    ['an article is added', (d: string) => writeFile(join(d, '005-new.md'), 'The lighthouse keeper Orla Fenwick was hired by the IRS.\n')],
    ['an article is removed', (d: string) => rm(join(d, '000-irs-begins-sharing-taxpayer-data.md'))],
    ['an unusable file appears', (d: string) => writeFile(join(d, 'broken.md'), '---\ntitle: [\n---\nbody\n')],
  ])('rebuilds when %s, and answers from the files as they are', async (_name, change) => {
    await open();
    await change(copy.dir);
    const reopened = await open();
    expect(reopened.from).toBe('build');
    expect(notes).toEqual([expect.stringMatching(/changed since the index was saved/)]);
    const fresh = await buildStory(copy.dir);
    expect(observable(reopened.story)).toEqual(observable(fresh));
    // And the new snapshot is the one used next time.
    expect((await open()).from).toBe('snapshot');
  });

  it('rebuilds over a whole snapshot with a stale fingerprint', async () => {
    const story = await buildStory(copy.dir);
    await mkdir(cache.dir, { recursive: true });
    await writeFile(saved(), await encodeSnapshot({ ...story, fingerprint: '0'.repeat(64) }));
    const opened = await open();
    expect(opened.from).toBe('build');
    expect(notes).toEqual([expect.stringMatching(/^snapshot: the corpus files or storydesk changed since the index was saved; rebuilding$/)]);
    expect(snapshotFingerprint(await readFile(saved()))).toBe(story.fingerprint);
  });

  it.each([
    ['one byte flipped in its payload', (b: Buffer) => b.map((x, i) => (i === b.byteLength - 100 ? x ^ 0x20 : x))],
    ['one byte flipped in its header', (b: Buffer) => b.map((x, i) => (i === 20 ? x ^ 0x01 : x))],
    ['cut short', (b: Buffer) => b.subarray(0, b.byteLength >> 1)],
    ['the first format', () => new TextEncoder().encode('storydesk-index 1 5\n{"no"')],
  ])('rebuilds over a snapshot %s, with one note, the same answers, and replaces it', async (_name, damage) => {
    const first = await open();
    await writeFile(saved(), damage(await readFile(saved())));
    const opened = await open();
    expect(opened.from).toBe('build');
    expect(notes).toEqual([expect.stringMatching(/^snapshot: .*; rebuilding$/)]);
    expect(observable(opened.story)).toEqual(observable(first.story));
    expect(snapshotFingerprint(await readFile(saved()))).toBe(opened.story.fingerprint);
    expect((await open()).from).toBe('snapshot');
  });

  it('neither reads nor writes a snapshot when turned off', async () => {
    await writeFile(saved(), 'not a snapshot');
    const opened = await open({ snapshot: false });
    expect(opened.from).toBe('build');
    expect(await readFile(saved(), 'utf8')).toBe('not a snapshot');
    expect(notes).toEqual([]);
  });

  it('clears snapshot temp files a crashed save left over an hour ago, and keeps a fresh one (a save in progress)', async () => {
    const name = (pid: number, random: string) => `.${snapshotPath(copy.dir, cache.dir).split('/').at(-1)}.${pid}.${random}.tmp`;
    const stale = join(cache.dir, name(4242, 'aaaaaaaaaaaa'));
    const fresh = join(cache.dir, name(4243, 'bbbbbbbbbbbb'));
    await writeFile(stale, 'half a snapshot');
    await writeFile(fresh, 'half a snapshot');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(stale, twoHoursAgo, twoHoursAgo);
    await open();
    expect((await readdir(cache.dir)).filter(isSnapshotFile).sort()).toEqual([name(4243, 'bbbbbbbbbbbb'), saved().split('/').at(-1)]);
  });

  it('creates the cache folder it needs', async () => {
    const nested = join(cache.dir, 'a', 'b');
    await open({ snapshotDir: nested });
    expect((await open({ snapshotDir: nested })).from).toBe('snapshot');
    expect(await readdir(nested)).toEqual([snapshotPath(copy.dir, nested).split('/').at(-1)]);
  });

  it('notes a snapshot it cannot save and still opens', async () => {
    // A folder where the snapshot file should be: the rename onto it fails.
    await mkdir(join(saved(), 'x'), { recursive: true });
    const opened = await open();
    expect(opened.story.engine.articles).toHaveLength(5);
    expect(notes.join('\n')).toMatch(/^snapshot: could not save .*\.snapshot/m);
  });
});

describe('LiveStory with the worker and the snapshot', () => {
  const copy = useCorpusCopy();
  const cache = useCacheDir();

  it('saves the refreshed story, in the configured cache folder, as the snapshot the next start uses', async () => {
    const story = await LiveStory.open(copy.dir, { snapshotDir: cache.dir });
    await writeFile(join(copy.dir, '005-keeper.md'), '---\ntitle: "IRS hires a lighthouse keeper"\n---\nThe IRS hired a lighthouse keeper, Orla Fenwick.\n');
    const report = await story.refresh('mod');
    expect(report.added.map((a) => a.id)).toEqual(['005-keeper']);
    await story.close(); // waits for the save
    const notes: string[] = [];
    const restarted = await openStory(copy.dir, { snapshotDir: cache.dir, onSnapshotNote: (n) => notes.push(n) });
    expect(restarted.from).toBe('snapshot');
    expect(notes).toEqual([]);
    expect(restarted.story.engine.ask('Who is the lighthouse keeper?').answer).toContain('Orla Fenwick');
    expect((await readdir(copy.dir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});
