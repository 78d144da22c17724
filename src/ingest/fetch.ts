/**
 * Fetches one web page for a moderator's `/corpus add url:`, defensively: http(s)
 * only, a time limit over the whole fetch, a size limit, only HTML and text, at
 * most a few redirects (each one checked again), and by default only public
 * addresses.
 *
 * DNS rebinding: every hop resolves the host name once (`dns.promises.lookup`,
 * all addresses), checks every address, and then connects to the checked
 * address through a `lookup` function that returns only that address, so the
 * HTTP client never resolves the name a second time. TLS still verifies the
 * certificate against the host name (SNI and the `Host` header are the name's).
 * A host given as an IP literal is checked as is and never resolved.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, STATUS_CODES, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { isPublicAddress } from './address.js';
import { IngestError } from './errors.js';

export { classifyAddress, isPublicAddress, type AddressKind } from './address.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;
export const PAGE_TYPES = ['text/html', 'application/xhtml+xml', 'text/plain', 'text/markdown'] as const;
export type PageType = (typeof PAGE_TYPES)[number];

const MAX_URL_LENGTH = 2048;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const DEFAULT_USER_AGENT = 'storydesk/0.1 (Discord bot adding a news article a moderator linked to)';

export interface ResolvedAddress {
  address: string;
  family: number;
}

export interface FetchOptions {
  /** For the whole fetch, redirects included (default 10 000 ms). */
  timeoutMs?: number;
  /** Largest body accepted, after decompression (default 2 MiB). */
  maxBytes?: number;
  /** Redirects followed before giving up (default 5). */
  maxRedirects?: number;
  /** Let the link lead to loopback, private and other non-public addresses (config.allowPrivateUrls). */
  allowPrivate?: boolean;
  /**
   * Which resolved addresses may be connected to. Default: every address when
   * `allowPrivate`, else public unicast only ({@link isPublicAddress}). For tests.
   */
  isAllowedAddress?: (address: string) => boolean;
  /** Resolves a host name to all its addresses (default `dns.promises.lookup(host, {all: true})`). For tests. */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
  userAgent?: string;
}

export interface FetchedFile {
  requestedUrl: string;
  url: string;
  redirects: string[];
  status: number;
  /** The media type the server declared (lower case, no parameters; '' when none). */
  contentType: string;
  /** The declared charset, if any. */
  charset: string | undefined;
  /** The body (decompressed). */
  body: Buffer;
}

export interface FetchedPage {
  /** The link as given (normalized by the URL parser). */
  requestedUrl: string;
  /** Where the page was found, after redirects. */
  url: string;
  /** Every URL redirected to, in order (the last one is `url`). */
  redirects: string[];
  status: number;
  contentType: PageType;
  /** The character set the body was decoded from. */
  charset: string;
  /** The decoded body. */
  text: string;
  /** Body size in bytes (decompressed). */
  bytes: number;
}

/**
 * Parses a link a moderator typed: http or https, no user name or password.
 * Angle brackets (Discord's "no embed" syntax) and surrounding spaces are removed.
 * @throws {IngestError} 'bad-url'
 */
