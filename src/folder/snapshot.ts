/**
 * A built story as bytes: the articles, their passages, the index and the
 * checked autocomplete questions. Saved in a cache folder (see `open.ts`) so a
 * restart need not analyse every passage again; a story host that built it
 * hands the bytes to be saved when the bot's thread asks.
 *
 * Layout: a fixed header, the fingerprint, then the payload: the built parts'
 * small fields written with `node:v8` `serialize`, then their typed arrays as raw
 * bytes, each starting at a multiple of 8. Raw arrays are copied and hashed a few
 * MB at a time, so a story's worker can encode in steps between questions (one
 * `serialize` of 80 MB held it for 70 ms). Nothing is decoded until the header,
 * the lengths and a sha256 over everything but the checksum itself agree, so a
 * damaged or truncated file is refused, never read as a different story.
 *
 * | bytes     | what                                                        |
 * |-----------|-------------------------------------------------------------|
 * | 0–15      | `storydesk-index\n`                                         |
 * | 16–19     | format (uint32, little-endian)                              |
 * | 20–23     | fingerprint length in bytes (uint32)                        |
 * | 24–31     | payload length in bytes (uint64)                            |
 * | 32–63     | sha256 of bytes 0–31, the fingerprint and the payload       |
 * | 64–       | the fingerprint (UTF-8), then the payload                   |
 *
 * Payload: the length of the serialized small fields (uint32), those fields (the
 * {@link Payload} with each typed array replaced by its number in `blobs`), then
 * each typed array's bytes, little-endian as in memory, zero-padded to 8.
 */
import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import { AnswerEngine } from '../answer/engine.js';
import { sharedLexicon } from '../lexicon/load.js';
import type { Article, Corpus, CorpusProblem, Passage, PassageKind } from '../corpus/types.js';
import type { Acronym } from '../search/analyze.js';
import type { IndexParts } from '../search/index.js';
import type { Story } from './build.js';
import type { Steps } from '../text/steps.js';

const MAGIC = new TextEncoder().encode('storydesk-index\n');
/** Bump when the payload's shape or meaning changes. 1 was the hand-made layout, without a checksum; 2 serialized the typed arrays too. */
const FORMAT = 4;
const HEADER_BYTES = 64;
const CHECKSUM_AT = 32;
const MAX_FINGERPRINT_BYTES = 1024;
const KINDS: readonly PassageKind[] = ['text', 'tweet'];
/** Work between two steps of an encoding: bodies, passages, and bytes copied or hashed. */
const ARTICLES_A_STEP = 128;
const PASSAGES_A_STEP = 512;
const BYTES_A_STEP = 2 ** 21;
const ALIGN = 8;
const aligned = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

/** The typed arrays a payload holds, by constructor name. */
const ARRAY_TYPES = { Uint8Array, Uint16Array, Uint32Array, Int32Array } as const;
type ArrayType = keyof typeof ARRAY_TYPES;
type RawArray = InstanceType<(typeof ARRAY_TYPES)[ArrayType]>;
/** A typed array in the serialized fields: its number among the raw arrays. */
interface BlobRef {
  blob: number;
}
/** The serialized fields: the payload with its typed arrays taken out, and what they were. */
interface Fields {
  payload: Record<string, unknown>;
  blobs: { type: ArrayType; length: number }[];
}

/** A snapshot that cannot be used (corrupt, truncated, another format): rebuild instead. */
export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

/**
 * What `node:v8` writes. Bodies are UTF-8, as in the files (`v8` would write most as
 * UTF-16, twice the bytes to read and hash). Passages are columns pointing into their
 * article's body: their texts are its slices (`body.slice(start, end) === text`).
 */
interface Payload {
  articles: Omit<Article, 'body'>[];
  /** Every article's body as UTF-8, one after another. */
  bodies: Uint8Array;
  /** Each body's length in bytes. */
  bodyBytes: Uint32Array;
  passageArticle: Uint32Array;
  passageParagraph: Uint32Array;
  passageStart: Uint32Array;
  passageEnd: Uint32Array;
  passageKind: Uint8Array;
  /** Index into `parts.headingTerms`, or -1. */
  passageHeading: Int32Array;
  parts: IndexParts;
  acronyms: Acronym[];
  impliedAcronyms: Acronym[];
  suggestions: string[];
  problems: CorpusProblem[];
}

