/**
 * The fake's shared, inspectable state: identities, guild fixture, stored
 * messages/commands/attachments, the request log, and the interactions sent.
 */
import type { IncomingHttpHeaders } from 'node:http';
import {
  ApplicationFlags,
  MessageFlags,
  PermissionFlagsBits,
  type APIApplication,
  type APIApplicationCommand,
  type APIAttachment,
  type APIGuildMember,
  type APIGuildTextChannel,
  type APIMessage,
  type APIRole,
  type APIUser,
  type ChannelType,
  type GatewayGuildCreateDispatchData,
  type GatewayReadyDispatchData,
} from 'discord-api-types/v10';
import {
  makeGuildCreate,
  makeMember,
  makeMessage,
  makeRole,
  makeTextChannel,
  makeUser,
  snowflake,
  type MessageInput,
} from './fixtures.js';
import type { InteractionHandle } from './interactions.js';
import { Waiters } from './waiters.js';

export interface RecordedFile {
  /** Multipart field name, e.g. `files[0]`. */
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/** One HTTP request the fake received (REST, CDN, anything but the WebSocket upgrade). */
export interface RecordedRequest {
  /** Order of completion, starting at 1. */
  seq: number;
  method: string;
  /** Raw request target including the query string. */
  url: string;
  /** Raw path without query, exactly as received (e.g. `/api/v10/webhooks/1/t/messages/%40original` if encoded). */
  path: string;
  /** `decodeURIComponent(path)`. */
  decodedPath: string;
  /** Decoded path with the `/api/v10` prefix removed, e.g. `/webhooks/1/t/messages/@original`. */
  route: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Body as UTF-8 text ('' when empty). */
  rawBody: string;
  /** Parsed JSON body; for multipart requests the parsed `payload_json`. */
  body: unknown;
  files: RecordedFile[];
  /** `Date.now()` when the request arrived. */
  receivedAt: number;
  /** HTTP status the fake answered with. */
  status: number;
  /** JSON the fake answered with (undefined for empty responses). */
  response: unknown;
  /** False when no fake route matched (answered 404): an unexpected call. */
  handled: boolean;
}

export interface StoredFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface AttachmentInput {
  filename: string;
  /** File content served by the fake CDN at the attachment's `url`. */
  content?: string | Buffer;
  contentType?: string;
  /** Override the URL (e.g. to point at something that 404s); the content is then not served. */
  url?: string;
  /** Override the reported size (defaults to the content's byte length). */
  size?: number;
  description?: string;
}

export interface FakeDiscordOptions {
  token?: string;
  applicationId?: string;
  guildId?: string;
  channelId?: string;
  botUsername?: string;
  guildName?: string;
  channelName?: string;
  /** Gateway heartbeat interval in ms sent in HELLO (default 41250, like Discord). */
  heartbeatIntervalMs?: number;
  /** Extra roles to put in the guild (the @everyone role is always there). */
  roles?: Partial<APIRole>[];
}

export interface WebhookMessageBody {
  content?: string;
  embeds?: APIMessage['embeds'];
  components?: APIMessage['components'];
  attachments?: { id: string | number; filename?: string; description?: string }[];
  flags?: number;
}

const FIXED = {
  token: 'fake-bot-token.storydesk.e2e',
  applicationId: '1300000000000000001',
  guildId: '1300000000000000002',
  channelId: '1300000000000000003',
  userId: '1300000000000000004',
  moderatorRoleId: '1300000000000000005',
};

export class FakeState {
  readonly token: string;
  readonly applicationId: string;
  readonly guildId: string;
  readonly channelId: string;
  readonly heartbeatIntervalMs: number;
  readonly botUser: APIUser;
  /** The user who "clicks" by default in sendInteraction. */
  readonly defaultUser: APIUser;
  readonly roles: APIRole[];
  readonly channels: APIGuildTextChannel<ChannelType.GuildText>[];
  readonly members: APIGuildMember[];
  readonly guildName: string;

