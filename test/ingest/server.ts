/**
 * A local news site for the ingest tests, on 127.0.0.1 only: the fixture pages
 * plus pages that misbehave (404, slow, huge, not HTML, redirect loops).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const PAGES_DIR = fileURLToPath(new URL('../fixtures/pages/', import.meta.url));

export function page(name: string): string {
  return readFileSync(`${PAGES_DIR}${name}`, 'utf8');
}

export const JUDGE_PATH = '/politics/2025/07/14/judge-pauses-irs-data-transfers';
export const AUDIT_PATH = '/news/watchdog-audit';
export const HUGE_BYTES = 3 * 1024 * 1024;

export interface NewsSite {
  /** `http://127.0.0.1:<port><path>` */
  url(path: string): string;
  port: number;
  /** Requests received, by path (query included). */
  hits: Map<string, number>;
  close(): Promise<void>;
}

const HTML = 'text/html; charset=utf-8';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function send(res: ServerResponse, status: number, type: string | undefined, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...(type ? { 'content-type': type } : {}), 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

function redirect(res: ServerResponse, location: string, status = 302): void {
  res.writeHead(status, { location, 'content-length': 0 });
  res.end();
}

export async function startNewsSite(): Promise<NewsSite> {
  const judge = page('judge-pauses-transfers.html');
  const routes = new Map<string, Handler>([
    [JUDGE_PATH, (_q, r) => send(r, 200, HTML, judge)],
    [AUDIT_PATH, (_q, r) => send(r, 200, HTML, page('inspector-general-audit.html'))],
    ['/mirror/judge-story', (_q, r) => send(r, 200, HTML, judge.replace(/news\.example\.com/g, 'mirror.example.org'))],
    ['/news/short', (_q, r) => send(r, 200, HTML, page('short-item.html'))],
    ['/', (_q, r) => send(r, 200, HTML, page('front-page.html'))],
    ['/reports/advocate.txt', (_q, r) => send(r, 200, 'text/plain; charset=utf-8', page('taxpayer-advocate-report.txt'))],
    ['/gzip', (_q, r) => send(r, 200, HTML, gzipSync(judge), { 'content-encoding': 'gzip' })],
    ['/latin1', (_q, r) => send(r, 200, 'text/html; charset=windows-1252', Buffer.from('<p>caf\xe9 d\xe9j\xe0 vu</p>', 'latin1'))],
    ['/missing', (_q, r) => send(r, 404, HTML, '<h1>Page not found</h1>')],
    ['/error', (_q, r) => send(r, 503, HTML, '<h1>Down for maintenance</h1>')],
    ['/image.png', (_q, r) => send(r, 200, 'image/png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'))],
    ['/untyped', (_q, r) => send(r, 200, undefined, 'hello')],
    ['/loop/a', (_q, r) => redirect(r, '/loop/b')],
    ['/loop/b', (_q, r) => redirect(r, '/loop/a', 301)],
    ['/moved', (_q, r) => redirect(r, JUDGE_PATH, 301)],
    ['/redirect-ftp', (_q, r) => redirect(r, 'ftp://files.example.com/story.txt')],
    ['/redirect-no-location', (_q, r) => send(r, 302, HTML, '')],
    [
      '/slow',
      (req, res) => {
        const timer = setTimeout(() => send(res, 200, HTML, judge), 5000);
        req.on('close', () => clearTimeout(timer));
      },
    ],
    [
      '/slow-body',
      (req, res) => {
        res.writeHead(200, { 'content-type': HTML });
        res.write('<html><body><p>');
        let left = 100;
        const timer = setInterval(() => {
          if (--left <= 0) {
            clearInterval(timer);
            res.end('</p></body></html>');
          } else res.write('still loading ');
        }, 100);
        req.on('close', () => clearInterval(timer));
      },
    ],
    ['/huge-declared', (_q, r) => send(r, 200, HTML, Buffer.alloc(HUGE_BYTES, 'a'))],
    [
      '/huge-streamed',
      (req, res) => {
        // No content-length: the client must stop reading by itself. Bounded to HUGE_BYTES.
        res.writeHead(200, { 'content-type': HTML });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        let sent = 0;
        let closed = false;
        req.on('close', () => (closed = true));
        res.on('close', () => (closed = true));
        const pump = () => {
          while (!closed && sent < HUGE_BYTES) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          if (!closed) res.end();
        };
        pump();
      },
    ],
    ['/huge-gzip', (_q, r) => send(r, 200, HTML, gzipSync(Buffer.alloc(HUGE_BYTES, 'a')), { 'content-encoding': 'gzip' })],
  ]);
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    hits.set(req.url ?? '/', (hits.get(req.url ?? '/') ?? 0) + 1);
    const hop = /^\/hop\/(\d+)$/.exec(url.pathname);
    if (hop) return redirect(res, Number(hop[1]) === 0 ? JUDGE_PATH : `/hop/${Number(hop[1]) - 1}`);
    const to = url.searchParams.get('to');
    if (url.pathname === '/redirect' && to) return redirect(res, to);
    const handler = routes.get(url.pathname);
    if (handler) return handler(req, res);
    send(res, 404, HTML, '<h1>Not found</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    hits,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
