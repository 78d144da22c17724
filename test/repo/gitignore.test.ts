/**
 * What git keeps out of the repository: every `.env` variant holds secrets;
 * `.env.example` is the template everyone copies and must stay tracked.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../e2e/support/harness.js';

const inGit = existsSync(join(REPO_ROOT, '.git'));

/** True when git would ignore `path` (relative to the repository). */
function ignored(path: string): boolean {
  const result = spawnSync('git', ['check-ignore', '--no-index', '-q', path], { cwd: REPO_ROOT });
  if (result.status !== 0 && result.status !== 1) throw new Error(`git check-ignore failed: ${result.stderr.toString()}`);
  return result.status === 0;
}

describe.skipIf(!inGit)('.gitignore', () => {
  it('ignores .env and every .env.* file', () => {
    for (const path of ['.env', '.env.local', '.env.production', '.env.staging.local']) expect(ignored(path), path).toBe(true);
  });

  it('keeps .env.example tracked', () => {
    expect(ignored('.env.example')).toBe(false);
  });
});
