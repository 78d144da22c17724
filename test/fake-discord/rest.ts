/**
 * REST routes of the fake (`/api/v10/...`) plus the fake CDN (`/attachments/...`).
 * Pure request → response logic; I/O and recording live in server.ts.
 */
import {
  ApplicationCommandType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
  type APIApplicationCommand,
  type APIGatewayBotInfo,
  type APIInteractionResponse,
  type APIMessage,
  type RESTPostAPIApplicationCommandsJSONBody,
  type RESTPostAPIInteractionCallbackWithResponseResult,
} from 'discord-api-types/v10';
import { snowflake } from './fixtures.js';
import type { InteractionHandle } from './interactions.js';
import type { FakeState, RecordedRequest, WebhookMessageBody } from './state.js';

/** A request before the response is known. */
export type RequestDraft = Omit<RecordedRequest, 'seq' | 'status' | 'response' | 'handled'>;

export interface RestResult {
  status: number;
  /** JSON body; omitted for 204. */
  json?: unknown;
  /** Raw body (CDN downloads). */
  raw?: { data: Buffer; contentType: string };
  handled: boolean;
}

class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const errors = {
  unauthorized: () => new RestError(401, 0, '401: Unauthorized'),
  unknownApplication: () => new RestError(404, 10002, 'Unknown Application'),
  unknownChannel: () => new RestError(404, 10003, 'Unknown Channel'),
  unknownMessage: () => new RestError(404, 10008, 'Unknown Message'),
  unknownWebhook: () => new RestError(404, 10015, 'Unknown Webhook'),
  unknownInteraction: () => new RestError(404, 10062, 'Unknown interaction'),
  alreadyAcknowledged: () => new RestError(400, 40060, 'Interaction has already been acknowledged.'),
  emptyMessage: () => new RestError(400, 50006, 'Cannot send an empty message'),
  invalidFormBody: (where: string) => new RestError(400, 50035, `Invalid Form Body (${where})`),
};

/**
 * Discord's limits on a message body (content, embeds, components), checked as
 * Discord does: a body over any of them is refused with 50035 Invalid Form Body.
 */
