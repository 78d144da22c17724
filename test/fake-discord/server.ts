/**
 * FakeDiscord: one HTTP server on 127.0.0.1:<ephemeral> serving the REST API
 * under /api/v10, a fake CDN under /attachments, and the gateway WebSocket
 * under /gateway. Point a real discord.js Client at it with
 *   new Client({ intents, rest: { api: fake.apiBase } })
 * and log in with `fake.token`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIApplicationCommand, APIAttachment, APIMessage, APIUser } from 'discord-api-types/v10';
import { FakeGateway, type GatewayConnectionInfo, type GatewayFrame } from './gateway.js';
import {
  InteractionHandle,
  buildInteraction,
  type InteractionSpec,
} from './interactions.js';
import { API_PREFIX, handleRequest, type RequestDraft } from './rest.js';
import {
  FakeState,
  type AttachmentInput,
  type FakeDiscordOptions,
  type RecordedFile,
  type RecordedRequest,
} from './state.js';

const DEFAULT_TIMEOUT = 5_000;

export class FakeDiscord {
  readonly #state: FakeState;
  readonly #gateway: FakeGateway;
  #server: Server | null = null;
  #seq = 0;

  constructor(options: FakeDiscordOptions = {}) {
    this.#state = new FakeState(options);
    const state = this.#state;
    this.#gateway = new FakeGateway({
      token: state.token,
      heartbeatIntervalMs: state.heartbeatIntervalMs,
      buildReady: (sessionId, shard) => state.ready(sessionId, shard),
      guildCreates: () => state.guildCreates(),
      onChange: () => state.notify(),
    });
  }

  /** Creates and starts a fake in one call. */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await fake.start();
    return fake;
  }

  // --- lifecycle -------------------------------------------------------------

  async start(): Promise<void> {
    if (this.#server) throw new Error('fake-discord: already started');
    const server = createServer((req, res) => void this.#onHttp(req, res));
    server.on('upgrade', (req, socket, head) => this.#gateway.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    this.#state.baseUrl = `http://127.0.0.1:${port}`;
    this.#server = server;
  }

  /** Drops gateway connections, closes HTTP keep-alive sockets, rejects pending waits. Idempotent. */
  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = null;
    this.#state.waiters.rejectAll('server stopped');
    await this.#gateway.stop();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  // --- identity --------------------------------------------------------------

  /** `http://127.0.0.1:PORT` */
  get url(): string {
    this.#assertStarted();
    return this.#state.baseUrl;
  }

  /** Value for discord.js `rest.api` (`${url}/api`; @discordjs/rest appends `/v10`). */
  get apiBase(): string {
    return `${this.url}/api`;
  }

  /** `ws://127.0.0.1:PORT/gateway`, as returned by GET /gateway/bot. */
  get gatewayUrl(): string {
    this.#assertStarted();
    return this.#state.gatewayUrl;
  }

  get token(): string {
    return this.#state.token;
  }
  get applicationId(): string {
    return this.#state.applicationId;
  }
  get guildId(): string {
    return this.#state.guildId;
  }
  get channelId(): string {
    return this.#state.channelId;
  }
  /** Role "Editors" (ManageGuild + ManageMessages) present in the guild. */
  get moderatorRoleId(): string {
    return this.#state.moderatorRoleId;
  }
  get botUser(): APIUser {
    return this.#state.botUser;
  }
  get defaultUser(): APIUser {
    return this.#state.defaultUser;
  }

  // --- interactions ----------------------------------------------------------

  /**
   * Builds a complete INTERACTION_CREATE and dispatches it on the gateway
   * (queued until a connection is live if the bot is reconnecting).
   */
  sendInteraction(spec: InteractionSpec): InteractionHandle {
    const payload = buildInteraction(this.#state, spec);
    const handle = new InteractionHandle(this.#state, payload);
    this.#state.interactionsById.set(handle.id, handle);
    this.#state.interactionsByToken.set(handle.token, handle);
    this.#gateway.dispatch('INTERACTION_CREATE', payload);
    return handle;
  }

  /** Handles of every interaction sent so far. */
  get interactions(): InteractionHandle[] {
    return [...this.#state.interactionsById.values()];
  }

  /** Registers a downloadable file and returns an attachment for `opt.attachment(...)`. */
  addAttachment(input: AttachmentInput): APIAttachment {
    this.#assertStarted();
    return this.#state.addAttachment(input);
  }

  // --- gateway ---------------------------------------------------------------

  /** Sends an arbitrary dispatch event (e.g. 'GUILD_MEMBER_UPDATE'); queued while no connection is live. */
  dispatch(event: string, data: unknown): void {
    this.#gateway.dispatch(event, data);
  }

  /**
   * Closes the gateway connection(s) from the server side with `code`.
   * 4000 (default) → discord.js resumes; 1000 → it re-identifies.
   * `invalidateSession: true` makes the RESUME fail with INVALID_SESSION (→ re-identify).
   * Resolves when the socket is closed; use `waitForGatewayReady()` to wait for the reconnect.
   */
  closeGateway(code = 4000, options: { reason?: string; invalidateSession?: boolean } = {}): Promise<void> {
    return this.#gateway.close(code, options.reason ?? 'fake-discord closeGateway', options.invalidateSession ?? false);
  }

  /** Drops the TCP connection without a close frame (discord.js sees 1006 and resumes). */
  terminateGateway(): Promise<void> {
    return this.#gateway.terminate();
  }

  /** True while a gateway connection is authenticated (READY/RESUMED sent). */
  get gatewayLive(): boolean {
    return this.#gateway.isLive;
  }

  /** Resolves when a connection is live (immediately if one already is). */
  waitForGatewayReady(timeoutMs = DEFAULT_TIMEOUT): Promise<void> {
    return this.#state.waiters
      .waitFor(() => (this.#gateway.isLive ? true : undefined), timeoutMs, () => 'a live gateway connection')
      .then(() => undefined);
  }

  /** Resolves once `readyCount` (connections that went live, READY or RESUMED) reaches `count`. */
  waitForReadyCount(count: number, timeoutMs = DEFAULT_TIMEOUT): Promise<void> {
    return this.#state.waiters
      .waitFor(
        () => (this.#gateway.readyCount >= count && this.#gateway.isLive ? true : undefined),
        timeoutMs,
        () => `gateway readyCount >= ${count} (now ${this.#gateway.readyCount})`,
      )
      .then(() => undefined);
  }

  /** Gateway bookkeeping: connections (path, query, identify/resume), frames both ways, heartbeats. */
  get gateway(): {
    connections: readonly GatewayConnectionInfo[];
    frames: readonly GatewayFrame[];
    identifies: number;
    resumes: number;
    heartbeats: number;
    readyCount: number;
  } {
    const g = this.#gateway;
    return {
      connections: g.connections,
      frames: g.frames,
      identifies: g.identifies.length,
      resumes: g.resumes.length,
      heartbeats: g.heartbeats,
      readyCount: g.readyCount,
    };
  }

  // --- requests --------------------------------------------------------------

  /** Every HTTP request received so far, in completion order. */
  get requests(): readonly RecordedRequest[] {
    return this.#state.requests;
  }

  /** Requests no fake route matched (answered 404): usually a bug or a missing fake route. */
  get unexpectedRequests(): RecordedRequest[] {
    return this.#state.requests.filter((r) => !r.handled);
  }

  clearRequests(): void {
    this.#state.requests.length = 0;
  }

  /** First request (already received or future) matching `predicate`. */
  waitForRequest(predicate: (request: RecordedRequest) => boolean, timeoutMs = DEFAULT_TIMEOUT): Promise<RecordedRequest> {
    return this.#state.waiters.waitFor(
      () => this.#state.requests.find(predicate),
      timeoutMs,
      () =>
        `a matching request; received: ${this.#state.requests.map((r) => `${r.method} ${r.route} → ${r.status}`).join('; ') || 'none'}`,
    );
  }

  // --- messages & commands ---------------------------------------------------

  /** Messages the bot posted with POST /channels/{id}/messages (current state), optionally for one channel. */
  channelMessages(channelId?: string): APIMessage[] {
    return this.#state.channelPosts
      .filter((m) => !channelId || m.channel_id === channelId)
      .map((m) => structuredClone(this.#state.messages.get(m.id) ?? m));
  }

  /** First bot post in a channel (past or future) matching `predicate`. */
  waitForChannelMessage(
    predicate: (message: APIMessage) => boolean = () => true,
    timeoutMs = DEFAULT_TIMEOUT,
  ): Promise<APIMessage> {
    return this.#state.waiters.waitFor(
      () => this.channelMessages().find(predicate),
      timeoutMs,
      () => `a matching channel message; posted: ${JSON.stringify(this.channelMessages().map((m) => m.content))}`,
    );
  }

  /** Any stored message by id (replies, follow-ups, posts, button hosts). */
  message(id: string): APIMessage | undefined {
    const message = this.#state.messages.get(id);
    return message ? structuredClone(message) : undefined;
  }

  /** Commands registered with PUT /applications/{app}/commands. */
  get globalCommands(): APIApplicationCommand[] {
    return structuredClone(this.#state.globalCommands);
  }

  /** Commands registered with PUT /applications/{app}/guilds/{guild}/commands. */
  guildCommands(guildId = this.guildId): APIApplicationCommand[] {
    return structuredClone(this.#state.guildCommands.get(guildId) ?? []);
  }

  // --- internals -------------------------------------------------------------

  #assertStarted(): void {
    if (!this.#state.baseUrl) throw new Error('fake-discord: call start() first');
  }

  async #onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = Date.now();
    let draft: RequestDraft;
    try {
      draft = await this.#readRequest(req, receivedAt);
    } catch (error) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `fake-discord: unreadable request: ${(error as Error).message}`, code: 50109 }));
      return;
    }
    const result = handleRequest(this.#state, draft);
    const record = Object.assign(draft, {
      seq: ++this.#seq,
      status: result.status,
      response: result.json,
      handled: result.handled,
    }) as RecordedRequest;
    this.#state.requests.push(record);
    this.#linkToInteraction(record);

    if (result.raw) {
      res.writeHead(result.status, { 'content-type': result.raw.contentType, 'content-length': result.raw.data.byteLength });
      res.end(result.raw.data);
    } else if (result.json === undefined) {
      res.writeHead(result.status);
      res.end();
    } else {
      const text = JSON.stringify(result.json);
      res.writeHead(result.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    }
    this.#state.notify();
  }

  #linkToInteraction(record: RecordedRequest): void {
    const callback = /^\/interactions\/([^/]+)\/([^/]+)\/callback$/.exec(record.route);
    const webhook = /^\/webhooks\/[^/]+\/([^/]+)(?:\/|$)/.exec(record.route);
    const handle = callback?.[1]
      ? this.#state.interactionsById.get(callback[1])
      : webhook?.[1]
        ? this.#state.interactionsByToken.get(webhook[1])
        : undefined;
    handle?.log.push(record);
  }

  async #readRequest(req: IncomingMessage, receivedAt: number): Promise<RequestDraft> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const buffer = Buffer.concat(chunks);
    const rawUrl = req.url ?? '/';
    const queryIndex = rawUrl.indexOf('?');
    const path = queryIndex === -1 ? rawUrl : rawUrl.slice(0, queryIndex);
    const decodedPath = safeDecode(path);
    const query = Object.fromEntries(new URLSearchParams(queryIndex === -1 ? '' : rawUrl.slice(queryIndex + 1)));
    const contentType = req.headers['content-type'] ?? '';
    let body: unknown;
    let files: RecordedFile[] = [];
    if (buffer.byteLength > 0 && contentType.startsWith('multipart/form-data')) {
      ({ body, files } = await parseMultipart(buffer, contentType));
    } else if (buffer.byteLength > 0 && contentType.includes('json')) {
      body = JSON.parse(buffer.toString('utf8'));
    }
    return {
      method: (req.method ?? 'GET').toUpperCase(),
      url: rawUrl,
      path,
      decodedPath,
      route: decodedPath.startsWith(`${API_PREFIX}/`) ? decodedPath.slice(API_PREFIX.length) : decodedPath,
      query,
      headers: req.headers,
      rawBody: buffer.toString('utf8'),
      body,
      files,
      receivedAt,
    };
  }
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

async function parseMultipart(buffer: Buffer, contentType: string): Promise<{ body: unknown; files: RecordedFile[] }> {
  const form = await new Response(buffer, { headers: { 'content-type': contentType } }).formData();
  let body: unknown;
  const files: RecordedFile[] = [];
  const fields: Record<string, string> = {};
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') {
      if (field === 'payload_json') body = JSON.parse(value);
      else fields[field] = value;
    } else {
      files.push({
        field,
        filename: value.name,
        contentType: value.type || 'application/octet-stream',
        data: Buffer.from(await value.arrayBuffer()),
      });
    }
  }
  return { body: body ?? (Object.keys(fields).length ? fields : undefined), files };
}