function* payloadOf(story: Story): Steps<Payload> {
  const { engine } = story;
  const { articles, passages } = engine.corpus;
  const parts = engine.index.toParts();
  const articleOrdinal = new Map(articles.map((a, i) => [a.id, i]));
  const headingOrdinal = new Map(parts.headingTerms.map(([heading], i) => [heading, i]));
  const bodyBytes = new Uint32Array(articles.length);
  for (const [i, a] of articles.entries()) {
    // UTF-8 cannot carry a lone surrogate: such a body would come back changed.
    if (!(a.body as string & { isWellFormed(): boolean }).isWellFormed()) throw new Error(`snapshot: article ${a.id} holds a lone surrogate`);
    bodyBytes[i] = Buffer.byteLength(a.body, 'utf8');
    if (i % ARTICLES_A_STEP === ARTICLES_A_STEP - 1) yield;
  }
  const bodies = new Uint8Array(bodyBytes.reduce((sum, n) => sum + n, 0));
  const encoder = new TextEncoder();
  for (let i = 0, at = 0; i < articles.length; i++) {
    encoder.encodeInto(articles[i]!.body, bodies.subarray(at, at + bodyBytes[i]!));
    at += bodyBytes[i]!;
    if (i % ARTICLES_A_STEP === ARTICLES_A_STEP - 1) yield;
  }
  const metas: Omit<Article, 'body'>[] = [];
  for (const { body: _body, ...meta } of articles) {
    metas.push(meta);
    if (metas.length % ARTICLES_A_STEP === 0) yield;
  }
  const payload: Payload = {
    articles: metas,
    bodies,
    bodyBytes,
    passageArticle: new Uint32Array(passages.length),
    passageParagraph: new Uint32Array(passages.length),
    passageStart: new Uint32Array(passages.length),
    passageEnd: new Uint32Array(passages.length),
    passageKind: new Uint8Array(passages.length),
    passageHeading: new Int32Array(passages.length),
    parts,
    acronyms: engine.acronyms,
    impliedAcronyms: [...engine.impliedAcronyms],
    suggestions: [...story.suggester.questions],
    problems: story.problems,
  };
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
    const heading = p.heading === undefined ? -1 : (headingOrdinal.get(p.heading) ?? -1);
    if (p.heading !== undefined && heading === -1) throw new Error(`snapshot: passage ${p.id} has a heading the index never saw`);
    payload.passageArticle[i] = ordinal;
    payload.passageParagraph[i] = p.paragraph;
    payload.passageStart[i] = p.start;
    payload.passageEnd[i] = p.end;
    payload.passageKind[i] = KINDS.indexOf(p.kind);
    payload.passageHeading[i] = heading;
    if (i % PASSAGES_A_STEP === PASSAGES_A_STEP - 1) yield;
  }
  return payload;
}

/** The sha256 that guards a snapshot: of its first 32 bytes, its fingerprint and its payload. */
function checksum(fixed: Uint8Array, fingerprint: Uint8Array, payload: Uint8Array): Buffer {
  return createHash('sha256').update(fixed).update(fingerprint).update(payload).digest();
}

const isRaw = (value: unknown): value is RawArray => ArrayBuffer.isView(value);

/**
 * `value` with each field that `is` one (a field, or a non-empty array of them) replaced by `swap`
 * of it, one object deep (the payload and its index parts). Used both ways: typed arrays out, back in.
 */
function swapFields<T>(value: Record<string, unknown>, is: (field: unknown) => field is T, swap: (field: T) => unknown, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (is(field)) out[key] = swap(field);
    else if (Array.isArray(field) && field.length > 0 && field.every(is)) out[key] = field.map(swap);
    else if (depth === 0 && field && typeof field === 'object' && !Array.isArray(field)) out[key] = swapFields(field as Record<string, unknown>, is, swap, 1);
    else out[key] = field;
  }
  return out;
}

/** The payload's small fields, each typed array replaced by a {@link BlobRef}; the arrays in `blobs`. */
function takeOutArrays(value: Record<string, unknown>, blobs: RawArray[]): Record<string, unknown> {
  return swapFields(value, isRaw, (array): BlobRef => ({ blob: blobs.push(array) - 1 }));
}

const isRef = (field: unknown): field is BlobRef => typeof field === 'object' && field !== null && typeof (field as BlobRef).blob === 'number' && Object.keys(field).length === 1;

