/**
 * `npm run deploy`: registers the commands listed in commands/index.ts.
 */
import { commands } from '../commands/index.js';
import { deployCommands, DeployError } from './bot/deploy.js';
import { ConfigError, loadConfig } from './config.js';

loadConfig()
  .then((config) => deployCommands(config, commands))
  .then(({ scope, names }) => {
    console.log(`deploy: registered ${names.length} commands ${scope === 'guild' ? 'to the guild (available now)' : 'globally (may take up to an hour to appear)'}: ${names.map((n) => `/${n}`).join(' ')}`);
  })
  .catch((error: unknown) => {
    console.error(error instanceof DeployError || error instanceof ConfigError ? error.message : `deploy: ${(error as Error).message}`);
    process.exitCode = 1;
  });
