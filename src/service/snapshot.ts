/**
 * A built story as bytes: the articles, their passages, the index and the
 * checked autocomplete questions. Saved next to the corpus so a restart need not
 * analyse every passage again; a story host that built it hands the bytes to the
 * bot's thread (transferred, not copied) to be saved.
 *
 * Layout: one ASCII line `storydesk-index <format> <header bytes>`, a JSON header,
 * then 8-byte-aligned sections: strings as lines (raw, or JSON where a string may
 * hold a newline) and little-endian typed arrays.
 */
import { TimeSlicer } from '../async/slices.js';
import { StoryEngine } from '../answer/engine.js';
import { Suggester } from '../answer/suggest.js';
import type { Article, Corpus, CorpusProblem, Passage, PassageKind } from '../corpus/types.js';
import type { IndexParts } from '../search/index.js';
import { packUtf8 } from '../text/packed.js';
import { z } from 'zod';
import { sharedLexicon } from '../lexicon/load.js';

const SIGNATURE = 'storydesk-index';
/** Bump when the layout or the meaning of a section changes. */
const FORMAT = 1;
const ALIGN = 8;
const KINDS: readonly PassageKind[] = ['text', 'tweet'];

/** A snapshot that cannot be used (corrupt, truncated, another format): rebuild instead. */
export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

export interface BuiltStory {
  /** What the story was built from: see `fingerprint.ts`. */
  fingerprint: string;
  engine: StoryEngine;
  suggester: Suggester;
  /** Files left out of the corpus, and why. */
  problems: CorpusProblem[];
}

const SECTION_NAMES = [
  'articles',
  'bodyBytes',
  'bodyByteStart',
  'bodyLength',
  'passageArticle',
  'passageParagraph',
  'passageStart',
  'passageEnd',
  'passageKind',
  'passageHeading',
  'headings',
  'headingTerms',
  'terms',
  'postingStart',
  'postingDocs',
  'postingTfs',
  'textLength',
  'headingLength',
  'docTermBytes',
  'docTermStart',
] as const;
type SectionName = (typeof SECTION_NAMES)[number];

const count = z.number().int().nonnegative();
const headerSchema = z.object({
  format: z.literal(FORMAT),
  fingerprint: z.string(),
  articles: count,
  passages: count,
  terms: count,
  headings: count,
  avgFieldLength: z.tuple([z.number(), z.number()]),
  problems: z.array(z.object({ file: z.string(), problem: z.string() })),
  acronyms: z.array(z.object({ term: z.string(), longForm: z.string(), stems: z.array(z.string()) })),
  suggestions: z.array(z.string()),
  sections: z.record(z.enum(SECTION_NAMES), z.tuple([count, count])),
});
type Header = z.infer<typeof headerSchema>;

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function rawLines(strings: readonly string[], what: string): Uint8Array {
  for (const s of strings) if (s.includes('\n')) throw new Error(`snapshot: a line of ${what} holds a newline`);
  return new TextEncoder().encode(strings.length === 0 ? '' : `${strings.join('\n')}\n`);
}

function jsonLines(values: readonly unknown[]): Uint8Array {
  return rawLines(values.map((v) => JSON.stringify(v)), 'JSON');
}

/** Article bodies as one UTF-8 run, with each body's byte offset and its length in UTF-16 units. */
async function encodeBodies(articles: readonly Article[]): Promise<[SectionName, Uint8Array][]> {
  const { bytes, start } = await packUtf8(articles.map((a) => a.body));
  return [
    ['bodyBytes', bytes],
    ['bodyByteStart', bytesOf(start)],
    ['bodyLength', bytesOf(Uint32Array.from(articles, (a) => a.body.length))],
  ];
}

const bytesOf = (array: ArrayBufferView) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
const padded = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