function putBackArrays(value: Record<string, unknown>, arrays: readonly RawArray[]): Record<string, unknown> {
  return swapFields(value, isRef, ({ blob }) => {
    const array = arrays[blob];
    if (!array) throw new Error(`array ${blob} is missing`);
    return array;
  });
}

/** A raw array's type (a Buffer is a Uint8Array). */
const typeOf = (array: RawArray): ArrayType => {
  const type = (Object.keys(ARRAY_TYPES) as ArrayType[]).find((name) => array instanceof ARRAY_TYPES[name]);
  if (!type) throw new Error(`snapshot: cannot store a ${array.constructor.name}`);
  return type;
};

/**
 * Encodes a built story in steps (see `text/steps.ts`) of a few milliseconds each, as the parts
 * of the file in order: the header and small fields, then each typed array as a view of the
 * story's own (no copy: a built story never changes) and its padding. Write them one after another.
 */
export function* encodingSnapshot(story: Story): Steps<Uint8Array[]> {
  const payload = yield* payloadOf(story);
  const arrays: RawArray[] = [];
  const fields: Fields = { payload: takeOutArrays(payload as unknown as Record<string, unknown>, arrays), blobs: [] };
  fields.blobs = arrays.map((array) => ({ type: typeOf(array), length: array.length }));
  const serialized = serialize(fields);
  yield;
  const fingerprint = new TextEncoder().encode(story.fingerprint);
  if (fingerprint.byteLength > MAX_FINGERPRINT_BYTES) throw new Error('snapshot: the fingerprint is too long');
  const arraysAt = aligned(4 + serialized.byteLength);
  const payloadLength = arrays.reduce((at, array) => at + aligned(array.byteLength), arraysAt);
  const start = HEADER_BYTES + fingerprint.byteLength;
  const head = new Uint8Array(start + arraysAt);
  const view = new DataView(head.buffer);
  head.set(MAGIC, 0);
  view.setUint32(16, FORMAT, true);
  view.setUint32(20, fingerprint.byteLength, true);
  view.setBigUint64(24, BigInt(payloadLength), true);
  head.set(fingerprint, HEADER_BYTES);
  view.setUint32(start, serialized.byteLength, true);
  head.set(serialized, start + 4);
  const parts: Uint8Array[] = [head];
  for (const array of arrays) {
    parts.push(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    const padding = aligned(array.byteLength) - array.byteLength;
    if (padding > 0) parts.push(new Uint8Array(padding));
  }
  const hash = createHash('sha256').update(head.subarray(0, CHECKSUM_AT)).update(fingerprint);
  for (const [i, part] of parts.entries()) {
    const bytes = i === 0 ? part.subarray(start) : part;
    for (let at = 0; at < bytes.byteLength; at += BYTES_A_STEP) {
      hash.update(bytes.subarray(at, at + BYTES_A_STEP));
      yield;
    }
  }
  head.set(hash.digest(), CHECKSUM_AT);
  return parts;
}

/** The payload's fields and typed arrays (copies, so the file's buffer is not kept alive), from its bytes. */
function readPayload(bytes: Uint8Array): Payload {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fieldsLength = bytes.byteLength >= 4 ? view.getUint32(0, true) : Infinity;
  if (4 + fieldsLength > bytes.byteLength) throw new Error('the payload is shorter than its fields');
  const fields = deserialize(bytes.subarray(4, 4 + fieldsLength)) as Fields;
  let at = aligned(4 + fieldsLength);
  const arrays = fields.blobs.map(({ type, length }) => {
    const Type = ARRAY_TYPES[type];
    if (!Type) throw new Error(`unknown array type ${String(type)}`);
    const byteLength = length * Type.BYTES_PER_ELEMENT;
    if (at + byteLength > bytes.byteLength) throw new Error('an array runs past the end of the payload');
    // A copy (a Buffer's slice would be a view), aligned for its type.
    const array = new Type(new Uint8Array(bytes.subarray(at, at + byteLength)).buffer);
    at += aligned(byteLength);
    return array;
  });
  if (at !== bytes.byteLength) throw new Error('the payload is longer than its arrays');
  return putBackArrays(fields.payload, arrays) as unknown as Payload;
}

interface Framed {
  fingerprint: string;
  fingerprintBytes: Uint8Array;
  payload: Uint8Array;
}

/** The header's fields, with every length checked against the file's. Reads no payload byte. */
function frame(bytes: Uint8Array): Framed {
  if (bytes.byteLength < HEADER_BYTES || MAGIC.some((b, i) => bytes[i] !== b)) throw new SnapshotError('snapshot: not a storydesk index snapshot');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = view.getUint32(16, true);
  if (format !== FORMAT) throw new SnapshotError(`snapshot: format ${format}, this version reads ${FORMAT}`);
  const fingerprintLength = view.getUint32(20, true);
  const payloadLength = view.getBigUint64(24, true);
  if (fingerprintLength > MAX_FINGERPRINT_BYTES || BigInt(HEADER_BYTES + fingerprintLength) + payloadLength !== BigInt(bytes.byteLength)) {
    throw new SnapshotError('snapshot: truncated, or its lengths do not add up');
  }
  const fingerprintBytes = bytes.subarray(HEADER_BYTES, HEADER_BYTES + fingerprintLength);
  return {
    fingerprint: new TextDecoder().decode(fingerprintBytes),
    fingerprintBytes,
    payload: bytes.subarray(HEADER_BYTES + fingerprintLength),
  };
}

/**
 * The fingerprint a snapshot was built for, read from its header only.
 * @throws {SnapshotError} when the header is not a whole one of this format.
 */
export function snapshotFingerprint(bytes: Uint8Array): string {
  return frame(bytes).fingerprint;
}

function restoreArticles(p: Payload): Article[] {
  const bodies = Buffer.from(p.bodies.buffer, p.bodies.byteOffset, p.bodies.byteLength);
  let at = 0;
  return p.articles.map((meta, i) => {
    const end = at + p.bodyBytes[i]!;
    const body = bodies.toString('utf8', at, end);
    at = end;
    return { ...meta, body };
  });
}

function restorePassages(p: Payload, articles: readonly Article[]): Passage[] {
  const n = p.passageArticle.length;
  const headings = p.parts.headingTerms;
  const passages: Passage[] = new Array<Passage>(n);
  const seenInArticle = new Uint32Array(articles.length);
  for (let i = 0; i < n; i++) {
    const a = p.passageArticle[i]!;
    const article = articles[a];
    const kind = KINDS[p.passageKind[i]!];
    const h = p.passageHeading[i]!;
    if (!article || !kind || h >= headings.length || p.passageEnd[i]! > article.body.length) throw new SnapshotError(`snapshot: passage ${i} is out of range`);
    const passage: Passage = {
      id: `${article.id}#${++seenInArticle[a]!}`,
      articleId: article.id,
      paragraph: p.passageParagraph[i]!,
      start: p.passageStart[i]!,
      end: p.passageEnd[i]!,
      text: article.body.slice(p.passageStart[i], p.passageEnd[i]),
      kind,
    };
    if (h >= 0) passage.heading = headings[h]![0];
    passages[i] = passage;
  }
  return passages;
}

/**
 * Rebuilds a story from snapshot bytes. The checksum is verified before any byte
 * of the payload is decoded.
 * @throws {SnapshotError} when the bytes are not a whole, undamaged snapshot of this format.
 */
export function decodeSnapshot(bytes: Uint8Array, dir: string): Story {
  const { fingerprint, fingerprintBytes, payload } = frame(bytes);
  const expected = bytes.subarray(CHECKSUM_AT, HEADER_BYTES);
  if (!checksum(bytes.subarray(0, CHECKSUM_AT), fingerprintBytes, payload).equals(expected)) {
    throw new SnapshotError('snapshot: the checksum does not match (a damaged file)');
  }
  try {
    const p = readPayload(payload);
    const articles = restoreArticles(p);
    const corpus: Corpus = { dir, articles, passages: restorePassages(p, articles) };
    const engine = AnswerEngine.restore(corpus, p.acronyms, p.impliedAcronyms, p.parts, { lexicon: sharedLexicon() });
    engine.adoptSuggestions(p.suggestions);
    return { fingerprint, engine, suggester: engine.suggestions, problems: p.problems };
  } catch (error) {
    // Whole and checksummed, yet unreadable (another Node, or a bug): a rebuild all the same.
    if (error instanceof SnapshotError) throw error;
    throw new SnapshotError(`snapshot: cannot decode: ${error instanceof Error ? error.message : String(error)}`);
  }
}
