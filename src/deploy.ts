/**
 * `npm run deploy [-- --guild [ID] | --global] [--clear]`: registers the commands
 * listed in commands/index.ts, removes the other scope's copies, and prints what
 * it added, changed and removed.
 */
import { commands } from '../commands/index.js';
import { deployCommands, DeployError, describeDeploy } from './bot/deploy.js';
import { DEPLOY_USAGE, DeployUsageError, parseDeployArgs } from './cli/deploy-args.js';
import { ConfigError, loadConfig } from './config.js';

async function main(argv: readonly string[]): Promise<void> {
  const { help, ...options } = parseDeployArgs(argv);
  if (help) {
    console.log(DEPLOY_USAGE);
    return;
  }
  const config = await loadConfig();
  console.log(describeDeploy(await deployCommands(config, commands, options)));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof DeployUsageError) {
    console.error(`${error.message}\n\n${DEPLOY_USAGE}`);
    process.exitCode = 2;
    return;
  }
  console.error(error instanceof DeployError || error instanceof ConfigError ? error.message : `deploy: ${(error as Error).message}`);
  process.exitCode = 1;
});