/** Encodes a built story. Mostly synchronous: meant for a worker thread or a command-line run. */
export async function encodeSnapshot(story: BuiltStory): Promise<Uint8Array> {
  if (!littleEndian) throw new Error('snapshot: big-endian machines are not supported');
  const { engine } = story;
  const { articles, passages } = engine.corpus;
  const parts = engine.index.toParts();
  const articleOrdinal = new Map(articles.map((a, i) => [a.id, i]));
  const headingOrdinal = new Map(parts.headingTerms.map(([heading], i) => [heading, i]));
  const passageArticle = new Uint32Array(passages.length);
  const passageParagraph = new Uint32Array(passages.length);
  const passageStart = new Uint32Array(passages.length);
  const passageEnd = new Uint32Array(passages.length);
  const passageKind = new Uint8Array(passages.length);
  const passageHeading = new Int32Array(passages.length);
  const seenInArticle = new Map<string, number>();
  for (let i = 0; i < passages.length; i++) {
    const p = passages[i]!;
    const ordinal = articleOrdinal.get(p.articleId);
    const n = (seenInArticle.get(p.articleId) ?? 0) + 1;
    seenInArticle.set(p.articleId, n);
    // Texts and ids are rebuilt from these numbers, so check that they can be.
    if (ordinal === undefined || p.id !== `${p.articleId}#${n}` || articles[ordinal]!.body.slice(p.start, p.end) !== p.text) {
      throw new Error(`snapshot: passage ${p.id} cannot be rebuilt from its article`);
    }
    passageArticle[i] = ordinal;
    passageParagraph[i] = p.paragraph;
    passageStart[i] = p.start;
    passageEnd[i] = p.end;
    passageKind[i] = KINDS.indexOf(p.kind);
    passageHeading[i] = p.heading === undefined ? -1 : (headingOrdinal.get(p.heading) ?? -1);
    if (p.heading !== undefined && passageHeading[i] === -1) throw new Error(`snapshot: passage ${p.id} has a heading the index never saw`);
  }
  const sections: [SectionName, Uint8Array][] = [
    ['articles', jsonLines(articles.map(({ body: _body, ...meta }) => meta))],
    ...(await encodeBodies(articles)),
    ['passageArticle', bytesOf(passageArticle)],
    ['passageParagraph', bytesOf(passageParagraph)],
    ['passageStart', bytesOf(passageStart)],
    ['passageEnd', bytesOf(passageEnd)],
    ['passageKind', bytesOf(passageKind)],
    ['passageHeading', bytesOf(passageHeading)],
    ['headings', jsonLines(parts.headingTerms.map(([heading]) => heading))],
    ['headingTerms', rawLines(parts.headingTerms.map(([, terms]) => terms), 'heading terms')],
    ['terms', rawLines(parts.terms, 'terms')],
    ['postingStart', bytesOf(parts.postingStart)],
    ['postingDocs', bytesOf(parts.postingDocs)],
    ['postingTfs', bytesOf(parts.postingTfs)],
    ['textLength', bytesOf(parts.fieldLength[0])],
    ['headingLength', bytesOf(parts.fieldLength[1])],
    ['docTermBytes', parts.docTermBytes],
    ['docTermStart', bytesOf(parts.docTermStart)],
  ];
  const offsets: Partial<Header['sections']> = {};
  let size = 0;
  for (const [name, bytes] of sections) {
    offsets[name] = [size, bytes.byteLength];
    size = padded(size + bytes.byteLength);
  }
  const header: Header = {
    format: FORMAT,
    fingerprint: story.fingerprint,
    articles: articles.length,
    passages: passages.length,
    terms: parts.terms.length,
    headings: parts.headingTerms.length,
    avgFieldLength: parts.avgFieldLength,
    problems: story.problems,
    acronyms: engine.acronyms,
    suggestions: story.suggester.questions,
    sections: offsets as Header['sections'],
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const first = new TextEncoder().encode(`${SIGNATURE} ${FORMAT} ${headerBytes.byteLength}\n`);
  const dataStart = padded(first.byteLength + headerBytes.byteLength);
  const out = new Uint8Array(dataStart + size);
  out.set(first, 0);
  out.set(headerBytes, first.byteLength);
  for (const [name, bytes] of sections) out.set(bytes, dataStart + offsets[name]![0]);
  return out;
}

interface Located {
  header: Header;
  dataStart: number;
}

function locate(bytes: Uint8Array): Located {
  const newline = bytes.subarray(0, 64).indexOf(10);
  const first = new TextDecoder().decode(bytes.subarray(0, Math.max(0, newline)));
  const match = /^storydesk-index (\d+) (\d+)$/.exec(first);
  if (newline < 0 || !match) throw new SnapshotError('snapshot: not a storydesk index snapshot');
  if (Number(match[1]) !== FORMAT) throw new SnapshotError(`snapshot: format ${match[1]}, this version reads ${FORMAT}`);
  const headerEnd = newline + 1 + Number(match[2]);
  if (headerEnd > bytes.byteLength) throw new SnapshotError('snapshot: truncated header');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes.subarray(newline + 1, headerEnd)));
  } catch {
    throw new SnapshotError('snapshot: the header is not valid JSON');
  }
  const header = headerSchema.safeParse(json);
  if (!header.success) throw new SnapshotError(`snapshot: bad header: ${header.error.issues[0]?.message ?? 'invalid'}`);
  return { header: header.data, dataStart: padded(headerEnd) };
}

/** The fingerprint a snapshot was built for, read from its header only. */
export function snapshotFingerprint(bytes: Uint8Array): string {
  return locate(bytes).header.fingerprint;
}

class SectionReader {
  constructor(
    private readonly bytes: Uint8Array,
    private readonly located: Located,
    private readonly slicer: TimeSlicer,
  ) {}