  /** `http://127.0.0.1:PORT`, set once listening. */
  baseUrl = '';

  readonly requests: RecordedRequest[] = [];
  readonly messages = new Map<string, APIMessage>();
  /** Messages created through `POST /channels/{id}/messages`, in order. */
  readonly channelPosts: APIMessage[] = [];
  readonly globalCommands: APIApplicationCommand[] = [];
  readonly guildCommands = new Map<string, APIApplicationCommand[]>();
  readonly files = new Map<string, StoredFile>();
  readonly interactionsById = new Map<string, InteractionHandle>();
  readonly interactionsByToken = new Map<string, InteractionHandle>();
  readonly waiters = new Waiters();

  constructor(options: FakeDiscordOptions = {}) {
    this.token = options.token ?? FIXED.token;
    this.applicationId = options.applicationId ?? FIXED.applicationId;
    this.guildId = options.guildId ?? FIXED.guildId;
    this.channelId = options.channelId ?? FIXED.channelId;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41_250;
    this.guildName = options.guildName ?? 'Storydesk Test Guild';
    this.botUser = makeUser({
      id: this.applicationId,
      username: options.botUsername ?? 'storydesk',
      bot: true,
      verified: true,
      mfa_enabled: false,
    });
    this.defaultUser = makeUser({ id: FIXED.userId, username: 'reader' });
    this.roles = [
      makeRole({ id: this.guildId, name: '@everyone', permissions: '0' }),
      makeRole({
        id: FIXED.moderatorRoleId,
        name: 'Editors',
        position: 1,
        permissions: (PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ManageMessages).toString(),
      }),
      ...(options.roles ?? []).map((role, i) =>
        makeRole({ id: snowflake(), name: `role-${i}`, position: i + 2, ...role }),
      ),
    ];
    this.channels = [makeTextChannel(this.channelId, options.channelName ?? 'newsroom', this.guildId)];
    this.members = [makeMember(this.botUser), makeMember(this.defaultUser)];
  }

  notify(): void {
    this.waiters.notify();
  }

  get moderatorRoleId(): string {
    return FIXED.moderatorRoleId;
  }

  get gatewayUrl(): string {
    return `${this.baseUrl.replace(/^http/, 'ws')}/gateway`;
  }

  guildCreates(): GatewayGuildCreateDispatchData[] {
    return [
      makeGuildCreate({
        guildId: this.guildId,
        name: this.guildName,
        ownerId: this.defaultUser.id,
        applicationId: this.applicationId,
        roles: this.roles,
        channels: this.channels,
        members: this.members,
      }),
    ];
  }

  ready(sessionId: string, shard: [number, number]): GatewayReadyDispatchData {
    return {
      v: 10,
      user: this.botUser,
      guilds: [{ id: this.guildId, unavailable: true }],
      session_id: sessionId,
      resume_gateway_url: `${this.gatewayUrl}/resume`,
      shard,
      application: { id: this.applicationId, flags: ApplicationFlags.GatewayMessageContentLimited, flags_new: String(ApplicationFlags.GatewayMessageContentLimited) },
    };
  }

  application(): APIApplication {
    return {
      id: this.applicationId,
      name: this.botUser.username,
      icon: null,
      description: '',
      bot_public: false,
      bot_require_code_grant: false,
      bot: this.botUser,
      summary: '',
      verify_key: '0'.repeat(64),
      team: null,
      owner: this.defaultUser,
      flags: ApplicationFlags.GatewayMessageContentLimited,
      flags_new: String(ApplicationFlags.GatewayMessageContentLimited),
    };
  }

  channel(id: string): APIGuildTextChannel<ChannelType.GuildText> | undefined {
    return this.channels.find((c) => c.id === id);
  }

