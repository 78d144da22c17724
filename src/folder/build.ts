/**
 * Building a story from a corpus folder: read, index, check the autocomplete
 * questions. Runs in a story's worker thread for the bot (see `runtime/worker.ts`)
 * and in the calling thread for the command line.
 */
import { AnswerEngine } from '../answer/engine.js';
import type { Suggester } from '../answer/suggest.js';
import { listProblems, parsingCorpus, type LoadedCorpus } from '../corpus/article.js';
import type { CorpusProblem } from '../corpus/types.js';
import { sharedLexicon } from '../lexicon/load.js';
import type { BuildProgress } from '../search/index.js';
import { fingerprintOf } from './fingerprint.js';
import { loadCorpus, readingCorpusFiles } from './read.js';
import type { Steps } from '../text/steps.js';

/** A built story: the answer engine over a corpus, its checked autocomplete questions, and what it was built from. */
export interface Story {
  /** What the story was built from: see `fingerprint.ts`. */
  fingerprint: string;
  engine: AnswerEngine;
  suggester: Suggester;
  /** Files left out of the corpus, and why. */
  problems: CorpusProblem[];
}

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
 * Indexes a corpus already read (each file once: the fingerprint is of the very bytes indexed,
 * so a file changed since fails the check at the next start, which rebuilds).
 * @throws {RefreshError} when no article is usable, or, with `strict`, when any file is not.
 */
export function buildFrom(loaded: LoadedCorpus, options: BuildOptions = {}): Story {
  const { corpus } = loaded;
  usable(loaded, options);
  const engine = AnswerEngine.create(corpus, options.onProgress, { lexicon: sharedLexicon() });
  return { fingerprint: fingerprintOf(loaded.files), engine, suggester: engine.suggestions, problems: loaded.problems };
}

/** @throws {RefreshError} as {@link buildFrom}. */
function usable({ corpus, problems }: LoadedCorpus, options: BuildOptions): void {
  if (options.strict && problems.length > 0) throw new RefreshError(`refresh refused, the current corpus keeps serving:\n${listProblems(problems)}`);
  if (corpus.articles.length === 0) {
    throw new RefreshError(options.strict ? 'refresh refused: no usable articles in the corpus folder; the current corpus keeps serving' : `corpus: no usable articles in ${corpus.dir}`);
  }
}

/**
 * The story of `dir` as it is now, built in steps (see `text/steps.ts`) beside `previous`, the
 * story that answers meanwhile, reusing what it can: files whose bytes did not change are not
 * parsed again, their passages are the same objects, and their terms are not analysed again.
 * Undefined when the folder is exactly what `previous` was built from (and it left nothing out).
 * @throws {RefreshError} when a file is unusable or none is; {@link CorpusError} when the folder cannot be read.
 */
export function* refreshing(dir: string, previous: Story): Steps<Story | undefined> {
  const read = yield* readingCorpusFiles(dir);
  const fingerprint = fingerprintOf(read);
  if (fingerprint === previous.fingerprint && previous.problems.length === 0) return undefined;
  const before = new Map(previous.engine.articles.map((article) => [article.file, article]));
  const unchanged = (file: string, hash: string) => {
    const article = before.get(file);
    return article?.hash === hash ? { article, passages: [...previous.engine.passagesOf(article.id)] } : undefined;
  };
  const loaded = yield* parsingCorpus(dir, read, unchanged);
  usable(loaded, { strict: true });
  const engine = yield* AnswerEngine.creating(loaded.corpus, { lexicon: sharedLexicon() }, previous.engine);
  yield* engine.warming();
  return { fingerprint, engine, suggester: engine.suggestions, problems: loaded.problems };
}

/**
 * Reads and indexes `dir` in this thread.
 * @throws {RefreshError} as {@link buildFrom}; {@link CorpusError} when the folder cannot be read.
 */
export function buildStory(dir: string, options: BuildOptions = {}): Story {
  return buildFrom(loadCorpus(dir), options);
}
