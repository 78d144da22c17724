/**
 * Fake Discord gateway (JSON encoding, no compression) on top of `ws`.
 *
 * Protocol subset, as used by @discordjs/ws 1.x:
 *   server HELLO(op 10) → client IDENTIFY(op 2) → server READY + one GUILD_CREATE per guild
 *   client HEARTBEAT(op 1) → server HEARTBEAT_ACK(op 11)
 *   client RESUME(op 6) → server replays missed dispatches + RESUMED, or INVALID_SESSION(op 9, d:false)
 *   client REQUEST_GUILD_MEMBERS(op 8) → server GUILD_MEMBERS_CHUNK
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayOpcodes,
  type GatewayDispatchPayload,
  type GatewayGuildCreateDispatchData,
  type GatewayIdentifyData,
  type GatewayReadyDispatchData,
  type GatewayReceivePayload,
  type GatewayRequestGuildMembersData,
  type GatewayResumeData,
  type GatewaySendPayload,
} from 'discord-api-types/v10';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

export interface GatewayFrame {
  direction: 'in' | 'out';
  connectionId: number;
  at: number;
  payload: GatewayReceivePayload | GatewaySendPayload;
}

export interface GatewayConnectionInfo {
  id: number;
  /** Path the client connected to, e.g. `/gateway` or `/gateway/resume`. */
  path: string;
  /** Query string the client used, e.g. `{ v: '10', encoding: 'json' }`. */
  query: Record<string, string>;
  openedAt: number;
  /** How the connection authenticated, once it did. */
  kind: 'pending' | 'identify' | 'resume' | 'invalid-resume';
  sessionId: string | null;
  closedAt: number | null;
  closeCode: number | null;
}

interface Session {
  id: string;
  seq: number;
  /** Recent dispatches, for RESUME replay. */
  buffer: { s: number; payload: string }[];
  invalid: boolean;
}

interface Connection {
  info: GatewayConnectionInfo;
  ws: WebSocket;
  session: Session | null;
  live: boolean;
  closed: Promise<void>;
}

interface PendingDispatch {
  t: string;
  d: unknown;
}

export interface GatewayDeps {
  token: string;
  heartbeatIntervalMs: number;
  buildReady: (sessionId: string, shard: [number, number]) => GatewayReadyDispatchData;
  guildCreates: () => GatewayGuildCreateDispatchData[];
  onChange: () => void;
}

const REPLAY_BUFFER = 500;

export class FakeGateway {
  readonly frames: GatewayFrame[] = [];
  readonly connections: GatewayConnectionInfo[] = [];
  readonly identifies: GatewayIdentifyData[] = [];
  readonly resumes: GatewayResumeData[] = [];
  heartbeats = 0;
  /** Number of times a connection became live (READY + guilds sent, or RESUMED sent). */
  readyCount = 0;

  readonly #deps: GatewayDeps;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #conns: Connection[] = [];
  readonly #sessions = new Map<string, Session>();
  readonly #pending: PendingDispatch[] = [];
  #nextConnectionId = 1;
  #nextSession = 1;

  constructor(deps: GatewayDeps) {
    this.#deps = deps;
  }

  /** Hook for `http.Server#on('upgrade')`. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!url.pathname.startsWith('/gateway')) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#onConnection(ws, url));
  }

  /** True when there is an authenticated connection that dispatches go to. */
  get isLive(): boolean {
    return this.#liveConnection() !== null;
  }

  /**
   * Sends a dispatch (op 0) on the live connection. While no connection is
   * live (e.g. during a reconnect) the dispatch is queued and delivered as
   * soon as a connection becomes live again (after READY+GUILD_CREATE or RESUMED).
   */
  dispatch(t: string, d: unknown): void {
    const conn = this.#liveConnection();
    if (!conn) {
      this.#pending.push({ t, d });
      return;
    }
    this.#sendDispatch(conn, t, d);
  }