  raw(name: SectionName): Uint8Array {
    const range = this.located.header.sections[name];
    if (!range) throw new SnapshotError(`snapshot: section ${name} is missing`);
    const [offset, length] = range;
    const start = this.located.dataStart + offset;
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset % ALIGN !== 0 || start + length > this.bytes.byteLength) {
      throw new SnapshotError(`snapshot: section ${name} lies outside the file`);
    }
    return this.bytes.subarray(start, start + length);
  }

  /** A typed array over the section's bytes, valid while the snapshot buffer is: for what is used while decoding. */
  view<T>(name: SectionName, Type: { new (buffer: ArrayBufferLike, offset: number, length: number): T; BYTES_PER_ELEMENT: number }, count: number): T {
    const raw = this.raw(name);
    if (raw.byteLength !== count * Type.BYTES_PER_ELEMENT) throw new SnapshotError(`snapshot: section ${name} has the wrong size`);
    return new Type(raw.buffer, raw.byteOffset, count);
  }

  /** A copy of the section, for what the index keeps: a view would keep the whole snapshot buffer alive. */
  copy<T extends { slice(): T }>(name: SectionName, Type: { new (buffer: ArrayBufferLike, offset: number, length: number): T; BYTES_PER_ELEMENT: number }, count: number): T {
    return this.view(name, Type, count).slice();
  }

  /** Newline-terminated lines, decoded a slice at a time. */
  async lines(name: SectionName, count: number): Promise<string[]> {
    const raw = this.raw(name);
    const decoder = new TextDecoder();
    const out: string[] = [];
    for (let pos = 0; pos < raw.byteLength; ) {
      const cut = raw.indexOf(10, Math.min(raw.byteLength - 1, pos + 256 * 1024));
      const end = cut < 0 ? raw.byteLength : cut + 1;
      const chunk = decoder.decode(raw.subarray(pos, end)).split('\n');
      chunk.pop(); // after the last newline
      for (const line of chunk) out.push(line);
      pos = end;
      await this.slicer.maybePause();
    }
    if (out.length !== count) throw new SnapshotError(`snapshot: section ${name} has ${out.length} lines, not ${count}`);
    return out;
  }

  async json<T>(name: SectionName, count: number): Promise<T[]> {
    const lines = await this.lines(name, count);
    const out: T[] = new Array<T>(lines.length);
    try {
      for (let i = 0; i < lines.length; i++) {
        out[i] = JSON.parse(lines[i]!) as T;
        if ((i & 63) === 63) await this.slicer.maybePause();
      }
    } catch (error) {
      if (error instanceof SyntaxError) throw new SnapshotError(`snapshot: section ${name} holds invalid JSON`);
      throw error;
    }
    return out;
  }
}

async function checkAscending(table: Uint32Array, what: string, slicer: TimeSlicer): Promise<void> {
  for (let k = 1; k < table.length; k++) {
    if (table[k]! < table[k - 1]!) throw new SnapshotError(`snapshot: ${what} out of order`);
    if ((k & 0xffff) === 0) await slicer.maybePause();
  }
}

/** Bytes of bodies decoded at once: a string this long is allocated outside the young generation. */
const BODY_BLOCK_BYTES = 512 * 1024;

/**
 * The articles with their bodies. Bodies are decoded a block at a time into one
 * long string and sliced from it, so the garbage collector never copies 40 MB of
 * text from the young generation while the bot is answering.
 */
async function readArticles(read: SectionReader, count: number, slicer: TimeSlicer): Promise<Article[]> {
  const metas = await read.json<Omit<Article, 'body'>>('articles', count);
  const bodyByteStart = read.view('bodyByteStart', Uint32Array, count + 1);
  const bodyLength = read.view('bodyLength', Uint32Array, count);
  const bodyBytes = read.view('bodyBytes', Uint8Array, bodyByteStart[count] ?? 0);
  await checkAscending(bodyByteStart, 'article bodies', slicer);
  const decoder = new TextDecoder();
  const articles: Article[] = new Array<Article>(count);
  for (let first = 0; first < count; ) {
    let last = first + 1;
    while (last < count && bodyByteStart[last]! - bodyByteStart[first]! < BODY_BLOCK_BYTES) last++;
    const block = decoder.decode(bodyBytes.subarray(bodyByteStart[first], bodyByteStart[last]));
    let at = 0;
    for (let a = first; a < last; a++) {
      const end = at + bodyLength[a]!;
      if (end > block.length) throw new SnapshotError('snapshot: an article body is cut short');
      articles[a] = { ...metas[a]!, body: block.slice(at, end) };
      at = end;
    }
    if (at !== block.length) throw new SnapshotError('snapshot: article bodies do not add up');
    first = last;
    await slicer.maybePause();
  }
  return articles;
}