  /** Registers a downloadable file and returns the attachment object pointing at the fake CDN. */
  addAttachment(input: AttachmentInput, channelId = this.channelId): APIAttachment {
    const id = snowflake();
    const data = Buffer.isBuffer(input.content) ? input.content : Buffer.from(input.content ?? '', 'utf8');
    const contentType = input.contentType ?? guessContentType(input.filename);
    const path = `/attachments/${channelId}/${id}/${encodeURIComponent(input.filename)}`;
    if (!input.url) this.files.set(path, { filename: input.filename, contentType, data });
    const url = input.url ?? `${this.baseUrl}${path}`;
    const attachment: APIAttachment = {
      id,
      filename: input.filename,
      size: input.size ?? data.byteLength,
      url,
      proxy_url: url,
      content_type: contentType,
    };
    if (input.description !== undefined) attachment.description = input.description;
    return attachment;
  }

  storeMessage(input: MessageInput): APIMessage {
    const message = makeMessage(input);
    this.messages.set(message.id, message);
    return message;
  }

  /** Builds a message from a REST message body (JSON or multipart) authored by the bot. */
  messageFromBody(
    body: WebhookMessageBody,
    files: RecordedFile[],
    input: Omit<MessageInput, 'author' | 'content' | 'embeds' | 'components' | 'attachments' | 'flags'>,
  ): APIMessage {
    return this.storeMessage({
      ...input,
      author: this.botUser,
      content: body.content ?? '',
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      attachments: this.#attachmentsFromBody(body, files, input.channelId, []),
      flags: body.flags ?? 0,
    });
  }

  /** Applies a PATCH body to a stored message (only the fields present are replaced). */
  editMessage(message: APIMessage, body: WebhookMessageBody, files: RecordedFile[]): APIMessage {
    if (body.content !== undefined) message.content = body.content ?? '';
    if (body.embeds !== undefined) message.embeds = body.embeds ?? [];
    if (body.components !== undefined) message.components = body.components ?? [];
    if (body.flags !== undefined && body.flags !== null) {
      // Only a few flags can be edited; keep the others (ephemeral, loading, …) except that an edit ends "loading".
      message.flags = ((message.flags ?? 0) & ~MessageFlags.Loading) | body.flags;
    } else if (message.flags) {
      message.flags &= ~MessageFlags.Loading;
    }
    if (body.attachments !== undefined || files.length > 0) {
      message.attachments = this.#attachmentsFromBody(body, files, message.channel_id, message.attachments);
    }
    message.edited_timestamp = new Date().toISOString();
    return message;
  }

  #attachmentsFromBody(
    body: WebhookMessageBody,
    files: RecordedFile[],
    channelId: string,
    existing: APIAttachment[],
  ): APIAttachment[] {
    const refs: NonNullable<WebhookMessageBody['attachments']> = body.attachments ?? files.map((_, i) => ({ id: i }));
    const result: APIAttachment[] = [];
    for (const ref of refs) {
      const kept = existing.find((a) => a.id === String(ref.id));
      if (kept) {
        result.push(kept);
        continue;
      }
      const file = files.find((f) => f.field === `files[${ref.id}]`) ?? files[Number(ref.id)];
      if (!file) continue;
      result.push(
        this.addAttachment(
          {
            filename: ref.filename ?? file.filename,
            content: file.data,
            contentType: file.contentType,
            ...(ref.description !== undefined ? { description: ref.description } : {}),
          },
          channelId,
        ),
      );
    }
    return result;
  }

  ensureMember(user: APIUser, roles: string[]): APIGuildMember {
    let member = this.members.find((m) => m.user.id === user.id);
    if (!member) {
      member = makeMember(user, roles);
      this.members.push(member);
    }
    return member;
  }
}

function guessContentType(filename: string): string {
  const ext = filename.toLowerCase().split('.').pop() ?? '';
  const types: Record<string, string> = {
    txt: 'text/plain; charset=utf-8',
    md: 'text/markdown; charset=utf-8',
    json: 'application/json; charset=utf-8',
    html: 'text/html; charset=utf-8',
    pdf: 'application/pdf',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
  };
  return types[ext] ?? 'application/octet-stream';
}
