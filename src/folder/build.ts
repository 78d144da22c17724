/**
 * Building a story from a corpus folder: load, index, check the autocomplete
 * questions. Runs in a worker thread for the bot (see `worker.ts`) and in
 * the calling thread for the command line.
 */
import { StoryEngine } from '../answer/engine.js';
import { listProblems, loadCorpus } from '../corpus/article.js';
import type { BuildProgress } from '../search/index.js';
import { fingerprintOf } from './fingerprint.js';
import type { BuiltStory } from './snapshot.js';
import { sharedLexicon } from '../lexicon/load.js';

/** A refresh that was refused; the message names the files and problems and is safe to show. */
export class RefreshError extends Error {
  override name = 'RefreshError';
}

export interface BuildOptions {
  /** Refuse the whole corpus if any file is unusable (a refresh), instead of leaving the file out (startup). */
  strict?: boolean;
  onProgress?: (progress: BuildProgress) => void;
}

/**
 * Loads and indexes `dir` in this thread.
 * @throws {RefreshError} when no article is usable, or, with `strict`, when any file is not.
 * @throws {CorpusError} when the folder cannot be read.
 */
export async function buildStory(dir: string, options: BuildOptions = {}): Promise<BuiltStory> {
  // Fingerprint first: a file changed during the build then fails the check at the next start, which rebuilds.
  const { corpus, problems, files } = await loadCorpus(dir);
  // Of the very bytes indexed: a file changed since then fails the check at the next start, which rebuilds.
  const fingerprint = await fingerprintOf(files);
  if (options.strict && problems.length > 0) throw new RefreshError(`refresh refused, the current corpus keeps serving:\n${listProblems(problems)}`);
  if (corpus.articles.length === 0) {
    throw new RefreshError(options.strict ? 'refresh refused: no usable articles in the corpus folder; the current corpus keeps serving' : `corpus: no usable articles in ${dir}`);
  }
  const engine = await StoryEngine.create(corpus, options.onProgress, { lexicon: sharedLexicon() });
  return { fingerprint, engine, suggester: engine.suggestions, problems };
}