/** Every table is in order and every posting names a real passage, so a damaged file cannot derail a query. */
async function checkTables(parts: IndexParts, passages: number, slicer: TimeSlicer): Promise<void> {
  const { postingStart, postingDocs } = parts;
  await checkAscending(postingStart, 'posting table', slicer);
  await checkAscending(parts.docTermStart, 'passage terms', slicer);
  for (let k = 0; k < postingDocs.length; k++) {
    const doc = postingDocs[k]!;
    if (doc < 0 || doc >= passages) throw new SnapshotError('snapshot: a posting names no passage');
    if ((k & 0xffff) === 0xffff) await slicer.maybePause();
  }
}

/**
 * Rebuilds a story from snapshot bytes, yielding to the event loop every few
 * milliseconds (a story kept in the calling thread keeps answering meanwhile).
 * @throws {SnapshotError} when the bytes are not a whole snapshot of this format.
 */
export async function decodeSnapshot(input: Uint8Array, dir: string): Promise<BuiltStory> {
  if (!littleEndian) throw new SnapshotError('snapshot: big-endian machines are not supported');
  // Typed-array views need aligned offsets; a pooled Buffer may not be.
  const bytes = input.byteOffset % ALIGN === 0 ? input : input.slice();
  const located = locate(bytes);
  const { header } = located;
  const slicer = new TimeSlicer();
  const read = new SectionReader(bytes, located, slicer);
  const n = header.passages;
  const articles = await readArticles(read, header.articles, slicer);
  const headings = await read.json<string>('headings', header.headings);
  const headingTerms = await read.lines('headingTerms', header.headings);
  const passageArticle = read.view('passageArticle', Uint32Array, n);
  const passageParagraph = read.view('passageParagraph', Uint32Array, n);
  const passageStart = read.view('passageStart', Uint32Array, n);
  const passageEnd = read.view('passageEnd', Uint32Array, n);
  const passageKind = read.view('passageKind', Uint8Array, n);
  const passageHeading = read.view('passageHeading', Int32Array, n);
  const passages: Passage[] = new Array<Passage>(n);
  const seenInArticle = new Uint32Array(articles.length);
  for (let i = 0; i < n; i++) {
    const a = passageArticle[i]!;
    const article = articles[a];
    const kind = KINDS[passageKind[i]!];
    const h = passageHeading[i]!;
    if (!article || !kind || h >= headings.length || passageEnd[i]! > article.body.length) throw new SnapshotError(`snapshot: passage ${i} is out of range`);
    const passage: Passage = {
      id: `${article.id}#${++seenInArticle[a]!}`,
      articleId: article.id,
      paragraph: passageParagraph[i]!,
      start: passageStart[i]!,
      end: passageEnd[i]!,
      text: article.body.slice(passageStart[i], passageEnd[i]),
      kind,
    };
    if (h >= 0) passage.heading = headings[h]!;
    passages[i] = passage;
    if ((i & 255) === 255) await slicer.maybePause();
  }
  // One section at a time, with a chance to yield after each: copying tens of megabytes takes milliseconds.
  const step = async <T>(make: () => T): Promise<T> => {
    const value = make();
    await slicer.maybePause();
    return value;
  };
  const terms = header.terms;
  const parts: IndexParts = {
    terms: await read.lines('terms', terms),
    postingStart: await step(() => read.copy('postingStart', Uint32Array, terms * 2 + 1)),
    postingDocs: new Int32Array(0),
    postingTfs: new Uint16Array(0),
    fieldLength: [await step(() => read.copy('textLength', Uint16Array, n)), await step(() => read.copy('headingLength', Uint16Array, n))],
    avgFieldLength: header.avgFieldLength,
    docTermStart: await step(() => read.copy('docTermStart', Uint32Array, n + 1)),
    docTermBytes: new Uint8Array(0),
    headingTerms: headings.map((heading, i) => [heading, headingTerms[i]!]),
  };
  const entries = parts.postingStart[terms * 2] ?? 0;
  parts.postingDocs = await step(() => read.copy('postingDocs', Int32Array, entries));
  parts.postingTfs = await step(() => read.copy('postingTfs', Uint16Array, entries));
  parts.docTermBytes = await step(() => read.copy('docTermBytes', Uint8Array, parts.docTermStart[n] ?? 0));
  await checkTables(parts, n, slicer);
  const corpus: Corpus = { dir, articles, passages };
  const engine = await StoryEngine.restore(corpus, header.acronyms, parts, { lexicon: sharedLexicon() });
  engine.adoptSuggestions(header.suggestions);
  return { fingerprint: header.fingerprint, engine, suggester: engine.suggestions, problems: header.problems };
}
