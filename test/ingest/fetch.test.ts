import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestError, type IngestErrorCode } from '../../src/ingest/errors.js';
import { fetchFile, fetchPage, parseHttpUrl, type FetchOptions, type ResolvedAddress } from '../../src/ingest/fetch.js';
import { closedPort, HUGE_BYTES, JUDGE_PATH, startNewsSite, type NewsSite } from './server.js';

let site: NewsSite;
beforeAll(async () => {
  site = await startNewsSite();
});
afterAll(async () => {
  await site.close();
});

/** The local site is on loopback: tests that are not about the address check allow it. */
const LOCAL: FetchOptions = { allowPrivate: true };

async function failure(promise: Promise<unknown>): Promise<IngestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IngestError);
  const ingest = error as IngestError;
  expect(ingest.message.startsWith('ingest: ')).toBe(true);
  return ingest;
}

async function expectCode(promise: Promise<unknown>, code: IngestErrorCode): Promise<IngestError> {
  const error = await failure(promise);
  expect(error.code, error.message).toBe(code);
  return error;
}

/** A resolver for made-up names; it answers from `table` and counts its calls. */
function fakeResolver(table: Record<string, string[] | (() => string[])>) {
  const calls: string[] = [];
  const resolve = async (host: string): Promise<ResolvedAddress[]> => {
    calls.push(host);
    const entry = table[host];
    if (!entry) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    const list = typeof entry === 'function' ? entry() : entry;
    return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { resolve, calls };
}

describe('fetchPage', () => {
  describe('when the page is a good HTML page', () => {
    it('returns its text, type, charset and final URL', async () => {
      const page = await fetchPage(site.url(JUDGE_PATH), LOCAL);
      expect(page.status).toBe(200);
      expect(page.contentType).toBe('text/html');
      expect(page.charset).toBe('utf-8');
      expect(page.url).toBe(site.url(JUDGE_PATH));
      expect(page.redirects).toEqual([]);
      expect(page.text).toContain('Judge Eleanor Whitcombe');
      expect(page.bytes).toBe(Buffer.byteLength(page.text));
    });

    it('decompresses a gzip-encoded page', async () => {
      const page = await fetchPage(site.url('/gzip'), LOCAL);
      expect(page.text).toContain('Judge Eleanor Whitcombe');
    });

    it('decodes the charset the server declares', async () => {
      const page = await fetchPage(site.url('/latin1'), LOCAL);
      expect(page.charset).toBe('windows-1252');
      expect(page.text).toContain('café déjà vu');
    });

    it('accepts text/plain', async () => {
      const page = await fetchPage(site.url('/reports/advocate.txt'), LOCAL);
      expect(page.contentType).toBe('text/plain');
      expect(page.text.startsWith('Taxpayer advocate warns')).toBe(true);
    });
  });

  describe('when the link is not usable', () => {
    it.each([
      ['ftp://example.com/story'],
      ['javascript:alert(1)'],
      ['file:///etc/passwd'],
      ['not a link'],
      ['//example.com/no-scheme'],
      ['http://user:secret@example.com/story'],
      [`https://example.com/${'a'.repeat(2100)}`],
    ])('refuses %s with bad-url, before any request', async (url) => {
      await expectCode(fetchPage(url, LOCAL), 'bad-url');
    });

    it('takes a link in Discord angle brackets', () => {
      expect(parseHttpUrl(' <https://Example.com/a?b=1> ').href).toBe('https://example.com/a?b=1');
    });
  });

  describe('when the server answers with an error', () => {
    it('says the status for a 404', async () => {
      const error = await expectCode(fetchPage(site.url('/missing'), LOCAL), 'http-status');
      expect(error.message).toBe('ingest: the page answered 404 Not Found');
    });

    it('says the status for a 503', async () => {
      const error = await expectCode(fetchPage(site.url('/error'), LOCAL), 'http-status');
      expect(error.message).toContain('503 Service Unavailable');
    });
  });

  describe('when the page is slow', () => {
    it('gives up with timeout when the answer does not come in time', async () => {
      const started = performance.now();
      const error = await expectCode(fetchPage(site.url('/slow'), { ...LOCAL, timeoutMs: 300 }), 'timeout');
      expect(performance.now() - started).toBeLessThan(2500);
      expect(error.message).toBe('ingest: the page took longer than 0.3 s to load');
    });

    it('gives up with timeout when the body trickles in', async () => {
      const started = performance.now();
      await expectCode(fetchPage(site.url('/slow-body'), { ...LOCAL, timeoutMs: 400 }), 'timeout');
      expect(performance.now() - started).toBeLessThan(2500);
    });
  });

  describe('when the page is too large', () => {
    it('refuses a declared length over the limit without reading it', async () => {
      const error = await expectCode(fetchPage(site.url('/huge-declared'), LOCAL), 'too-large');
      expect(error.message).toBe('ingest: the page is larger than 2048 KiB');
    });

    it('stops reading a streamed body at the limit', async () => {
      await expectCode(fetchPage(site.url('/huge-streamed'), { ...LOCAL, maxBytes: 256 * 1024 }), 'too-large');
      await expectCode(fetchPage(site.url('/huge-streamed'), LOCAL), 'too-large');
    });

    it('counts the decompressed size (a small gzip that inflates to 3 MiB)', async () => {
      await expectCode(fetchPage(site.url('/huge-gzip'), LOCAL), 'too-large');
    });

    it('accepts the same body under a larger limit', async () => {
      const page = await fetchPage(site.url('/huge-streamed'), { ...LOCAL, maxBytes: HUGE_BYTES });
      expect(page.bytes).toBe(HUGE_BYTES);
    });
  });

  describe('when the page is not HTML or text', () => {
    it('refuses an image with not-html', async () => {
      const error = await expectCode(fetchPage(site.url('/image.png'), LOCAL), 'not-html');
      expect(error.message).toContain('image/png');
    });

    it('refuses a page without a content type', async () => {
      await expectCode(fetchPage(site.url('/untyped'), LOCAL), 'not-html');
    });
  });

  describe('when the page redirects', () => {
    it('follows a redirect to the page', async () => {
      const page = await fetchPage(site.url('/moved'), LOCAL);
      expect(page.requestedUrl).toBe(site.url('/moved'));
      expect(page.url).toBe(site.url(JUDGE_PATH));
      expect(page.redirects).toEqual([site.url(JUDGE_PATH)]);
      expect(page.text).toContain('Whitcombe');
    });

    it('follows five redirects', async () => {
      const page = await fetchPage(site.url('/hop/4'), LOCAL);
      expect(page.redirects).toHaveLength(5);
    });

    it('refuses a sixth with too-many-redirects', async () => {
      const error = await expectCode(fetchPage(site.url('/hop/5'), LOCAL), 'too-many-redirects');
      expect(error.message).toContain('more than 5 times');
    });

    it('stops a redirect loop after the limit', async () => {
      site.hits.clear();
      await expectCode(fetchPage(site.url('/loop/a'), LOCAL), 'too-many-redirects');
      expect((site.hits.get('/loop/a') ?? 0) + (site.hits.get('/loop/b') ?? 0)).toBe(6);
    });

    it('honours a lower redirect limit', async () => {
      await expectCode(fetchPage(site.url('/hop/1'), { ...LOCAL, maxRedirects: 1 }), 'too-many-redirects');
    });

    it('refuses a redirect to another scheme with bad-url', async () => {
      await expectCode(fetchPage(site.url('/redirect-ftp'), LOCAL), 'bad-url');
    });

    it('refuses a redirect without a Location', async () => {
      const error = await expectCode(fetchPage(site.url('/redirect-no-location'), LOCAL), 'http-status');
      expect(error.message).toContain('302 Found');
    });
  });

  describe('when the site cannot be reached', () => {
    it('says unreachable for a refused connection', async () => {
      const port = await closedPort();
      const error = await expectCode(fetchPage(`http://127.0.0.1:${port}/`, LOCAL), 'unreachable');
      expect(error.message).toBe('ingest: 127.0.0.1 refused the connection');
    });

    it('says unreachable for an unknown host name', async () => {
      const { resolve } = fakeResolver({});
      const error = await expectCode(fetchPage('http://no-such-host.test/story', { ...LOCAL, resolve }), 'unreachable');
      expect(error.message).toBe('ingest: the site no-such-host.test could not be found');
    });
  });

  describe('when the link leads to a local or private address (allowPrivate false)', () => {
    it.each([
      ['127.0.0.1', (p: number) => `http://127.0.0.1:${p}${JUDGE_PATH}`],
      ['localhost', (p: number) => `http://localhost:${p}${JUDGE_PATH}`],
      ['[::1]', (p: number) => `http://[::1]:${p}${JUDGE_PATH}`],
      ['[::ffff:127.0.0.1]', (p: number) => `http://[::ffff:127.0.0.1]:${p}${JUDGE_PATH}`],
      ['2130706433 (127.0.0.1 as a number)', (p: number) => `http://2130706433:${p}${JUDGE_PATH}`],
      ['0x7f.1 (127.0.0.1 in hex)', (p: number) => `http://0x7f.1:${p}${JUDGE_PATH}`],
      ['0.0.0.0', (p: number) => `http://0.0.0.0:${p}${JUDGE_PATH}`],
    ])('refuses %s with blocked-address and sends no request', async (_name, link) => {
      site.hits.clear();
      const error = await expectCode(fetchPage(link(site.port)), 'blocked-address');
      expect(error.message).toContain('local or private network address');
      expect(site.hits.size).toBe(0);
    });

    it('refuses a host name that resolves to a private address', async () => {
      const { resolve, calls } = fakeResolver({ 'intranet.test': ['127.0.0.1'] });
      await expectCode(fetchPage(`http://intranet.test:${site.port}/`, { resolve }), 'blocked-address');
      expect(calls).toEqual(['intranet.test']);
    });

    it('refuses a name when any one of its addresses is not allowed', async () => {
      const { resolve } = fakeResolver({ 'mixed.test': ['127.0.0.1', '127.0.0.2'] });
      const onlyFirst = (a: string) => a === '127.0.0.1';
      await expectCode(fetchPage(`http://mixed.test:${site.port}/`, { resolve, isAllowedAddress: onlyFirst }), 'blocked-address');
    });

    it('checks every redirect again (IP literal, mapped IPv6, and a name)', async () => {
      // Only 127.0.0.1 counts as "public" here, so the first hop is allowed and the redirect is not.
      const onlyFirst = (a: string) => a === '127.0.0.1';
      const { resolve } = fakeResolver({ 'evil.test': ['127.0.0.3'] });
      for (const target of [`http://127.0.0.2:${site.port}/`, `http://[::ffff:127.0.0.2]:${site.port}/`, `http://evil.test:${site.port}/`]) {
        site.hits.clear();
        await expectCode(fetchPage(site.url(`/redirect?to=${encodeURIComponent(target)}`), { resolve, isAllowedAddress: onlyFirst }), 'blocked-address');
        expect([...site.hits.keys()]).toEqual([`/redirect?to=${encodeURIComponent(target)}`]);
      }
    });

    it('connects to the address it checked, resolving the name once per hop (no DNS rebinding)', async () => {
      let answers = 0;
      // The first answer is allowed; every later one would be refused.
      const { resolve, calls } = fakeResolver({ 'news.test': () => (answers++ === 0 ? ['127.0.0.1'] : ['127.0.0.2']) });
      const onlyFirst = (a: string) => a === '127.0.0.1';
      const page = await fetchPage(`http://news.test:${site.port}${JUDGE_PATH}`, { resolve, isAllowedAddress: onlyFirst });
      expect(page.text).toContain('Whitcombe');
      expect(calls).toEqual(['news.test']);

      answers = 0;
      calls.length = 0;
      await expectCode(fetchPage(`http://news.test:${site.port}/moved`, { resolve, isAllowedAddress: onlyFirst }), 'blocked-address');
      expect(calls).toEqual(['news.test', 'news.test']);
    });

    it('fetches loopback when allowPrivate is set', async () => {
      const page = await fetchPage(`http://localhost:${site.port}${JUDGE_PATH}`, { allowPrivate: true });
      expect(page.status).toBe(200);
    });
  });
});

describe('fetchFile (attachments)', () => {
  it('downloads any type of file as bytes', async () => {
    const file = await fetchFile(site.url('/image.png'), LOCAL);
    expect(file.contentType).toBe('image/png');
    expect(file.body.toString('hex')).toBe('89504e470d0a1a0a0000000d49484452');
  });

  it('keeps the size limit and the address check', async () => {
    await expectCode(fetchFile(site.url('/huge-declared'), LOCAL), 'too-large');
    await expectCode(fetchFile(site.url('/image.png')), 'blocked-address');
  });
});