function checkMessageLimits(body: WebhookMessageBody): void {
  const fail = (where: string): never => {
    throw errors.invalidFormBody(where);
  };
  if ((body.content ?? '').length > 2000) fail('content: at most 2000 characters');
  const embeds = (body.embeds ?? []) as { title?: string; description?: string; url?: string; footer?: { text?: string }; author?: { name?: string }; fields?: { name: string; value: string }[] }[];
  if (embeds.length > 10) fail('embeds: at most 10');
  let total = 0;
  embeds.forEach((embed, i) => {
    const title = embed.title ?? '';
    const description = embed.description ?? '';
    const footer = embed.footer?.text ?? '';
    const author = embed.author?.name ?? '';
    if (title.length > 256) fail(`embeds.${i}.title: at most 256`);
    if (description.length > 4096) fail(`embeds.${i}.description: at most 4096`);
    if (footer.length > 2048) fail(`embeds.${i}.footer.text: at most 2048`);
    if (author.length > 256) fail(`embeds.${i}.author.name: at most 256`);
    if ((embed.fields ?? []).length > 25) fail(`embeds.${i}.fields: at most 25`);
    total += title.length + description.length + footer.length + author.length;
    for (const field of embed.fields ?? []) {
      if (field.name.length > 256 || field.value.length > 1024) fail(`embeds.${i}.fields: name at most 256, value at most 1024`);
      total += field.name.length + field.value.length;
    }
    if (embed.url !== undefined && !/^https?:\/\//.test(embed.url)) fail(`embeds.${i}.url: not a URL`);
  });
  if (total > 6000) fail('embeds: at most 6000 characters in all');
  const rows = (body.components ?? []) as { type: number; components?: { type: number; style?: number; custom_id?: string; url?: string; label?: string }[] }[];
  if (rows.length > 5) fail('components: at most 5 action rows');
  rows.forEach((row, i) => {
    const children = row.components ?? [];
    if (row.type !== 1 || children.length < 1 || children.length > 5) fail(`components.${i}: an action row of 1 to 5 components`);
    children.forEach((child, j) => {
      if (child.type !== 2) return;
      const where = `components.${i}.components.${j}`;
      if ((child.label ?? '').length > 80) fail(`${where}.label: at most 80`);
      if (child.style === 5) {
        if (!child.url || child.custom_id !== undefined) fail(`${where}: a link button has a url and no custom_id`);
      } else if (!child.custom_id || child.custom_id.length > 100 || child.url !== undefined) {
        fail(`${where}.custom_id: 1 to 100 characters, and no url`);
      }
    });
  });
}

type Handler = (state: FakeState, req: RequestDraft, params: string[]) => RestResult;

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

const ok = (json: unknown, status = 200): RestResult => ({ status, json, handled: true });
const noContent = (): RestResult => ({ status: 204, handled: true });

function requireBot(state: FakeState, req: RequestDraft): void {
  if (req.headers.authorization !== `Bot ${state.token}`) throw errors.unauthorized();
}

function requireApp(state: FakeState, appId: string | undefined): void {
  if (appId !== state.applicationId) throw errors.unknownApplication();
}

function bodyOf(req: RequestDraft): WebhookMessageBody {
  return (req.body ?? {}) as WebhookMessageBody;
}

function isEmptyMessage(body: WebhookMessageBody, req: RequestDraft): boolean {
  return !body.content && !body.embeds?.length && !body.components?.length && req.files.length === 0 && !body.attachments?.length;
}

// --- interactions ----------------------------------------------------------

function interactionFor(state: FakeState, appId: string | undefined, token: string | undefined): InteractionHandle {
  if (appId !== state.applicationId || !token) throw errors.unknownWebhook();
  const handle = state.interactionsByToken.get(token);
  if (!handle || !handle.callbackRecord) throw errors.unknownWebhook();
  return handle;
}

function webhookMessage(state: FakeState, handle: InteractionHandle, messageId: string | undefined): APIMessage {
  const id = messageId === '@original' ? handle.originalId : messageId;
  if (!id || (messageId === '@original' && handle.originalDeleted)) throw errors.unknownMessage();
  if (id !== handle.originalId && !handle.followUpIds.includes(id)) throw errors.unknownMessage();
  const message = state.messages.get(id);
  if (!message) throw errors.unknownMessage();
  return message;
}

const interactionCallback: Handler = (state, req, [id, token]) => {
  const handle = id ? state.interactionsById.get(id) : undefined;
  if (!handle || handle.token !== token) throw errors.unknownInteraction();
  if (handle.callbackRecord) throw errors.alreadyAcknowledged();
  const body = req.body as APIInteractionResponse;
  const data = 'data' in body ? (body.data as Record<string, unknown> | undefined) : undefined;
  const payload = handle.payload;
  const channelId = payload.channel?.id ?? state.channelId;
  const componentMessage = 'message' in payload && payload.message ? state.messages.get(payload.message.id) : undefined;

  switch (body.type) {
    case InteractionResponseType.ChannelMessageWithSource: {
      const messageBody = (data ?? {}) as WebhookMessageBody;
      if (isEmptyMessage(messageBody, req)) throw errors.emptyMessage();
      checkMessageLimits(messageBody);
      const message = state.messageFromBody(messageBody, req.files, {
        channelId,
        guildId: state.guildId,
        webhookId: state.applicationId,
        applicationId: state.applicationId,
        type: payload.type === InteractionType.ApplicationCommand ? MessageType.ChatInputCommand : MessageType.Reply,
      });
      handle.originalId = message.id;
      break;
    }
    case InteractionResponseType.DeferredChannelMessageWithSource: {
      const flags = Number((data as { flags?: number } | undefined)?.flags ?? 0) & MessageFlags.Ephemeral;
      const message = state.storeMessage({
        channelId,
        guildId: state.guildId,
        author: state.botUser,
        webhookId: state.applicationId,
        applicationId: state.applicationId,
        type: payload.type === InteractionType.ApplicationCommand ? MessageType.ChatInputCommand : MessageType.Reply,
        flags: MessageFlags.Loading | flags,
      });
      handle.originalId = message.id;
      break;
    }
    case InteractionResponseType.DeferredMessageUpdate:
      handle.originalId = componentMessage?.id ?? null;
      break;
    case InteractionResponseType.UpdateMessage:
      checkMessageLimits((data ?? {}) as WebhookMessageBody);
      if (componentMessage) state.editMessage(componentMessage, (data ?? {}) as WebhookMessageBody, req.files);
      handle.originalId = componentMessage?.id ?? null;
      break;
    default:
      // Pong, autocomplete result, modal, premium required, launch activity: recorded, no message.
      break;
  }

  const withResponse = req.query.with_response === 'true';
  handle.setCallback({
    type: body.type,
    data,
    // Filled in by server.ts once the response is known; the object identity is what matters.
    request: req as RecordedRequest,
    withResponse,
    latencyMs: req.receivedAt - handle.dispatchedAt,
  });
  if (!withResponse) return noContent();

  const original = handle.original;
  const result: RESTPostAPIInteractionCallbackWithResponseResult = {
    interaction: {
      id: handle.id,
      type: payload.type,
      ...(original
        ? {
            response_message_id: original.id,
            response_message_loading: Boolean((original.flags ?? 0) & MessageFlags.Loading),
            response_message_ephemeral: Boolean((original.flags ?? 0) & MessageFlags.Ephemeral),
          }
        : {}),
    },
  };
  if (original) result.resource = { type: body.type, message: original };
  return ok(result);
};

const webhookExecute: Handler = (state, req, [appId, token]) => {
  const handle = interactionFor(state, appId, token);
  const body = bodyOf(req);
  if (isEmptyMessage(body, req)) throw errors.emptyMessage();
  checkMessageLimits(body);
  const message = state.messageFromBody(body, req.files, {
    channelId: handle.payload.channel?.id ?? state.channelId,
    guildId: state.guildId,
    webhookId: state.applicationId,
    applicationId: state.applicationId,
    type: MessageType.Default,
  });
  handle.followUpIds.push(message.id);
  return req.query.wait === 'true' ? ok(message) : noContent();
};

const webhookMessageGet: Handler = (state, _req, [appId, token, messageId]) =>
  ok(webhookMessage(state, interactionFor(state, appId, token), messageId));

const webhookMessagePatch: Handler = (state, req, [appId, token, messageId]) => {
  const handle = interactionFor(state, appId, token);
  const message = webhookMessage(state, handle, messageId);
  checkMessageLimits(bodyOf(req));
  return ok(state.editMessage(message, bodyOf(req), req.files));
};

const webhookMessageDelete: Handler = (state, _req, [appId, token, messageId]) => {
  const handle = interactionFor(state, appId, token);
  const message = webhookMessage(state, handle, messageId);
  if (message.id === handle.originalId) handle.originalDeleted = true;
  state.messages.delete(message.id);
  return noContent();
};

// --- commands --------------------------------------------------------------

function storeCommands(
  state: FakeState,
  previous: APIApplicationCommand[],
  body: RESTPostAPIApplicationCommandsJSONBody[],
  guildId?: string,
): APIApplicationCommand[] {
  return body.map((input) => {
    const type = input.type ?? ApplicationCommandType.ChatInput;
    const existing = previous.find((c) => c.name === input.name && c.type === type);
    const command = {
      ...input,
      id: existing?.id ?? snowflake(),
      application_id: state.applicationId,
      type,
      version: snowflake(),
      description: 'description' in input ? (input.description ?? '') : '',
      default_member_permissions: input.default_member_permissions ?? null,
      nsfw: input.nsfw ?? false,
      ...(guildId ? { guild_id: guildId } : {}),
    } as APIApplicationCommand;
    return command;
  });
}

const putGlobalCommands: Handler = (state, req, [appId]) => {
  requireBot(state, req);
  requireApp(state, appId);
  const commands = storeCommands(state, state.globalCommands, (req.body ?? []) as RESTPostAPIApplicationCommandsJSONBody[]);
  state.globalCommands.splice(0, state.globalCommands.length, ...commands);
  return ok(commands);
};

const putGuildCommands: Handler = (state, req, [appId, guildId]) => {
  requireBot(state, req);
  requireApp(state, appId);
  if (!guildId) throw errors.unknownApplication();
  const previous = state.guildCommands.get(guildId) ?? [];
  const commands = storeCommands(state, previous, (req.body ?? []) as RESTPostAPIApplicationCommandsJSONBody[], guildId);
  state.guildCommands.set(guildId, commands);
  return ok(commands);
};

// --- channels --------------------------------------------------------------

function channelMessage(state: FakeState, channelId: string | undefined, messageId: string | undefined): APIMessage {
  const message = messageId ? state.messages.get(messageId) : undefined;
  if (!message || message.channel_id !== channelId) throw errors.unknownMessage();
  return message;
}

const postChannelMessage: Handler = (state, req, [channelId]) => {
  requireBot(state, req);
  if (!channelId || !state.channel(channelId)) throw errors.unknownChannel();
  const body = bodyOf(req);
  if (isEmptyMessage(body, req)) throw errors.emptyMessage();
  checkMessageLimits(body);
  const message = state.messageFromBody(body, req.files, { channelId, guildId: state.guildId });
  state.channelPosts.push(message);
  return ok(message);
};

// --- table -----------------------------------------------------------------

const S = '([^/]+)';
const routes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/gateway\/bot$/,
    handler: (state, req) => {
      requireBot(state, req);
      const info: APIGatewayBotInfo = {
        url: state.gatewayUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      };
      return ok(info);
    },
  },
  { method: 'GET', pattern: /^\/gateway$/, handler: (state) => ok({ url: state.gatewayUrl }) },
  { method: 'GET', pattern: /^\/users\/@me$/, handler: (state, req) => (requireBot(state, req), ok(state.botUser)) },
  { method: 'GET', pattern: /^\/applications\/@me$/, handler: (state, req) => (requireBot(state, req), ok(state.application())) },
  { method: 'PUT', pattern: new RegExp(`^/applications/${S}/commands$`), handler: putGlobalCommands },
  {
    method: 'GET',
    pattern: new RegExp(`^/applications/${S}/commands$`),
    handler: (state, req, [appId]) => (requireBot(state, req), requireApp(state, appId), ok(state.globalCommands)),
  },
  { method: 'PUT', pattern: new RegExp(`^/applications/${S}/guilds/${S}/commands$`), handler: putGuildCommands },
  {
    method: 'GET',
    pattern: new RegExp(`^/applications/${S}/guilds/${S}/commands$`),
    handler: (state, req, [appId, guildId]) => (
      requireBot(state, req), requireApp(state, appId), ok(state.guildCommands.get(guildId ?? '') ?? [])
    ),
  },
  { method: 'POST', pattern: new RegExp(`^/interactions/${S}/${S}/callback$`), handler: interactionCallback },
  { method: 'POST', pattern: new RegExp(`^/webhooks/${S}/${S}$`), handler: webhookExecute },
  { method: 'GET', pattern: new RegExp(`^/webhooks/${S}/${S}/messages/${S}$`), handler: webhookMessageGet },
  { method: 'PATCH', pattern: new RegExp(`^/webhooks/${S}/${S}/messages/${S}$`), handler: webhookMessagePatch },
  { method: 'DELETE', pattern: new RegExp(`^/webhooks/${S}/${S}/messages/${S}$`), handler: webhookMessageDelete },
  {
    method: 'GET',
    pattern: new RegExp(`^/channels/${S}$`),
    handler: (state, req, [channelId]) => {
      requireBot(state, req);
      const channel = state.channel(channelId ?? '');
      if (!channel) throw errors.unknownChannel();
      return ok(channel);
    },
  },
  { method: 'POST', pattern: new RegExp(`^/channels/${S}/messages$`), handler: postChannelMessage },
  {
    method: 'GET',
    pattern: new RegExp(`^/channels/${S}/messages/${S}$`),
    handler: (state, req, [c, m]) => (requireBot(state, req), ok(channelMessage(state, c, m))),
  },
  {
    method: 'PATCH',
    pattern: new RegExp(`^/channels/${S}/messages/${S}$`),
    handler: (state, req, [c, m]) => (
      requireBot(state, req), checkMessageLimits(bodyOf(req)), ok(state.editMessage(channelMessage(state, c, m), bodyOf(req), req.files))
    ),
  },
  {
    method: 'DELETE',
    pattern: new RegExp(`^/channels/${S}/messages/${S}$`),
    handler: (state, req, [c, m]) => {
      requireBot(state, req);
      state.messages.delete(channelMessage(state, c, m).id);
      return noContent();
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/channels/${S}/typing$`),
    handler: (state, req, [c]) => {
      requireBot(state, req);
      if (!state.channel(c ?? '')) throw errors.unknownChannel();
      return noContent();
    },
  },
];

export const API_PREFIX = '/api/v10';

/** Routes one request. Never throws: errors become Discord-style JSON errors. */
export function handleRequest(state: FakeState, req: RequestDraft): RestResult {
  if (req.method === 'GET' && req.decodedPath.startsWith('/attachments/')) {
    const file = state.files.get(req.path) ?? state.files.get(encodeAttachmentPath(req.decodedPath));
    if (!file) return { status: 404, json: { message: '404: Not Found', code: 0 }, handled: true };
    return { status: 200, raw: { data: file.data, contentType: file.contentType }, handled: true };
  }
  if (req.decodedPath.startsWith(`${API_PREFIX}/`)) {
    for (const route of routes) {
      if (route.method !== req.method) continue;
      const match = route.pattern.exec(req.route);
      if (!match) continue;
      try {
        return route.handler(state, req, match.slice(1));
      } catch (error) {
        if (error instanceof RestError) {
          return { status: error.status, json: { message: error.message, code: error.code }, handled: true };
        }
        return {
          status: 500,
          json: { message: `fake-discord internal error: ${(error as Error).message}`, code: 0 },
          handled: true,
        };
      }
    }
  }
  return { status: 404, json: { message: '404: Not Found', code: 0 }, handled: false };
}

function encodeAttachmentPath(decoded: string): string {
  const parts = decoded.split('/');
  const name = parts.pop() ?? '';
  return [...parts, encodeURIComponent(name)].join('/');
}