  /**
   * Server-side close of every open gateway connection with `code`.
   * 4000 (default) makes discord.js RESUME; 1000 makes it re-IDENTIFY.
   * With `invalidateSession`, a later RESUME is answered with INVALID_SESSION.
   * Resolves once the sockets are closed.
   */
  async close(code: number, reason: string, invalidateSession: boolean): Promise<void> {
    const open = this.#conns.filter((c) => c.info.closedAt === null);
    for (const conn of open) {
      conn.live = false;
      if (invalidateSession && conn.session) conn.session.invalid = true;
      conn.ws.close(code, reason);
    }
    this.#deps.onChange();
    await Promise.all(open.map((c) => c.closed));
  }

  /** Abruptly drops every connection (the client sees close code 1006). */
  async terminate(): Promise<void> {
    const open = this.#conns.filter((c) => c.info.closedAt === null);
    for (const conn of open) {
      conn.live = false;
      conn.ws.terminate();
    }
    this.#deps.onChange();
    await Promise.all(open.map((c) => c.closed));
  }

  async stop(): Promise<void> {
    await this.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #liveConnection(): Connection | null {
    for (let i = this.#conns.length - 1; i >= 0; i--) {
      const conn = this.#conns[i];
      if (conn && conn.live && conn.ws.readyState === conn.ws.OPEN) return conn;
    }
    return null;
  }

  #onConnection(ws: WebSocket, url: URL): void {
    const info: GatewayConnectionInfo = {
      id: this.#nextConnectionId++,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      openedAt: Date.now(),
      kind: 'pending',
      sessionId: null,
      closedAt: null,
      closeCode: null,
    };
    let markClosed!: () => void;
    const conn: Connection = {
      info,
      ws,
      session: null,
      live: false,
      closed: new Promise<void>((resolve) => (markClosed = resolve)),
    };
    this.connections.push(info);
    this.#conns.push(conn);

    ws.on('error', () => {
      /* a reset socket is an expected outcome of terminate() */
    });
    ws.on('close', (code) => {
      info.closedAt = Date.now();
      info.closeCode = code;
      conn.live = false;
      const index = this.#conns.indexOf(conn);
      if (index !== -1) this.#conns.splice(index, 1);
      markClosed();
      this.#deps.onChange();
    });
    ws.on('message', (data, isBinary) => this.#onMessage(conn, data, isBinary));

    const encoding = url.searchParams.get('encoding');
    if ((encoding && encoding !== 'json') || url.searchParams.has('compress')) {
      // Only plain JSON is implemented; fail loudly instead of sending garbage.
      ws.close(GatewayCloseCodes.DecodeError, 'fake-discord supports encoding=json without compression only');
      return;
    }
    this.#send(conn, { op: GatewayOpcodes.Hello, t: null, s: null, d: { heartbeat_interval: this.#deps.heartbeatIntervalMs } });
    this.#deps.onChange();
  }

