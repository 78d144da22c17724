/**
 * Building INTERACTION_CREATE payloads and tracking what the bot does with
 * them (callback, edits of @original, follow-ups).
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ButtonStyle,
  ComponentType,
  InteractionContextType,
  InteractionResponseType,
  InteractionType,
  Locale,
  type APIApplicationCommandAutocompleteGuildInteraction,
  type APIApplicationCommandInteractionDataOption,
  type APIAttachment,
  type APIChatInputApplicationCommandGuildInteraction,
  type APIInteraction,
  type APIInteractionDataResolved,
  type APIInteractionDataResolvedGuildMember,
  type APIMessage,
  type APIMessageComponentButtonInteraction,
  type APIModalSubmitGuildInteraction,
  type APIUser,
  type GuildMemberFlags,
} from 'discord-api-types/v10';
import {
  DEFAULT_APP_PERMISSIONS,
  DEFAULT_MEMBER_PERMISSIONS,
  makeUser,
  permissionsToString,
  snowflake,
  type PermissionsInput,
} from './fixtures.js';
import type { FakeState, RecordedRequest } from './state.js';

// ---------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------

/** A command option plus whatever it contributes to `data.resolved`. */
export interface OptionInput {
  option: APIApplicationCommandInteractionDataOption;
  resolved?: APIInteractionDataResolved;
}

type Focus = { focused?: boolean };

/** Helpers that build command options (use with `sendInteraction({ kind: 'command', options: [...] })`). */
export const opt = {
  string: (name: string, value: string, { focused }: Focus = {}): OptionInput => ({
    option: { name, type: ApplicationCommandOptionType.String, value, ...(focused ? { focused } : {}) },
  }),
  integer: (name: string, value: number, { focused }: Focus = {}): OptionInput => ({
    option: { name, type: ApplicationCommandOptionType.Integer, value, ...(focused ? { focused } : {}) },
  }),
  number: (name: string, value: number, { focused }: Focus = {}): OptionInput => ({
    option: { name, type: ApplicationCommandOptionType.Number, value, ...(focused ? { focused } : {}) },
  }),
  boolean: (name: string, value: boolean): OptionInput => ({
    option: { name, type: ApplicationCommandOptionType.Boolean, value },
  }),
  /** An attachment option; build the attachment with `fake.addAttachment(...)`. */
  attachment: (name: string, attachment: APIAttachment): OptionInput => ({
    option: { name, type: ApplicationCommandOptionType.Attachment, value: attachment.id },
    resolved: { attachments: { [attachment.id]: attachment } },
  }),
  /** A user option; pass `member` roles/permissions to also resolve a guild member. */
  user: (
    name: string,
    user: Partial<APIUser> & Pick<APIUser, 'id' | 'username'>,
    member?: { roles?: string[]; permissions?: PermissionsInput; nick?: string | null },
  ): OptionInput => {
    const full = makeUser(user);
    const resolved: APIInteractionDataResolved = { users: { [full.id]: full } };
    if (member) {
      const resolvedMember: APIInteractionDataResolvedGuildMember = {
        roles: member.roles ?? [],
        nick: member.nick ?? null,
        avatar: null,
        joined_at: new Date(Date.now() - 86_400_000).toISOString(),
        premium_since: null,
        flags: 0 as GuildMemberFlags,
        pending: false,
        communication_disabled_until: null,
        permissions: permissionsToString(member.permissions ?? DEFAULT_MEMBER_PERMISSIONS),
      };
      resolved.members = { [full.id]: resolvedMember };
    }
    return { option: { name, type: ApplicationCommandOptionType.User, value: full.id }, resolved };
  },
  subcommand: (name: string, options: (OptionInput | APIApplicationCommandInteractionDataOption)[] = []): OptionInput => {
    const inputs = options.map(toOptionInput);
    return {
      option: {
        name,
        type: ApplicationCommandOptionType.Subcommand,
        options: inputs.map((i) => i.option) as never,
      },
      resolved: mergeResolved(inputs),
    };
  },
  subcommandGroup: (name: string, subcommands: OptionInput[]): OptionInput => ({
    option: {
      name,
      type: ApplicationCommandOptionType.SubcommandGroup,
      options: subcommands.map((s) => s.option) as never,
    },
    resolved: mergeResolved(subcommands),
  }),
};

