/**
 * Registers the slash commands with Discord: to one guild when a guild id is
 * configured (instant), globally otherwise (can take up to an hour to show).
 */
import { DiscordAPIError, REST, Routes } from 'discord.js';
import type { Config } from '../config.js';
import type { Command } from './command.js';

/** A deploy that cannot proceed; the message says which key to fix. */
export class DeployError extends Error {
  override name = 'DeployError';
}

export interface DeployResult {
  scope: 'guild' | 'global';
  names: string[];
}

export async function deployCommands(config: Config, commands: readonly Command[]): Promise<DeployResult> {
  const missing = [!config.discordToken && 'DISCORD_TOKEN', !config.discordClientId && 'DISCORD_CLIENT_ID'].filter(Boolean);
  if (missing.length > 0) throw new DeployError(`deploy: set ${missing.join(' and ')} in .env (see .env.example)`);
  const rest = new REST(config.discordApiUrl ? { api: config.discordApiUrl } : {}).setToken(config.discordToken!);
  const body = commands.map((c) => c.data);
  const route = config.discordGuildId
    ? Routes.applicationGuildCommands(config.discordClientId!, config.discordGuildId)
    : Routes.applicationCommands(config.discordClientId!);
  try {
    const registered = (await rest.put(route, { body })) as { name: string }[];
    return { scope: config.discordGuildId ? 'guild' : 'global', names: registered.map((c) => c.name) };
  } catch (error) {
    if (error instanceof DiscordAPIError) {
      if (error.status === 401) throw new DeployError('deploy: Discord rejected DISCORD_TOKEN (401 Unauthorized). Copy the bot token again from the developer portal.');
      if (error.status === 403) throw new DeployError('deploy: not allowed (403). Is the bot in that server (DISCORD_GUILD_ID), invited with the applications.commands scope?');
      if (error.status === 404 || error.status === 400) {
        throw new DeployError(`deploy: Discord rejected DISCORD_CLIENT_ID${config.discordGuildId ? ' or DISCORD_GUILD_ID' : ''} (${error.status}: ${error.message})`);
      }
      throw new DeployError(`deploy: Discord answered ${error.status}: ${error.message}`);
    }
    throw new DeployError(`deploy: could not reach Discord: ${(error as Error).message}`);
  }
}
