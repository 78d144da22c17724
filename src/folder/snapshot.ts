/**
 * A built story as bytes: the articles, their passages, the index and the
 * checked autocomplete questions. Saved in a cache folder (see `open.ts`) so a
 * restart need not analyse every passage again; a story host that built it
 * hands the bytes to be saved when the bot's thread asks.
 *
 * Layout: a fixed header, the fingerprint, then the payload, the built parts
 * written with `node:v8` `serialize`. Nothing is decoded until the header, the
 * lengths and a sha256 over everything but the checksum itself agree, so a
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
 */
import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import { AnswerEngine } from '../answer/engine.js';
import { sharedLexicon } from '../lexicon/load.js';
import type { Article, Corpus, CorpusProblem, Passage, PassageKind } from '../corpus/types.js';
import type { Acronym } from '../search/analyze.js';
import type { IndexParts } from '../search/index.js';
import type { Story } from './build.js';

const MAGIC = new TextEncoder().encode('storydesk-index\n');
/** Bump when the payload's shape or meaning changes. 1 was the hand-made layout, without a checksum. */
const FORMAT = 2;
const HEADER_BYTES = 64;
const CHECKSUM_AT = 32;
const MAX_FINGERPRINT_BYTES = 1024;
const KINDS: readonly PassageKind[] = ['text', 'tweet'];

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
  suggestions: string[];
  problems: CorpusProblem[];
}

function payloadOf(story: Story): Payload {
  const { engine } = story;
  const { articles, passages } = engine.corpus;
  const parts = engine.index.toParts();
  const articleOrdinal = new Map(articles.map((a, i) => [a.id, i]));
  const headingOrdinal = new Map(parts.headingTerms.map(([heading], i) => [heading, i]));
  const bodies = articles.map((a) => {
    // UTF-8 cannot carry a lone surrogate: such a body would come back changed.
    if (/\p{Surrogate}/u.test(a.body)) throw new Error(`snapshot: article ${a.id} holds a lone surrogate`);
    return Buffer.from(a.body, 'utf8');
  });
  const payload: Payload = {
    articles: articles.map(({ body: _body, ...meta }) => meta),
    bodies: Buffer.concat(bodies),
    bodyBytes: Uint32Array.from(bodies, (b) => b.byteLength),
    passageArticle: new Uint32Array(passages.length),
    passageParagraph: new Uint32Array(passages.length),
    passageStart: new Uint32Array(passages.length),
    passageEnd: new Uint32Array(passages.length),
    passageKind: new Uint8Array(passages.length),
    passageHeading: new Int32Array(passages.length),
    parts,
    acronyms: engine.acronyms,
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
  }
  return payload;
}

/** The sha256 that guards a snapshot: of its first 32 bytes, its fingerprint and its payload. */
function checksum(fixed: Uint8Array, fingerprint: Uint8Array, payload: Uint8Array): Buffer {
  return createHash('sha256').update(fixed).update(fingerprint).update(payload).digest();
}

/** Encodes a built story. Synchronous work: meant for a worker thread or a command-line run. */
export function encodeSnapshot(story: Story): Uint8Array {
  const payload = serialize(payloadOf(story));
  const fingerprint = new TextEncoder().encode(story.fingerprint);
  if (fingerprint.byteLength > MAX_FINGERPRINT_BYTES) throw new Error('snapshot: the fingerprint is too long');
  const out = new Uint8Array(HEADER_BYTES + fingerprint.byteLength + payload.byteLength);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(16, FORMAT, true);
  view.setUint32(20, fingerprint.byteLength, true);
  view.setBigUint64(24, BigInt(payload.byteLength), true);
  out.set(fingerprint, HEADER_BYTES);
  out.set(payload, HEADER_BYTES + fingerprint.byteLength);
  out.set(checksum(out.subarray(0, CHECKSUM_AT), fingerprint, payload), CHECKSUM_AT);
  return out;
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
    const p = deserialize(payload) as Payload;
    const articles = restoreArticles(p);
    const corpus: Corpus = { dir, articles, passages: restorePassages(p, articles) };
    // Views into the file's buffer would keep all of it alive: the index keeps copies.
    const { parts } = p;
    const kept: IndexParts = {
      ...parts,
      postingStart: parts.postingStart.slice(),
      postingDocs: parts.postingDocs.slice(),
      postingTfs: parts.postingTfs.slice(),
      fieldLength: [parts.fieldLength[0].slice(), parts.fieldLength[1].slice()],
      docTermBytes: parts.docTermBytes.slice(),
      docTermStart: parts.docTermStart.slice(),
    };
    const engine = AnswerEngine.restore(corpus, p.acronyms, kept, { lexicon: sharedLexicon() });
    engine.adoptSuggestions(p.suggestions);
    return { fingerprint, engine, suggester: engine.suggestions, problems: p.problems };
  } catch (error) {
    // Whole and checksummed, yet unreadable (another Node, or a bug): a rebuild all the same.
    if (error instanceof SnapshotError) throw error;
    throw new SnapshotError(`snapshot: cannot decode: ${error instanceof Error ? error.message : String(error)}`);
  }
}
