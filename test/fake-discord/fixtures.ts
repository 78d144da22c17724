/**
 * Payload builders for the fake Discord server. Every object here is typed
 * with discord-api-types/v10 and is complete enough for discord.js v14 to
 * build its structures from it.
 *
 * Rule of thumb learned from discord.js internals: many `_patch` methods do
 * `if ('x' in data)` and then dereference `data.x`, so optional fields are
 * OMITTED rather than set to `null` (notably `thread` on messages).
 */
import {
  ChannelType,
  type ChannelFlags,
  type GuildMemberFlags,
  type RoleFlags,
  type UserFlags,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  Locale,
  MessageType,
  PermissionFlagsBits,
  type APIAttachment,
  type APIGuildMember,
  type APIGuildTextChannel,
  type APIMessage,
  type APIRole,
  type APIUser,
  type GatewayGuildCreateDispatchData,
} from 'discord-api-types/v10';

/** Discord epoch (2015-01-01T00:00:00.000Z). */
const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;

/** A fresh, valid, time-ordered snowflake. */
export function snowflake(at: number = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

/** Permission input accepted by the fake: a bigint bitfield (e.g. PermissionFlagsBits.ManageGuild), a decimal string, or a list of bigints. */
export type PermissionsInput = bigint | string | readonly bigint[];

export function permissionsToString(input: PermissionsInput): string {
  if (typeof input === 'string') return BigInt(input).toString();
  if (typeof input === 'bigint') return input.toString();
  return input.reduce((acc, bit) => acc | bit, 0n).toString();
}

/** What an ordinary member of a guild can do (no ManageGuild, no Administrator). */
export const DEFAULT_MEMBER_PERMISSIONS: bigint =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.UseExternalEmojis;

/** What the bot itself is allowed to do in the channel (`app_permissions`). */
export const DEFAULT_APP_PERMISSIONS: bigint =
  DEFAULT_MEMBER_PERMISSIONS | PermissionFlagsBits.ManageMessages | PermissionFlagsBits.CreatePublicThreads;

export function makeUser(overrides: Partial<APIUser> & Pick<APIUser, 'id' | 'username'>): APIUser {
  return {
    discriminator: '0',
    global_name: overrides.bot ? null : overrides.username,
    avatar: null,
    public_flags: 0 as UserFlags,
    flags: 0 as UserFlags,
    ...overrides,
  };
}

export function makeRole(overrides: Partial<APIRole> & Pick<APIRole, 'id' | 'name'>): APIRole {
  return {
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    position: 0,
    permissions: '0',
    managed: false,
    mentionable: false,
    flags: 0 as RoleFlags,
    ...overrides,
  };
}

export function makeMember(user: APIUser, roles: string[] = [], joinedAt = new Date(Date.now() - 86_400_000)): APIGuildMember {
  return {
    user,
    nick: null,
    avatar: null,
    roles,
    joined_at: joinedAt.toISOString(),
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
    communication_disabled_until: null,
  };
}

export function makeTextChannel(
  id: string,
  name: string,
  guildId: string,
  position = 0,
): APIGuildTextChannel<ChannelType.GuildText> {
  return {
    id,
    type: ChannelType.GuildText,
    guild_id: guildId,
    name,
    position,
    permission_overwrites: [],
    nsfw: false,
    parent_id: null,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0 as ChannelFlags,
  };
}

export interface GuildFixtureInput {
  guildId: string;
  name: string;
  ownerId: string;
  applicationId: string;
  roles: APIRole[];
  channels: APIGuildTextChannel<ChannelType.GuildText>[];
  members: APIGuildMember[];
}

/** A GUILD_CREATE payload (what the gateway sends right after READY). */
export function makeGuildCreate(input: GuildFixtureInput): GatewayGuildCreateDispatchData {
  return {
    id: input.guildId,
    name: input.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: input.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: input.roles,
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotifications,
    rules_channel_id: null,
    vanity_url_code: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: Locale.EnglishUS,
    public_updates_channel_id: null,
    nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    max_members: 500_000,
    // GUILD_CREATE-only fields
    joined_at: new Date(Date.now() - 86_400_000).toISOString(),
    large: false,
    unavailable: false,
    member_count: input.members.length,
    voice_states: [],
    members: input.members,
    channels: input.channels,
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export interface MessageInput {
  id?: string;
  channelId: string;
  guildId?: string;
  author: APIUser;
  content?: string;
  embeds?: APIMessage['embeds'];
  components?: APIMessage['components'];
  attachments?: APIAttachment[];
  flags?: number;
  type?: MessageType;
  webhookId?: string;
  applicationId?: string;
}

/**
 * A complete message object. Never carries `thread: null` (discord.js would
 * try to build a thread channel from it and crash).
 */
export function makeMessage(input: MessageInput): APIMessage {
  const message: APIMessage = {
    id: input.id ?? snowflake(),
    channel_id: input.channelId,
    author: input.author,
    content: input.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: input.attachments ?? [],
    embeds: input.embeds ?? [],
    components: input.components ?? [],
    pinned: false,
    type: input.type ?? MessageType.Default,
    flags: input.flags ?? 0,
  };
  if (input.webhookId) message.webhook_id = input.webhookId;
  if (input.applicationId) message.application_id = input.applicationId;
  if (input.guildId) (message as APIMessage & { guild_id?: string }).guild_id = input.guildId;
  return message;
}
