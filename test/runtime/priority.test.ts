import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LiveStory } from '../../src/runtime/live-story.js';
import { mayRestorePriority } from '../../src/runtime/priority.js';
import { REAL_CORPUS_DIR } from '../core/helpers.js';

const limits = (soft: string) => `Limit                     Soft Limit           Hard Limit           Units\nMax nice priority         ${soft}                    ${soft}                    \n`;
const status = (capabilities: string) => `Name:\tnode\nCapInh:\t0000000000000000\nCapEff:\t${capabilities}\n`;

describe('mayRestorePriority', () => {
  it('is true with CAP_SYS_NICE (root on a host)', () => {
    expect(mayRestorePriority(status('000001ffffffffff'), limits('0'))).toBe(true);
  });

  it("is false for an ordinary user, and for root in a container without CAP_SYS_NICE (Docker's default set)", () => {
    expect(mayRestorePriority(status('0000000000000000'), limits('0'))).toBe(false);
    expect(mayRestorePriority(status('00000000a80425fb'), limits('0'))).toBe(false);
  });

  it('is true when RLIMIT_NICE lets the thread back to nice 0', () => {
    expect(mayRestorePriority(status('0000000000000000'), limits('20'))).toBe(true);
    expect(mayRestorePriority(status('0000000000000000'), limits('unlimited'))).toBe(true);
    expect(mayRestorePriority(status('0000000000000000'), limits('19'))).toBe(false);
  });

  it('is false when the files say nothing', () => {
    expect(mayRestorePriority('', '')).toBe(false);
  });
});

describe.skipIf(process.platform !== 'linux')("the story's worker", () => {
  it('answers at the priority of the process, once open', async () => {
    const nice = (stat: string) => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    const ownNice = nice(readFileSync('/proc/self/stat', 'utf8'));
    const live = await LiveStory.open(REAL_CORPUS_DIR, { snapshot: false });
    try {
      const threads = readdirSync('/proc/self/task').map((tid) => nice(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')));
      expect(threads.every((value) => value === ownNice), JSON.stringify(threads)).toBe(true);
    } finally {
      await live.close();
    }
  });
});
