/**
 * What a saved index must match to be used: every article file's name and bytes,
 * and the code that turns files into passages and terms. Any change to either,
 * a file added, edited or removed, or storydesk updated, means a rebuild.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashOfRead, isArticleFile, readFiles, type FileHash } from '../corpus/article.js';

const SOURCE_ROOT = fileURLToPath(new URL('..', import.meta.url));

let codeVersion: Promise<string> | undefined;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : Promise.resolve(/\.[cm]?[jt]s$/.test(e.name) ? [join(dir, e.name)] : []))),
  );
  return nested.flat();
}

/** A hash of storydesk's own source: a new version may cut or analyse text differently. */
export function currentCodeVersion(): Promise<string> {
  codeVersion ??= (async () => {
    const hash = createHash('sha256');
    for (const file of (await sourceFiles(SOURCE_ROOT)).sort()) {
      hash.update(`${relative(SOURCE_ROOT, file)}\0`).update(await readFile(file)).update('\0');
    }
    return hash.digest('hex');
  })();
  return codeVersion;
}

/** The fingerprint of a corpus read as `files` (from {@link loadCorpus}). */
export async function fingerprintOf(files: readonly FileHash[]): Promise<string> {
  const hash = createHash('sha256').update(`code ${await currentCodeVersion()}\n`);
  for (const { file, hash: fileHash } of files) hash.update(`${file}\0${fileHash}\n`);
  return hash.digest('hex');
}

/** The fingerprint of the corpus folder as it is now. Files are read, not just stat'ed: a copy keeps mtimes. */
export async function corpusFingerprint(dir: string): Promise<string> {
  const names = (await readdir(dir)).filter(isArticleFile).sort();
  const contents = await readFiles(names.map((name) => join(dir, name)));
  return fingerprintOf(names.map((file, i) => ({ file, hash: hashOfRead(contents[i]!) })));
}
