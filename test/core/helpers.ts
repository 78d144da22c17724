/** Shared paths and loaders for the core tests: the real corpus and the fixture corpora. */
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach } from 'vitest';
import type { LoadedCorpus } from '../../src/corpus/article.js';
import { loadCorpus } from '../../src/folder/read.js';
import type { Worker } from 'node:worker_threads';
import type { StoryWorker } from '../../src/runtime/story-worker.js';
import { snapshotPath } from '../../src/folder/open.js';
import type { LiveStory } from '../../src/runtime/live-story.js';

/** The project root (where package.json and corpus/ live). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const REAL_CORPUS_DIR = fileURLToPath(new URL('../../corpus/', import.meta.url));
export const FIXTURE_CORPORA = fileURLToPath(new URL('../fixtures/corpora/', import.meta.url));
export const DEV_QUESTIONS = fileURLToPath(new URL('../fixtures/dev-questions.jsonl', import.meta.url));

/** The five articles the story is told in, by id. */
export const REAL_IDS = [
  '000-irs-begins-sharing-taxpayer-data',
  '001-irs-ice-memorandum-privacy-concerns',
  '002-irs-sending-private-tax-files',
  '003-irs-to-share-taxpayer-information-with-dhs',
  '004-irs-dhs-historic-agreement-commissioner-resigns',
] as const;

let real: LoadedCorpus | undefined;

/** The real corpus, loaded once per test file. */
export function loadRealCorpus(): LoadedCorpus {
  real ??= loadCorpus(REAL_CORPUS_DIR);
  return real;
}

const HELDOUT_QUESTIONS = DEV_QUESTIONS.replace('dev-questions', 'heldout-questions');
/** The dev and held-out questions, and some odd ones. */
export const QUESTIONS = [DEV_QUESTIONS, HELDOUT_QUESTIONS]
  .flatMap((file) => readFileSync(file, 'utf8').split('\n').filter(Boolean))
  .map((line) => (JSON.parse(line) as { q: string }).q)
  .concat(['who', 'Kraus', 'what did the ices say about teh IRS memorandum', '@everyone memo', 'What did Fox News tweet?']);

/**
 * A fresh copy of the real corpus for each test of the block, at `.dir`; its
 * snapshot, in the default cache folder, is removed with it.
 */
export function useCorpusCopy(): { dir: string } {
  const copy = { dir: '' };
  beforeEach(async () => {
    copy.dir = await mkdtemp(join(tmpdir(), 'storydesk-snapshot-'));
    await cp(REAL_CORPUS_DIR, copy.dir, { recursive: true, filter: (source) => !source.endsWith('.index.snapshot') });
  });
  afterEach(async () => {
    await rm(copy.dir, { recursive: true, force: true });
    await rm(snapshotPath(copy.dir), { force: true });
  });
  return copy;
}


/** Stops a story's worker thread from outside, as a crash would. The thread is private: reached on purpose. */
export function crash(story: StoryWorker): Promise<number> {
  return (story as unknown as { worker: Worker }).worker.terminate();
}

/** The worker a live story answers from now. Private: reached on purpose. */
export function liveStoryOf(story: LiveStory): StoryWorker {
  return (story as unknown as { live: StoryWorker }).live;
}
