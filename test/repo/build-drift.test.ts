import { describe, expect, it } from 'vitest';
import { buildDrift } from '../../bin/build.js';

describe('what an incremental build would leave wrong in dist/', () => {
  const sources = ['src/main.ts', 'src/runtime/worker.ts', 'src/runtime/worker-boot.mjs', 'src/types.d.ts', 'commands/ask.ts'];
  const built = ['src/main.js', 'src/main.js.map', 'src/runtime/worker.js', 'src/runtime/worker.js.map', 'commands/ask.js', '.tsbuildinfo', '.build-stamp'];

  it('finds nothing when every source has its compiled file', () => {
    expect(buildDrift(sources, built)).toEqual({ missing: [], stale: [] });
  });

  it('names a source whose compiled file was removed, which tsc would not write again', () => {
    const outputs = built.filter((o) => o !== 'src/runtime/worker.js');
    expect(buildDrift(sources, outputs).missing).toEqual(['src/runtime/worker.ts']);
  });

  it('names the compiled files of a source that was deleted or renamed, and nothing else', () => {
    const outputs = [...built, 'src/old-name.js', 'src/old-name.js.map', 'src/old-name.d.ts'];
    expect(buildDrift(sources, outputs).stale).toEqual(['src/old-name.js', 'src/old-name.js.map', 'src/old-name.d.ts']);
  });
});