function toOptionInput(input: OptionInput | APIApplicationCommandInteractionDataOption): OptionInput {
  return 'option' in input ? input : { option: input };
}

function mergeResolved(inputs: OptionInput[]): APIInteractionDataResolved | undefined {
  const merged: APIInteractionDataResolved = {};
  let any = false;
  for (const { resolved } of inputs) {
    if (!resolved) continue;
    for (const key of ['users', 'members', 'roles', 'channels', 'attachments'] as const) {
      const part = resolved[key];
      if (!part) continue;
      any = true;
      Object.assign((merged[key] ??= {}) as object, part);
    }
  }
  return any ? merged : undefined;
}

// ---------------------------------------------------------------------------
// Interaction specs
// ---------------------------------------------------------------------------

export interface InteractionActorSpec {
  /** Overrides for the invoking user (defaults to the fixture user "reader"). */
  user?: Partial<APIUser>;
  /** Role ids of the invoking member. Use `fake.moderatorRoleId` for the "Editors" role. */
  roles?: string[];
  /** The member's permissions in the channel, e.g. `PermissionFlagsBits.ManageGuild` or `0n`. Default: an ordinary member. */
  permissions?: PermissionsInput;
  /** The bot's permissions in the channel (`app_permissions`). */
  appPermissions?: PermissionsInput;
  channelId?: string;
  locale?: Locale;
  guildLocale?: Locale;
  id?: string;
  token?: string;
}

export interface CommandInteractionSpec extends InteractionActorSpec {
  kind: 'command';
  name: string;
  options?: (OptionInput | APIApplicationCommandInteractionDataOption)[];
  /** Defaults to the id of the registered command with that name, or a fresh snowflake. */
  commandId?: string;
}

export interface AutocompleteInteractionSpec extends InteractionActorSpec {
  kind: 'autocomplete';
  name: string;
  /** Mark the option being typed with `{ focused: true }`. */
  options: (OptionInput | APIApplicationCommandInteractionDataOption)[];
  commandId?: string;
}

export interface ButtonInteractionSpec extends InteractionActorSpec {
  kind: 'button';
  customId: string;
  /** The message carrying the button: a stored message id, a message object, or omitted (the fake makes one). */
  message?: string | APIMessage;
}

export interface ModalSubmitInteractionSpec extends InteractionActorSpec {
  kind: 'modal';
  customId: string;
  /** Text input values by custom id. */
  fields: Record<string, string>;
  /** Set when the modal was opened from a component on this message. */
  message?: string | APIMessage;
}

export type InteractionSpec =
  | CommandInteractionSpec
  | AutocompleteInteractionSpec
  | ButtonInteractionSpec
  | ModalSubmitInteractionSpec;

