/**
 * Files in the corpus folder that are not articles: each is refused with a
 * reason in words, named relative to the folder, and none of them can stall a read.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCorpus, MAX_ARTICLE_BYTES } from '../../src/folder/read.js';
import { extractText } from '../../src/ingest/extract.js';
import { IngestError } from '../../src/ingest/errors.js';

const GOOD = `---\ntitle: A good article\n---\nThe council voted on Tuesday to reopen the ferry service to the island after a long winter.\n`;

/** Random bytes with no NUL byte and no valid UTF-8 run long enough to pass for text. */
function noise(length: number): Buffer {
  const bytes = randomBytes(length);
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0) bytes[i] = 0xff;
  return bytes;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'storydesk-faults-'));
  await writeFile(join(dir, 'good.md'), GOOD);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function problemOf(file: string): Promise<string> {
  const { problems, corpus } = await loadCorpus(dir);
  expect(corpus.articles.map((a) => a.id)).toEqual(['good']);
  const problem = problems.find((p) => p.file === file);
  if (!problem) throw new Error(`no problem for ${file}: ${JSON.stringify(problems)}`);
  expect(problem.problem).not.toContain(dir);
  expect(problem.problem).not.toMatch(/E[A-Z]{3,}|no such file|, open '/);
  return problem.problem;
}

describe('loadCorpus', () => {
  describe('when front matter is opened but never closed', () => {
    it('refuses the file instead of quoting its YAML lines', async () => {
      await writeFile(join(dir, 'unclosed.md'), '---\ntitle: "x"\nauthor: Someone\n\nThe council voted on Tuesday to reopen the ferry service.\n');
      expect(await problemOf('unclosed.md')).toMatch(/front matter.*no closing `---`/);
    });
  });

  describe('when an article name is a dangling symlink', () => {
    it('says the link points nowhere, without the host path or errno text', async () => {
      await symlink(join(dir, 'gone.md'), join(dir, '004-dangling.md'));
      expect(await problemOf('004-dangling.md')).toMatch(/link to a file that does not exist/);
    });
  });

  describe('when an article name is a folder', () => {
    it('says it is a folder', async () => {
      await mkdir(join(dir, '005-folder.md'));
      expect(await problemOf('005-folder.md')).toMatch(/is a folder, not a file/);
    });
  });

  describe.skipIf(process.platform === 'win32')('when an article name is a named pipe', () => {
    it('is refused without being opened for a blocking read, so loading finishes', async () => {
      execFileSync('mkfifo', [join(dir, '006-pipe.md')]);
      expect(await problemOf('006-pipe.md')).toMatch(/not a regular file/);
    });
  });

  describe('when a file is larger than an article can be', () => {
    it('refuses it with the limit', async () => {
      await writeFile(join(dir, 'huge.txt'), 'word '.repeat(MAX_ARTICLE_BYTES / 5 + 10));
      expect(await problemOf('huge.txt')).toMatch(/larger than \d+ MiB/);
    });
  });

  describe('when a file is not text', () => {
    it('refuses random bytes with no NUL byte', async () => {
      await writeFile(join(dir, 'noise.txt'), noise(6000));
      expect(await problemOf('noise.txt')).toMatch(/not text/);
    });

    it('refuses text that is not valid UTF-8, saying so', async () => {
      await writeFile(join(dir, 'latin1.txt'), Buffer.from('Caf\xe9 society meets on Tuesday to talk about the ferry service and the island.', 'latin1'));
      expect(await problemOf('latin1.txt')).toMatch(/not valid UTF-8/);
    });
  });
});

describe('extractText (an attached file)', () => {
  it('refuses random bytes with no NUL byte as not text', () => {
    expect(() => extractText('noise.txt', noise(6000))).toThrow(IngestError);
    expect(() => extractText('noise.txt', noise(6000))).toThrow(/not text/);
  });

  it('refuses invalid UTF-8', () => {
    const latin1 = Buffer.from(`Caf\xe9 society\n\n${'The council voted on Tuesday to reopen the ferry service. '.repeat(5)}`, 'latin1');
    expect(() => extractText('cafe.txt', latin1)).toThrow(/not valid UTF-8/);
  });

  it('refuses unclosed front matter, naming the file', () => {
    const text = `---\ntitle: "x"\n\n${'The council voted on Tuesday to reopen the ferry service. '.repeat(5)}`;
    expect(() => extractText('draft.md', text)).toThrow(/draft\.md.*front matter.*no closing `---`/);
  });
});
