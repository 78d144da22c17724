/**
 * What a saved index must match to be used: every article file's name and bytes,
 * and the code and lexicon that turn files into passages and terms. Any change to them,
 * a file added, edited or removed, or storydesk updated, means a rebuild.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileHash } from '../corpus/article.js';
import { DEFAULT_LEXICON_PATH } from '../lexicon/load.js';

const SOURCE_ROOT = fileURLToPath(new URL('..', import.meta.url));

let codeVersion: string | undefined;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.[cm]?[jt]s$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** A hash of storydesk's own source and its lexicon: a new version may cut or analyse text differently. */
export function currentCodeVersion(): string {
  if (codeVersion === undefined) {
    const hash = createHash('sha256');
    for (const file of sourceFiles(SOURCE_ROOT).sort()) hash.update(`${relative(SOURCE_ROOT, file)}\0`).update(readFileSync(file)).update('\0');
    // The lexicon's irregular verbs are part of the analysis.
    hash.update('lexicon\0').update(readFileSync(DEFAULT_LEXICON_PATH));
    codeVersion = hash.digest('hex');
  }
  return codeVersion;
}

/** The fingerprint of a corpus read as `files` (from `loadCorpus` or `parseCorpus`): from the very bytes read. */
export function fingerprintOf(files: readonly FileHash[]): string {
  const hash = createHash('sha256').update(`code ${currentCodeVersion()}\n`);
  for (const { file, hash: fileHash } of files) hash.update(`${file}\0${fileHash}\n`);
  return hash.digest('hex');
}