export function buildInteraction(state: FakeState, spec: InteractionSpec): APIInteraction {
  const channelId = spec.channelId ?? state.channelId;
  const channel = state.channel(channelId) ?? state.channel(state.channelId);
  if (!channel) throw new Error(`fake-discord: unknown channel ${channelId}`);
  const user = makeUser({ ...state.defaultUser, ...spec.user });
  const roles = spec.roles ?? [];
  const guildMember = state.ensureMember(user, roles);
  const base = {
    id: spec.id ?? snowflake(),
    application_id: state.applicationId,
    token: spec.token ?? `fake-interaction-token-${snowflake()}`,
    version: 1 as const,
    guild: { id: state.guildId, features: [], locale: spec.guildLocale ?? Locale.EnglishUS },
    guild_id: state.guildId,
    channel,
    channel_id: channel.id,
    member: {
      ...guildMember,
      user,
      roles,
      permissions: permissionsToString(spec.permissions ?? DEFAULT_MEMBER_PERMISSIONS),
    },
    app_permissions: permissionsToString(spec.appPermissions ?? DEFAULT_APP_PERMISSIONS),
    locale: spec.locale ?? Locale.EnglishUS,
    guild_locale: spec.guildLocale ?? Locale.EnglishUS,
    entitlements: [],
    authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: state.guildId },
    context: InteractionContextType.Guild,
    attachment_size_limit: 10 * 1024 * 1024,
  };

  switch (spec.kind) {
    case 'command': {
      const inputs = (spec.options ?? []).map(toOptionInput);
      const resolved = mergeResolved(inputs);
      const payload: APIChatInputApplicationCommandGuildInteraction = {
        ...base,
        type: InteractionType.ApplicationCommand,
        data: {
          id: spec.commandId ?? commandIdFor(state, spec.name),
          name: spec.name,
          type: ApplicationCommandType.ChatInput,
          guild_id: state.guildId,
          ...(inputs.length ? { options: inputs.map((i) => i.option) } : {}),
          ...(resolved ? { resolved } : {}),
        },
      };
      return payload;
    }
    case 'autocomplete': {
      const inputs = spec.options.map(toOptionInput);
      const payload: APIApplicationCommandAutocompleteGuildInteraction = {
        ...base,
        type: InteractionType.ApplicationCommandAutocomplete,
        data: {
          id: spec.commandId ?? commandIdFor(state, spec.name),
          name: spec.name,
          type: ApplicationCommandType.ChatInput,
          guild_id: state.guildId,
          options: inputs.map((i) => i.option),
        },
      };
      return payload;
    }
    case 'button': {
      const message = resolveMessage(state, spec.message, channel.id, spec.customId);
      const payload: APIMessageComponentButtonInteraction = {
        ...base,
        type: InteractionType.MessageComponent,
        message,
        data: { custom_id: spec.customId, component_type: ComponentType.Button },
      };
      return payload;
    }
    case 'modal': {
      const payload: APIModalSubmitGuildInteraction = {
        ...base,
        type: InteractionType.ModalSubmit,
        data: {
          custom_id: spec.customId,
          components: Object.entries(spec.fields).map(([customId, value]) => ({
            type: ComponentType.ActionRow,
            components: [{ type: ComponentType.TextInput, custom_id: customId, value }],
          })),
        },
      };
      if (spec.message !== undefined) payload.message = resolveMessage(state, spec.message, channel.id, spec.customId);
      return payload;
    }
  }
}

function commandIdFor(state: FakeState, name: string): string {
  const registered = [...(state.guildCommands.get(state.guildId) ?? []), ...state.globalCommands];
  return registered.find((c) => c.name === name)?.id ?? snowflake();
}

function resolveMessage(state: FakeState, message: string | APIMessage | undefined, channelId: string, customId: string): APIMessage {
  if (typeof message === 'string') {
    const stored = state.messages.get(message);
    if (!stored) throw new Error(`fake-discord: no stored message ${message}`);
    return structuredClone(stored);
  }
  if (message) {
    if (!state.messages.has(message.id)) state.messages.set(message.id, structuredClone(message));
    return structuredClone(message);
  }
  const created = state.storeMessage({
    channelId,
    author: state.botUser,
    content: 'Message with a button',
    components: [
      {
        type: ComponentType.ActionRow,
        components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: customId, label: customId }],
      },
    ],
  });
  return structuredClone(created);
}

// ---------------------------------------------------------------------------
// Handle
// ---------------------------------------------------------------------------

export interface CallbackRecord {
  /** InteractionResponseType: 4 reply, 5 deferReply, 6 deferUpdate, 7 update, 8 autocomplete, 9 modal. */
  type: InteractionResponseType;
  /** `body.data` of the callback (message payload, choices, modal…), if any. */
  data: Record<string, unknown> | undefined;
  request: RecordedRequest;
  /** Whether discord.js asked for `?with_response=true`. */
  withResponse: boolean;
  /** Milliseconds between dispatching the interaction and receiving the callback. */
  latencyMs: number;
}

type RequestPredicate = (request: RecordedRequest) => boolean;

const DEFAULT_TIMEOUT = 5_000;

/** Tracks one interaction sent with `fake.sendInteraction()`. */
export class InteractionHandle {
  readonly id: string;
  readonly token: string;
  readonly payload: APIInteraction;
  readonly dispatchedAt: number;
  /** Resolves when the interaction callback arrives. Never rejects (use `waitForCallback` for a timeout). */
  readonly callback: Promise<CallbackRecord>;

  /** @internal */ callbackRecord: CallbackRecord | null = null;
  /** @internal id of the message `@original` currently refers to. */ originalId: string | null = null;
  /** @internal */ originalDeleted = false;
  /** @internal */ readonly followUpIds: string[] = [];
  /** @internal every request for this interaction: callback + webhook calls. */ readonly log: RecordedRequest[] = [];

