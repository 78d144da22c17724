/** The flags of `npm run deploy`. */
import type { DeployOptions } from '../bot/deploy.js';

export const DEPLOY_USAGE = `Usage: npm run deploy -- [--guild [ID] | --global] [--clear]

  (no flag)     to DISCORD_GUILD_ID when it is set, else globally
  --guild [ID]  to one server (instant): ID, or DISCORD_GUILD_ID; removes the global copies
  --global      to every server the bot is in (up to an hour to appear); removes the guild copies
  --clear       remove the commands instead: from the scope given, or from both

Re-run it after an update that changes commands.`;

export class DeployUsageError extends Error {
  override name = 'DeployUsageError';
}

/** `--guild [ID]`, `--global`, `--clear`, `--help`. */
export function parseDeployArgs(argv: readonly string[]): DeployOptions & { help?: boolean } {
  const options: DeployOptions & { help?: boolean } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg === '--clear') options.clear = true;
    else if (arg === '--global' || arg === '--guild' || arg.startsWith('--guild=')) {
      const scope = arg === '--global' ? 'global' : 'guild';
      if (options.scope && options.scope !== scope) throw new DeployUsageError('deploy: give --guild or --global, not both');
      options.scope = scope;
      const id = arg.startsWith('--guild=') ? arg.slice('--guild='.length) : arg === '--guild' && argv[i + 1] && !argv[i + 1]!.startsWith('--') ? argv[++i] : undefined;
      if (id !== undefined) {
        if (!/^\d{17,20}$/.test(id)) throw new DeployUsageError(`deploy: --guild takes a server id (17 to 20 digits), not "${id}"`);
        options.guildId = id;
      }
    } else throw new DeployUsageError(`deploy: unknown option "${arg}"`);
  }
  return options;
}
