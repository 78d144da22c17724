/** Moderator checks: Discord hides moderator commands by default, and we check again on use. */
import { PermissionFlagsBits, type BaseInteraction } from 'discord.js';
import { UserError } from './errors.js';

/** The permission that makes someone a corpus moderator. */
export const MODERATOR_PERMISSION = PermissionFlagsBits.ManageGuild;

/**
 * @throws {UserError} when the member lacks Manage Server. A server can grant the
 * command to others in its integration settings; the corpus stays moderators' only.
 */
export function requireModerator(interaction: BaseInteraction): void {
  if (!interaction.inGuild() || !interaction.memberPermissions?.has(MODERATOR_PERMISSION)) {
    throw new UserError('Only moderators (Manage Server permission) can change the corpus.');
  }
}
