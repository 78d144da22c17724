import { appendFile, cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { snapshotPath } from '../../src/folder/open.js';
import { RefreshError } from '../../src/folder/build.js';
import { LiveStory } from '../../src/runtime/live-story.js';
import { crash, liveStoryOf } from '../core/helpers.js';

const ARTICLE = `---
title: "IRS hires a lighthouse keeper"
---
The IRS hired a lighthouse keeper, Orla Fenwick, to run its coastal records office.
`;

describe('LiveStory.refresh', () => {
  let dir: string;
  let story: LiveStory;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'storydesk-story-'));
    await cp('corpus', dir, { recursive: true });
    story = await LiveStory.open(dir);
  });
  afterEach(async () => {
    await story.close();
    await rm(dir, { recursive: true, force: true });
    await rm(snapshotPath(dir), { force: true });
  });

  describe('when called while another refresh is running', () => {
    it('reads the folder after the call, so a file written after the running one read it is included', async () => {
      // A change for the first refresh to build (a folder left as it was is not built again).
      await appendFile(join(dir, '000-irs-begins-sharing-taxpayer-data.md'), '\nThe agreement was signed in April.\n');
      let late: Promise<unknown> | undefined;
      const first = story.refresh('first', () => {
        // The first refresh has read the folder by the time it indexes.
        if (late) return;
        writeFileSync(join(dir, '005-lighthouse.md'), ARTICLE);
        late = story.refresh('second');
      });
      const firstReport = await first;
      const secondReport = (await late) as Awaited<typeof first>;
      expect(firstReport.added).toEqual([]);
      expect(secondReport.added.map((a) => a.id)).toEqual(['005-lighthouse']);
      expect(story.catalog.article('005-lighthouse')).toBeDefined();
      expect(story.status().refreshedBy).toBe('second');
    });

    it('shares one queued refresh among the calls made meanwhile', async () => {
      const running = story.refresh('a');
      const b = story.refresh('b');
      const c = story.refresh('c');
      expect(b).toBe(c);
      expect(b).not.toBe(running);
      await Promise.all([running, b]);
      expect(story.status().refreshedBy).toBe('b');
    });
  });

  describe('when nothing in the folder changed', () => {
    it('builds nothing, keeps the story that answers, and reports no change', async () => {
      const before = liveStoryOf(story);
      const progress: number[] = [];
      const report = await story.refresh('mod', (p) => progress.push(p.done));
      expect(report).toMatchObject({ added: [], removed: [], changed: [], articles: 5, passagesBefore: report.passages });
      expect(progress).toEqual([]);
      expect(liveStoryOf(story)).toBe(before);
      expect(story.status().refreshedBy).toBe('mod');
      expect((await story.ask('Who signed the memo?')).answer).toContain('Bessent');
    });

    it('still refuses a file the live story left out at startup', async () => {
      await writeFile(join(dir, 'bad.md'), '---\npublished: 2025-13-45\ntitle: x\n---\nText.\n');
      const opened = await LiveStory.open(dir, { snapshot: false });
      try {
        await expect(opened.refresh('mod')).rejects.toThrow(/bad\.md: front matter: published/);
      } finally {
        await opened.close();
      }
    });
  });

  describe('when the folder holds an unusable file', () => {
    it('refuses, names the file, and keeps the current corpus', async () => {
      await writeFile(join(dir, 'bad.md'), '---\npublished: 2025-13-45\ntitle: x\n---\nText.\n');
      await expect(story.refresh('mod')).rejects.toThrow(RefreshError);
      await expect(story.refresh('mod')).rejects.toThrow(/bad\.md: front matter: published/);
      expect(story.catalog.articles).toHaveLength(5);
    });
  });

  describe('when the story is closed while a refresh is under way', () => {
    it('stops without waiting for the refresh, which fails, and leaves the folder as it was', async () => {
      const closing = await LiveStory.open(dir);
      await appendFile(join(dir, '000-irs-begins-sharing-taxpayer-data.md'), '\nThe agreement was signed in April.\n');
      const files = await readdir(dir);
      let refresh!: Promise<unknown>;
      // Closed once the worker reports progress: the refresh is under way in it.
      const underWay = new Promise<void>((resolve) => {
        refresh = closing.refresh('mod', () => resolve());
      });
      const failed = refresh.then(
        () => 'finished',
        (error: Error) => error.message,
      );
      await underWay;
      await closing.close();
      expect(await failed).toMatch(/^story: aborted|^story: the story host/);
      expect(await readFile(join(dir, '000-irs-begins-sharing-taxpayer-data.md'), 'utf8')).toContain('signed in April');
      // Nothing added or left behind (no temporary file), nothing removed.
      expect(await readdir(dir)).toEqual(files);
    });
  });

  describe('when the worker of the live story dies', () => {
    it('reports it, reopens the folder, and answers again', async () => {
      const lost: Error[] = [];
      const fragile = await LiveStory.open(dir, { onLost: (e) => lost.push(e) });
      try {
        const before = liveStoryOf(fragile);
        await crash(before);
        // The question waits for the story to be reopened rather than failing.
        expect((await fragile.ask('Who signed the memo?')).answer).toContain('Bessent');
        expect(liveStoryOf(fragile)).not.toBe(before);
        expect(lost.map((e) => e.message)).toEqual([expect.stringMatching(/^story: the story host stopped/)]);
        expect(fragile.catalog.articles).toHaveLength(5);
      } finally {
        await fragile.close();
      }
    });

    it('stops reopening when closed meanwhile, and reports only the loss', async () => {
      const lost: Error[] = [];
      const fragile = await LiveStory.open(dir, { onLost: (e) => lost.push(e) });
      const crashed = liveStoryOf(fragile);
      await crash(crashed);
      await vi.waitFor(() => expect(lost).toHaveLength(1));
      await fragile.close();
      // No new story was opened: the reopening was stopped, not waited for.
      expect(liveStoryOf(fragile)).toBe(crashed);
      expect(lost.map((e) => e.message)).toEqual([expect.stringMatching(/^story: the story host stopped/)]);
    });
  });
});
