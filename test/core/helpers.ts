/** Shared paths and loaders for the core tests: the real corpus and the fixture corpora. */
import { fileURLToPath } from 'node:url';
import { loadCorpus, type LoadedCorpus } from '../../src/corpus/load.js';

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

let real: Promise<LoadedCorpus> | undefined;

/** The real corpus, loaded once per test file. */
export function loadRealCorpus(): Promise<LoadedCorpus> {
  real ??= loadCorpus(REAL_CORPUS_DIR);
  return real;
}
