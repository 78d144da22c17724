/**
 * Registers the slash commands with Discord, in one scope: a guild (instant) or
 * global (every server, can take up to an hour to show). The other scope's
 * copies are removed, so a server never lists each command twice. Each scope is
 * read first: what is added, changed and removed is reported, and a scope that
 * already holds exactly these commands is left alone.
 */
import { DiscordAPIError, REST, Routes, type RESTGetAPIApplicationCommandsResult } from 'discord.js';
import type { Config } from '../config.js';
import type { Command } from './command.js';

/** A deploy that cannot proceed; the message says which key or flag to fix. */
export class DeployError extends Error {
  override name = 'DeployError';
}

export type DeployScope = 'guild' | 'global';

export interface DeployOptions {
  /** Where to register: the guild (`--guild`) or everywhere (`--global`). Default: the guild when one is known, else global. */
  scope?: DeployScope;
  /** The guild for `scope: 'guild'` (and whose copies a global deploy removes); default `DISCORD_GUILD_ID`. */
  guildId?: string | undefined;
  /** Remove the commands instead of registering them: from `scope` when given, else from both scopes. */
  clear?: boolean;
}

/** What one scope held before and holds now, by command name. */
export interface ScopeChanges {
  scope: DeployScope;
  guildId?: string | undefined;
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
}

export interface DeployResult {
  /** The scope the commands are registered in now; undefined after a clear. */
  scope: DeployScope | undefined;
  /** The commands registered there. */
  names: string[];
  /** Per scope touched, in order: the one deployed to first. */
  changes: ScopeChanges[];
}

type Existing = RESTGetAPIApplicationCommandsResult[number];

/** Discord leaves out (or sends back as null) what is false, empty or unset. */
function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === false || (Array.isArray(value) && value.length === 0);
}

/** True when every field `wanted` sets is the same in `have` (Discord adds ids, versions, localizations…). */
export function sameFields(wanted: unknown, have: unknown): boolean {
  if (isBlank(wanted)) return isBlank(have);
  if (Array.isArray(wanted)) return Array.isArray(have) && have.length === wanted.length && wanted.every((w, i) => sameFields(w, have[i]));
  if (typeof wanted === 'object') {
    if (typeof have !== 'object' || have === null) return false;
    return Object.entries(wanted as Record<string, unknown>).every(([key, value]) => sameFields(value, (have as Record<string, unknown>)[key]));
  }
  return String(wanted) === String(have);
}

export function diffCommands(wanted: readonly Command['data'][], existing: readonly Existing[]): Omit<ScopeChanges, 'scope' | 'guildId'> {
  const have = new Map(existing.map((c) => [c.name, c]));
  const names = new Set(wanted.map((c) => c.name));
  const changes = { added: [] as string[], changed: [] as string[], removed: [] as string[], unchanged: [] as string[] };
  for (const command of wanted) {
    const current = have.get(command.name);
    if (!current) changes.added.push(command.name);
    else if (sameFields(command, current)) changes.unchanged.push(command.name);
    else changes.changed.push(command.name);
  }
  for (const command of existing) if (!names.has(command.name)) changes.removed.push(command.name);
  return changes;
}

function explain(error: unknown, guildId: string | undefined): DeployError {
  if (error instanceof DiscordAPIError) {
    if (error.status === 401) return new DeployError('deploy: Discord rejected DISCORD_TOKEN (401 Unauthorized). Copy the bot token again from the developer portal.');
    if (error.status === 403) return new DeployError('deploy: not allowed (403). Is the bot in that server (DISCORD_GUILD_ID or --guild), invited with the applications.commands scope?');
    if (error.status === 404 || error.status === 400) {
      return new DeployError(`deploy: Discord rejected DISCORD_CLIENT_ID${guildId ? ' or the guild id' : ''} (${error.status}: ${error.message})`);
    }
    return new DeployError(`deploy: Discord answered ${error.status}: ${error.message}`);
  }
  return new DeployError(`deploy: could not reach Discord: ${(error as Error).message}`);
}

export async function deployCommands(config: Config, commands: readonly Command[], options: DeployOptions = {}): Promise<DeployResult> {
  const missing = [!config.discordToken && 'DISCORD_TOKEN', !config.discordClientId && 'DISCORD_CLIENT_ID'].filter(Boolean);
  if (missing.length > 0) throw new DeployError(`deploy: set ${missing.join(' and ')} in .env (see .env.example)`);
  const guildId = options.guildId ?? config.discordGuildId;
  const scope: DeployScope = options.scope ?? (guildId ? 'guild' : 'global');
  if (scope === 'guild' && !guildId) throw new DeployError('deploy: --guild needs a server id: give it (--guild 123456789012345678) or set DISCORD_GUILD_ID in .env');
  const appId = config.discordClientId!;
  const rest = new REST(config.discordApiUrl ? { api: config.discordApiUrl } : {}).setToken(config.discordToken!);
  const body = commands.map((c) => c.data);

  const guildRoute = guildId ? Routes.applicationGuildCommands(appId, guildId) : undefined;
  const globalRoute = Routes.applicationCommands(appId);
  const deployed = scope === 'guild' ? guildRoute! : globalRoute;
  const other = scope === 'guild' ? globalRoute : guildRoute;
  const targets: { scope: DeployScope; route: `/${string}`; wanted: Command['data'][] }[] = [];
  const otherScope: DeployScope = scope === 'guild' ? 'global' : 'guild';
  if (options.clear) {
    targets.push({ scope, route: deployed, wanted: [] });
    if (!options.scope && other) targets.push({ scope: otherScope, route: other, wanted: [] });
  } else {
    targets.push({ scope, route: deployed, wanted: body });
    if (other) targets.push({ scope: otherScope, route: other, wanted: [] });
  }

  const changes: ScopeChanges[] = [];
  try {
    for (const target of targets) {
      const existing = (await rest.get(target.route)) as Existing[];
      const diff = diffCommands(target.wanted, existing);
      if (diff.added.length + diff.changed.length + diff.removed.length > 0) await rest.put(target.route, { body: target.wanted });
      changes.push({ scope: target.scope, ...(target.scope === 'guild' ? { guildId } : {}), ...diff });
    }
  } catch (error) {
    throw explain(error, guildId);
  }
  return { scope: options.clear ? undefined : scope, names: options.clear ? [] : body.map((c) => c.name), changes };
}

/** The report `npm run deploy` prints: one block per scope. */
export function describeDeploy(result: DeployResult): string {
  const list = (names: string[]) => (names.length > 0 ? names.map((n) => `/${n}`).join(' ') : '—');
  const lines: string[] = [];
  for (const c of result.changes) {
    const where = c.scope === 'guild' ? `guild ${c.guildId}` : 'global';
    const nothing = c.added.length + c.changed.length + c.removed.length === 0;
    lines.push(`deploy: ${where}: ${nothing ? 'nothing to change' : 'updated'}`);
    lines.push(`  added:     ${list(c.added)}`, `  changed:   ${list(c.changed)}`, `  removed:   ${list(c.removed)}`, `  unchanged: ${list(c.unchanged)}`);
  }
  if (result.scope === 'guild') lines.push(`deploy: ${result.names.length} commands registered to the guild (available now).`);
  else if (result.scope === 'global') lines.push(`deploy: ${result.names.length} commands registered globally (new or changed ones may take up to an hour to appear).`);
  else lines.push('deploy: commands cleared.');
  return lines.join('\n');
}