  readonly #state: FakeState;
  #resolveCallback!: (record: CallbackRecord) => void;

  constructor(state: FakeState, payload: APIInteraction) {
    this.#state = state;
    this.payload = payload;
    this.id = payload.id;
    this.token = payload.token;
    this.dispatchedAt = Date.now();
    this.callback = new Promise((resolve) => (this.#resolveCallback = resolve));
  }

  /** @internal */
  setCallback(record: CallbackRecord): void {
    this.callbackRecord = record;
    this.#resolveCallback(record);
  }

  /** All requests for this interaction in arrival order (callback first). */
  get requests(): RecordedRequest[] {
    return [...this.log];
  }

  /** Webhook calls (`/webhooks/{app}/{token}...`) made after the callback: edits, follow-ups, fetches, deletes. */
  get webhookCalls(): RecordedRequest[] {
    return this.log.filter((r) => r.route.startsWith('/webhooks/'));
  }

  /** Current state of the `@original` message (after reply/defer/edits), or null. */
  get original(): APIMessage | null {
    if (!this.originalId || this.originalDeleted) return null;
    const message = this.#state.messages.get(this.originalId);
    return message ? structuredClone(message) : null;
  }

  /** Follow-up messages in order (current state). */
  get followUps(): APIMessage[] {
    return this.followUpIds.flatMap((id) => {
      const message = this.#state.messages.get(id);
      return message ? [structuredClone(message)] : [];
    });
  }

  waitForCallback(timeoutMs = DEFAULT_TIMEOUT): Promise<CallbackRecord> {
    return this.#state.waiters.waitFor(
      () => this.callbackRecord ?? undefined,
      timeoutMs,
      () => `the callback of interaction ${this.describe()}`,
    );
  }

  /** First webhook call (past or future) matching `predicate`. */
  waitForWebhookCall(predicate: RequestPredicate = () => true, timeoutMs = DEFAULT_TIMEOUT): Promise<RecordedRequest> {
    return this.#state.waiters.waitFor(
      () => this.webhookCalls.find(predicate),
      timeoutMs,
      () => `a matching webhook call for interaction ${this.describe()}`,
    );
  }

  /** First PATCH of a message of this interaction (editReply / webhook edit) whose request matches. */
  waitForEdit(predicate: RequestPredicate = () => true, timeoutMs = DEFAULT_TIMEOUT): Promise<RecordedRequest> {
    return this.waitForWebhookCall((r) => r.method === 'PATCH' && predicate(r), timeoutMs);
  }

  /** First follow-up (POST /webhooks/{app}/{token}) whose request matches. */
  waitForFollowUp(predicate: RequestPredicate = () => true, timeoutMs = DEFAULT_TIMEOUT): Promise<RecordedRequest> {
    return this.waitForWebhookCall(
      (r) => r.method === 'POST' && /^\/webhooks\/[^/]+\/[^/]+$/.test(r.route) && predicate(r),
      timeoutMs,
    );
  }

  /**
   * Waits until the `@original` message satisfies `predicate`, however it got
   * there (reply, deferReply + editReply, update…). Handy for final-state checks.
   */
  waitForOriginal(predicate: (message: APIMessage) => boolean = () => true, timeoutMs = DEFAULT_TIMEOUT): Promise<APIMessage> {
    return this.#state.waiters.waitFor(
      () => {
        const message = this.original;
        return message && predicate(message) ? message : undefined;
      },
      timeoutMs,
      () => `@original of interaction ${this.describe()} to match (now: ${JSON.stringify(this.original?.content ?? null)})`,
    );
  }

  /** Short human description used in timeout errors. */
  describe(): string {
    const data = this.payload.data as { name?: string; custom_id?: string } | undefined;
    const label = data?.name ? `/${data.name}` : (data?.custom_id ?? '?');
    const calls = this.log.map((r) => `${r.method} ${r.route} → ${r.status}`).join('; ') || 'no calls';
    return `${this.id} (${label}; ${calls})`;
  }
}

export const CALLBACK_TYPES_WITH_MESSAGE = new Set<InteractionResponseType>([
  InteractionResponseType.ChannelMessageWithSource,
  InteractionResponseType.DeferredChannelMessageWithSource,
  InteractionResponseType.DeferredMessageUpdate,
  InteractionResponseType.UpdateMessage,
]);