  #onMessage(conn: Connection, data: RawData, isBinary: boolean): void {
    let payload: GatewaySendPayload;
    try {
      if (isBinary) throw new Error('binary frame');
      payload = JSON.parse(rawToString(data)) as GatewaySendPayload;
    } catch {
      conn.ws.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    this.frames.push({ direction: 'in', connectionId: conn.info.id, at: Date.now(), payload });

    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        this.heartbeats++;
        this.#send(conn, { op: GatewayOpcodes.HeartbeatAck, t: null, s: null, d: undefined });
        break;
      case GatewayOpcodes.Identify:
        this.#onIdentify(conn, payload.d);
        break;
      case GatewayOpcodes.Resume:
        this.#onResume(conn, payload.d);
        break;
      case GatewayOpcodes.RequestGuildMembers:
        if (!conn.session) return this.#notAuthenticated(conn);
        this.#onRequestGuildMembers(conn, payload.d);
        break;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestSoundboardSounds:
      case GatewayOpcodes.RequestChannelInfo:
        if (!conn.session) return this.#notAuthenticated(conn);
        break;
      default:
        conn.ws.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
    }
    this.#deps.onChange();
  }

  #notAuthenticated(conn: Connection): void {
    conn.ws.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
  }

  #onIdentify(conn: Connection, d: GatewayIdentifyData): void {
    this.identifies.push(d);
    if (conn.session) {
      conn.ws.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
      return;
    }
    if (d.token !== this.#deps.token) {
      conn.ws.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    const session: Session = { id: `fake-session-${this.#nextSession++}`, seq: 0, buffer: [], invalid: false };
    this.#sessions.set(session.id, session);
    conn.session = session;
    conn.info.kind = 'identify';
    conn.info.sessionId = session.id;
    this.#sendDispatch(conn, GatewayDispatchEvents.Ready, this.#deps.buildReady(session.id, d.shard ?? [0, 1]));
    for (const guild of this.#deps.guildCreates()) {
      this.#sendDispatch(conn, GatewayDispatchEvents.GuildCreate, guild);
    }
    this.#goLive(conn);
  }

  #onResume(conn: Connection, d: GatewayResumeData): void {
    this.resumes.push(d);
    const session = this.#sessions.get(d.session_id);
    if (!session || session.invalid || d.token !== this.#deps.token) {
      conn.info.kind = 'invalid-resume';
      this.#send(conn, { op: GatewayOpcodes.InvalidSession, t: null, s: null, d: false });
      return;
    }
    // A session lives on one connection at a time.
    for (const other of this.#conns) {
      if (other !== conn && other.session === session) {
        other.live = false;
        other.session = null;
        other.ws.close(GatewayCloseCodes.SessionTimedOut, 'Session resumed elsewhere.');
      }
    }
    conn.session = session;
    conn.info.kind = 'resume';
    conn.info.sessionId = session.id;
    for (const entry of session.buffer) {
      if (entry.s > d.seq) this.#sendRaw(conn, entry.payload);
    }
    this.#sendDispatch(conn, GatewayDispatchEvents.Resumed, {});
    this.#goLive(conn);
  }

  #onRequestGuildMembers(conn: Connection, d: GatewayRequestGuildMembersData): void {
    const guild = this.#deps.guildCreates().find((g) => g.id === d.guild_id);
    let members = guild?.members ?? [];
    if ('user_ids' in d) {
      const ids = new Set(Array.isArray(d.user_ids) ? d.user_ids : [d.user_ids]);
      members = members.filter((m) => ids.has(m.user.id));
    } else {
      const query = d.query.toLowerCase();
      members = members.filter((m) => m.user.username.toLowerCase().startsWith(query));
      if (d.limit) members = members.slice(0, d.limit);
    }
    const chunk: Record<string, unknown> = {
      guild_id: d.guild_id,
      members,
      chunk_index: 0,
      chunk_count: 1,
    };
    if (d.nonce !== undefined) chunk.nonce = d.nonce;
    this.#sendDispatch(conn, GatewayDispatchEvents.GuildMembersChunk, chunk);
  }

  #goLive(conn: Connection): void {
    conn.live = true;
    this.readyCount++;
    const queued = this.#pending.splice(0);
    for (const item of queued) this.#sendDispatch(conn, item.t, item.d);
    this.#deps.onChange();
  }

  #sendDispatch(conn: Connection, t: string, d: unknown): void {
    const session = conn.session;
    if (!session) throw new Error('fake-discord: dispatch on a connection without a session');
    session.seq += 1;
    const payload = { op: GatewayOpcodes.Dispatch, t, s: session.seq, d } as GatewayDispatchPayload;
    const text = JSON.stringify(payload);
    session.buffer.push({ s: session.seq, payload: text });
    if (session.buffer.length > REPLAY_BUFFER) session.buffer.shift();
    this.frames.push({ direction: 'out', connectionId: conn.info.id, at: Date.now(), payload });
    this.#sendRaw(conn, text);
  }

  #send(conn: Connection, payload: GatewayReceivePayload): void {
    this.frames.push({ direction: 'out', connectionId: conn.info.id, at: Date.now(), payload });
    this.#sendRaw(conn, JSON.stringify(payload));
  }

  #sendRaw(conn: Connection, text: string): void {
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(text);
  }
}

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
