/**
 * Moderator checks. A moderator is a member with Manage Server, or with one of the
 * roles named in `MODERATOR_ROLE_IDS`. Discord hides `/corpus` from members without
 * Manage Server by default (a command's default permissions cannot name roles); the
 * bot checks again on every use, with the roles.
 */
import { PermissionFlagsBits, type BaseInteraction } from 'discord.js';
import { UserError } from './errors.js';

/** The permission that makes someone a corpus moderator, whatever their roles. */
export const MODERATOR_PERMISSION = PermissionFlagsBits.ManageGuild;

/** The member's role ids, from a cached member or the interaction's raw one. */
function roleIds(interaction: BaseInteraction): string[] {
  const member = interaction.member;
  if (!member) return [];
  return Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
}

/** True for a member of a server with Manage Server or one of `roles`. */
export function isModerator(interaction: BaseInteraction, roles: readonly string[] = []): boolean {
  if (!interaction.inGuild()) return false;
  if (interaction.memberPermissions?.has(MODERATOR_PERMISSION)) return true;
  return roles.length > 0 && roleIds(interaction).some((id) => roles.includes(id));
}

/**
 * @throws {UserError} when the member is not a moderator. A server can grant the
 * command to others in its integration settings; the corpus stays moderators' only.
 */
export function requireModerator(interaction: BaseInteraction, roles: readonly string[] = []): void {
  if (!isModerator(interaction, roles)) {
    throw new UserError(
      roles.length > 0
        ? 'Only moderators (Manage Server permission, or a moderator role) can use /corpus.'
        : 'Only moderators (Manage Server permission) can use /corpus.',
    );
  }
}
