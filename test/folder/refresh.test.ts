/**
 * A refresh reuses what did not change (parsed articles, analysed terms) and must
 * give exactly the story a build of the folder gives.
 */
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildStory, refreshing, type Story } from '../../src/folder/build.js';
import { allSteps } from '../../src/text/steps.js';
import { QUESTIONS, REAL_IDS, useCorpusCopy } from '../core/helpers.js';

const refreshed = (dir: string, previous: Story) => allSteps(refreshing(dir, previous));

function expectSameStory(story: Story, built: Story) {
  expect(story.fingerprint).toBe(built.fingerprint);
  expect(story.engine.index.toParts()).toEqual(built.engine.index.toParts());
  expect(story.engine.corpus.passages).toEqual(built.engine.corpus.passages);
  expect(story.suggester.questions).toEqual(built.suggester.questions);
  for (const question of QUESTIONS) expect(story.engine.ask(question), question).toEqual(built.engine.ask(question));
}

describe('refreshing', () => {
  const copy = useCorpusCopy();

  it('builds nothing for a folder exactly as the story was built from it', () => {
    expect(refreshed(copy.dir, buildStory(copy.dir))).toBeUndefined();
  });

  it('gives the story a build gives, keeping the passages of the files that did not change', async () => {
    const previous = buildStory(copy.dir);
    await appendFile(join(copy.dir, `${REAL_IDS[1]}.md`), '\nThe council met again for another round of the talks.\n');
    const story = refreshed(copy.dir, previous)!;
    expectSameStory(story, buildStory(copy.dir));
    expect(story.engine.passagesOf(REAL_IDS[0])[0]).toBe(previous.engine.passagesOf(REAL_IDS[0])[0]);
    expect(story.engine.passagesOf(REAL_IDS[1])[0]).not.toBe(previous.engine.passagesOf(REAL_IDS[1])[0]);
  });

  it('analyses every passage again when the acronyms learned change, and still gives the story a build gives', async () => {
    const previous = buildStory(copy.dir);
    // A new acronym changes the terms of every passage that uses its long form.
    await writeFile(join(copy.dir, '000-aaa-first.md'), 'The Taxpayer Data Office (TDO) reviewed the memorandum of understanding.\n');
    expect(previous.engine.acronyms.some((a) => a.term === 'tdo')).toBe(false);
    expectSameStory(refreshed(copy.dir, previous)!, buildStory(copy.dir));
  });
});
