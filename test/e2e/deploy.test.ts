/**
 * `npm run deploy` against the fake Discord: one scope at a time, the other
 * scope's copies removed (so a server never lists a command twice), and a report
 * of what was added, changed and removed.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { deployCommands, DeployError } from '../../src/bot/deploy.js';
import { DeployUsageError, parseDeployArgs } from '../../src/cli/deploy-args.js';
import { FakeDiscord } from '../fake-discord/index.js';
import { runProcess, type Run } from '../run-process.js';
import { configFor, CORPUS_DIR, REPO_ROOT } from './support/harness.js';

const NAMES = ['ask', 'sources', 'corpus', 'help'];
let fake: FakeDiscord;

beforeEach(async () => {
  fake = await FakeDiscord.start();
});
afterEach(async () => {
  expect(fake.unexpectedRequests).toEqual([]);
  await fake.stop();
});

const names = (list: { name: string }[]) => list.map((c) => c.name);
const puts = () => fake.requests.filter((r) => r.method === 'PUT');

describe('deployCommands', () => {
  it('moving from guild to global removes the guild copies, and reports it', async () => {
    const config = configFor(fake, CORPUS_DIR);
    await deployCommands(config, commands, { scope: 'guild' });
    expect(names(fake.guildCommands())).toEqual(NAMES);

    const result = await deployCommands(config, commands, { scope: 'global' });
    expect(names(fake.globalCommands)).toEqual(NAMES);
    expect(fake.guildCommands()).toEqual([]);
    expect(result.changes).toEqual([
      { scope: 'global', added: NAMES, changed: [], removed: [], unchanged: [] },
      { scope: 'guild', guildId: fake.guildId, added: [], changed: [], removed: NAMES, unchanged: [] },
    ]);
  });

  it('moving from global to guild removes the global copies', async () => {
    const config = configFor(fake, CORPUS_DIR);
    await deployCommands(config, commands, { scope: 'global' });
    const result = await deployCommands(config, commands, { scope: 'guild' });
    expect(names(fake.guildCommands())).toEqual(NAMES);
    expect(fake.globalCommands).toEqual([]);
    expect(result.changes.map((c) => [c.scope, c.added, c.removed])).toEqual([
      ['guild', NAMES, []],
      ['global', [], NAMES],
    ]);
  });

  it('a second deploy changes nothing and sends no PUT; a changed description is reported as changed', async () => {
    const config = configFor(fake, CORPUS_DIR);
    await deployCommands(config, commands);
    const before = puts().length;
    const again = await deployCommands(config, commands);
    expect(puts().length).toBe(before);
    expect(again.changes[0]).toMatchObject({ scope: 'guild', added: [], changed: [], removed: [], unchanged: NAMES });

    const edited = commands.map((c) => (c.data.name === 'help' ? { ...c, data: { ...c.data, description: 'Something new' } } : c));
    const changed = await deployCommands(config, edited);
    expect(changed.changes[0]).toMatchObject({ changed: ['help'], added: [], removed: [] });
  });

  it('--clear removes the commands from both scopes; --guild with no id and no DISCORD_GUILD_ID is refused', async () => {
    const config = configFor(fake, CORPUS_DIR);
    await deployCommands(config, commands, { scope: 'guild' });
    const cleared = await deployCommands(config, commands, { clear: true });
    expect(fake.guildCommands()).toEqual([]);
    expect(fake.globalCommands).toEqual([]);
    expect(cleared.scope).toBeUndefined();

    const noGuild = configFor(fake, CORPUS_DIR, { DISCORD_GUILD_ID: '' });
    await expect(deployCommands(noGuild, commands, { scope: 'guild' })).rejects.toThrow(DeployError);
    await expect(deployCommands(noGuild, commands, { scope: 'guild' })).rejects.toThrow(/--guild needs a server id/);
  });
});

describe('parseDeployArgs', () => {
  it('reads --guild with and without an id, --global and --clear', () => {
    expect(parseDeployArgs([])).toEqual({});
    expect(parseDeployArgs(['--guild'])).toEqual({ scope: 'guild' });
    expect(parseDeployArgs(['--guild', '1300000000000000002'])).toEqual({ scope: 'guild', guildId: '1300000000000000002' });
    expect(parseDeployArgs(['--guild', '--clear'])).toEqual({ scope: 'guild', clear: true });
    expect(parseDeployArgs(['--global', '--clear'])).toEqual({ scope: 'global', clear: true });
  });

  it('refuses both scopes, a bad id and unknown flags', () => {
    expect(() => parseDeployArgs(['--guild', '--global'])).toThrow(DeployUsageError);
    expect(() => parseDeployArgs(['--guild', 'general'])).toThrow(/server id/);
    expect(() => parseDeployArgs(['--everywhere'])).toThrow(/unknown option "--everywhere"/);
  });
});

describe('npm run deploy', () => {
  function deploy(args: string[]): Promise<Run> {
    return runProcess(process.execPath, [join(REPO_ROOT, 'dist/src/deploy.js'), ...args], {
      cwd: CORPUS_DIR, // no .env here
      env: { PATH: process.env.PATH ?? '', DISCORD_TOKEN: fake.token, DISCORD_CLIENT_ID: fake.applicationId, DISCORD_GUILD_ID: fake.guildId, DISCORD_API_URL: fake.apiBase },
    });
  }

  it('prints what it added, changed and removed in each scope', async () => {
    const first = await deploy(['--guild']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`deploy: guild ${fake.guildId}: updated\n  added:     /ask /sources /corpus /help`);
    expect(first.stdout).toContain('deploy: global: nothing to change');

    const moved = await deploy(['--global']);
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toContain('deploy: global: updated\n  added:     /ask /sources /corpus /help');
    expect(moved.stdout).toMatch(new RegExp(`deploy: guild ${fake.guildId}: updated\\n  added: +—\\n  changed: +—\\n  removed: +/ask /sources /corpus /help`));
    expect(fake.guildCommands()).toEqual([]);
  });

  it('exits 2 with the usage on an unknown flag, before calling Discord', async () => {
    const run = await deploy(['--everywhere']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage: npm run deploy');
    expect(fake.requests.filter((r) => r.route.includes('/commands'))).toEqual([]);
  });
});
