/**
 * Reads the committed WordNet lexicon from disk. Synchronous: it is read once at
 * startup, and the bot cannot answer well without it anyway.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lexiconFromJson, type Lexicon } from './wordnet.js';

// The repo's data/ is two folders up from src/lexicon/ (run by tsx) and three from a compiled dist/src/lexicon/.
const CANDIDATES = ['../../data/lexicon.json', '../../../data/lexicon.json'].map((relative) => fileURLToPath(new URL(relative, import.meta.url)));

/** `data/lexicon.json` at the top of the repo, found from this module's own place. */
export const DEFAULT_LEXICON_PATH = CANDIDATES.find((path) => existsSync(path)) ?? CANDIDATES[0]!;

/**
 * @throws {Error} when the file cannot be read, is not JSON, or is not a lexicon of this version; the message names the file.
 */
export function loadLexicon(path: string = DEFAULT_LEXICON_PATH): Lexicon {
  const text = readFileSync(path, 'utf8');
  try {
    return lexiconFromJson(JSON.parse(text));
  } catch (error) {
    throw new Error(`Lexicon: cannot load ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

let shared: Lexicon | undefined;

/** The default lexicon, read once per thread on first use and kept: every story of the thread uses it. */
export function sharedLexicon(): Lexicon {
  shared ??= loadLexicon();
  return shared;
}