export function parseHttpUrl(input: string | URL): URL {
  const text = typeof input === 'string' ? input.trim().replace(/^<(.*)>$/s, '$1').trim() : input.href;
  if (text.length > MAX_URL_LENGTH) throw new IngestError('bad-url', `the link is too long (over ${MAX_URL_LENGTH} characters)`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new IngestError('bad-url', 'that is not a link (want something like https://example.com/news/story)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new IngestError('bad-url', 'only http and https links can be added');
  }
  if (url.username !== '' || url.password !== '') {
    throw new IngestError('bad-url', 'links with a user name or password cannot be added');
  }
  if (hostOf(url) === '') throw new IngestError('bad-url', 'the link has no host name');
  return url;
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(ms < 1000 ? 2 : 1))} s`;
}

/** Rejects with `error` once `signal` aborts; DNS lookups cannot be cancelled otherwise. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal, error: () => Error): Promise<T> {
  if (signal.aborted) return Promise.reject(error());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(error());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (reason: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(reason instanceof Error ? reason : new Error(String(reason)));
      },
    );
  });
}

async function defaultResolve(hostname: string): Promise<ResolvedAddress[]> {
  return dnsLookup(hostname, { all: true });
}

/** Resolves the URL's host and checks every address; returns the one to connect to. */
async function resolveChecked(url: URL, options: FetchOptions, signal: AbortSignal, onTimeout: () => Error): Promise<ResolvedAddress> {
  const host = hostOf(url);
  const family = isIP(host);
  const addresses: ResolvedAddress[] =
    family !== 0 ? [{ address: host, family }] : await abortable((options.resolve ?? defaultResolve)(host), signal, onTimeout);
  if (addresses.length === 0) throw new IngestError('unreachable', `the site ${host} could not be found`);
  const allowed = options.isAllowedAddress ?? (options.allowPrivate ? () => true : isPublicAddress);
  // Every address must pass: a name that also resolves to a private address is refused
  // rather than hoping the client picks the public one.
  if (addresses.some((a) => !allowed(a.address))) {
    throw new IngestError(
      'blocked-address',
      `the link leads to a local or private network address (${host}), which the bot does not fetch`,
    );
  }
  return addresses[0]!;
}

/** A `lookup` for http(s).request that answers only with the already checked address. */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  };
}

function requestOnce(url: URL, pinned: ResolvedAddress, options: FetchOptions, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise<IncomingMessage>((resolve, reject) => {
    const requestOptions: RequestOptions = {
      method: 'GET',
      protocol: url.protocol,
      hostname: hostOf(url),
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      headers: {
        'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
        accept: 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,text/markdown;q=0.8',
        'accept-encoding': 'gzip, deflate, br',
        'accept-language': 'en',
      },
      // A fresh connection for every request: a pooled socket is never reused for another hop.
      agent: false,
      lookup: pinnedLookup(pinned),
      signal,
    };
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(requestOptions);
    req.on('error', reject); // `on`, not `once`: a late second error must not go unhandled
    req.once('response', resolve);
    req.end();
  });
}

function discard(res: IncomingMessage): void {
  res.on('error', () => undefined);
  res.destroy();
}

function mediaType(res: IncomingMessage): { type: string; charset: string | undefined } {
  const header = res.headers['content-type'] ?? '';
  const [type = '', ...params] = header.split(';');
  let charset: string | undefined;
  for (const param of params) {
    const m = /^\s*charset\s*=\s*"?([^";\s]+)"?\s*$/i.exec(param);
    if (m) charset = m[1]!.toLowerCase();
  }
  return { type: type.trim().toLowerCase(), charset };
}

async function readBody(res: IncomingMessage, maxBytes: number, signal: AbortSignal, onTimeout: () => Error): Promise<Buffer> {
  const tooLarge = () => new IngestError('too-large', `the page is larger than ${Math.round(maxBytes / 1024)} KiB`);
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    discard(res);
    throw tooLarge();
  }
  const encoding = (res.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  let stream: Readable = res;
  if (encoding !== 'identity' && encoding !== '') {
    const decoder =
      encoding === 'gzip' || encoding === 'x-gzip'
        ? createGunzip()
        : encoding === 'deflate'
          ? createInflate()
          : encoding === 'br'
            ? createBrotliDecompress()
            : undefined;
    if (!decoder) {
      discard(res);
      throw new IngestError('not-html', 'the page is compressed in a way the bot cannot read');
    }
    res.on('error', (error) => decoder.destroy(error));
    stream = res.pipe(decoder);
  }
  const onAbort = () => {
    const error = onTimeout();
    res.destroy(error);
    stream.destroy(error);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buffer = chunk as Buffer;
      total += buffer.length;
      if (total > maxBytes) {
        // Stop reading here: the rest is never downloaded (or decompressed).
        res.destroy();
        stream.destroy();
        throw tooLarge();
      }
      chunks.push(buffer);
    }
  } catch (error) {
    if (stream !== res) res.destroy();
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return Buffer.concat(chunks, total);
}

/** Decodes a body by its declared charset, a byte-order mark, or an HTML `<meta charset>`; UTF-8 otherwise. */
export function decodeBody(body: Buffer, declared: string | undefined, type: string): { text: string; charset: string } {
  let label = declared;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) label = 'utf-8';
  else if (body[0] === 0xff && body[1] === 0xfe) label = 'utf-16le';
  else if (body[0] === 0xfe && body[1] === 0xff) label = 'utf-16be';
  else if (!label && (type === 'text/html' || type === 'application/xhtml+xml')) {
    const head = body.subarray(0, 4096).toString('latin1');
    label = /<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)/i.exec(head)?.[1]?.toLowerCase();
  }
  for (const candidate of [label, 'utf-8']) {
    if (!candidate) continue;
    try {
      const decoder = new TextDecoder(candidate);
      return { text: decoder.decode(body), charset: decoder.encoding };
    } catch {
      // an unknown label: fall back to UTF-8
    }
  }
  return { text: body.toString('utf8'), charset: 'utf-8' };
}

const UNREACHABLE: ReadonlyArray<[RegExp, (host: string) => string]> = [
  [/^(ENOTFOUND|EAI_AGAIN|EAI_NODATA|EAI_NONAME|EAI_FAIL)$/, (h) => `the site ${h} could not be found`],
  [/^ECONNREFUSED$/, (h) => `${h} refused the connection`],
  [/^(ECONNRESET|EPIPE)$/, (h) => `${h} closed the connection before the page was sent`],
  [/^(EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|EADDRNOTAVAIL)$/, (h) => `${h} cannot be reached`],
  [/^HPE_/, (h) => `${h} sent an answer that is not valid HTTP`],
  [/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|EPROTO/, (h) => `a secure connection to ${h} could not be made (its certificate or TLS setup is not valid)`],
];

function toIngestError(error: unknown, signal: AbortSignal, host: string, onTimeout: () => Error): IngestError {
  if (error instanceof IngestError) return error;
  if (signal.aborted) return onTimeout() as IngestError;
  const code = String((error as NodeJS.ErrnoException | undefined)?.code ?? '');
  const message = (error as Error | undefined)?.message ?? '';
  for (const [pattern, describe] of UNREACHABLE) {
    if (pattern.test(code)) return new IngestError('unreachable', `${describe(host)}`, { cause: error });
  }
  if (message === 'aborted' || code === 'ECONNABORTED') {
    return new IngestError('unreachable', `${host} closed the connection before the page was sent`, { cause: error });
  }
  return new IngestError('unreachable', `the page at ${host} could not be fetched`, { cause: error });
}

function statusText(status: number): string {
  const text = STATUS_CODES[status];
  return text ? `${status} ${text}` : String(status);
}

type TypeCheck = (type: string) => boolean;

async function fetchRaw(input: string | URL, options: FetchOptions, acceptType: TypeCheck): Promise<FetchedFile> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const first = parseHttpUrl(input);
  const signal = AbortSignal.timeout(timeoutMs);
  const onTimeout = () => new IngestError('timeout', `the page took longer than ${seconds(timeoutMs)} to load`);
  const redirects: string[] = [];
  let url = first;
  try {
    for (;;) {
      const pinned = await resolveChecked(url, options, signal, onTimeout);
      const res = await requestOnce(url, pinned, options, signal);
      const status = res.statusCode ?? 0;
      if (REDIRECT_STATUSES.has(status)) {
        const location = res.headers.location;
        discard(res);
        if (!location) throw new IngestError('http-status', `the page answered ${statusText(status)} without saying where to go`);
        if (redirects.length >= maxRedirects) {
          throw new IngestError('too-many-redirects', `the page redirected more than ${maxRedirects} times (a redirect loop?)`);
        }
        let next: URL;
        try {
          next = parseHttpUrl(new URL(location, url));
        } catch {
          throw new IngestError('bad-url', 'the page redirected to a link that is not http or https');
        }
        redirects.push(next.href);
        url = next;
        continue;
      }
      if (status < 200 || status > 299) {
        discard(res);
        const hint = status === 401 || status === 403 || status === 429 ? ' (the site may refuse bots or want a login; try attaching the page as a file)' : '';
        throw new IngestError('http-status', `the page answered ${statusText(status)}${hint}`);
      }
      const { type, charset } = mediaType(res);
      if (!acceptType(type)) {
        discard(res);
        const what = type === '' ? 'it did not say what it is' : `it is ${type.replace(/[^\w.+/-]/g, '').slice(0, 60)}`;
        throw new IngestError('not-html', `the link is not a web page or text (${what})`);
      }
      const body = await readBody(res, maxBytes, signal, onTimeout);
      return { requestedUrl: first.href, url: url.href, redirects, status, contentType: type, charset, body };
    }
  } catch (error) {
    throw toIngestError(error, signal, hostOf(url), onTimeout);
  }
}

/**
 * Fetches a page.
 * @throws {IngestError} with code 'bad-url', 'blocked-address', 'timeout', 'too-large',
 *   'not-html', 'http-status', 'too-many-redirects' or 'unreachable'; never anything else.
 */
export async function fetchPage(input: string | URL, options: FetchOptions = {}): Promise<FetchedPage> {
  const file = await fetchRaw(input, options, (type) => (PAGE_TYPES as readonly string[]).includes(type));
  const decoded = decodeBody(file.body, file.charset, file.contentType);
  return {
    requestedUrl: file.requestedUrl,
    url: file.url,
    redirects: file.redirects,
    status: file.status,
    contentType: file.contentType as PageType,
    charset: decoded.charset,
    text: decoded.text,
    bytes: file.body.length,
  };
}

/**
 * Downloads a file of any type with the same limits and address checks as
 * {@link fetchPage}: for a Discord attachment's URL, whose bytes then go to
 * `CorpusEditor.add({source: {fileName, content}})`.
 * @throws {IngestError} as fetchPage, but never 'not-html'.
 */
export function fetchFile(input: string | URL, options: FetchOptions = {}): Promise<FetchedFile> {
  return fetchRaw(input, options, () => true);
}
