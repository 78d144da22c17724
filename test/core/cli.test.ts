/**
 * `npm run ask` end to end: each test spawns the real, compiled CLI through `bin/storydesk.js`, as `npm run ask` and `npx storydesk ask` do.
 */
import { describe, expect, it } from 'vitest';
import { runProcess, type Run } from '../run-process.js';
import { ROOT } from './helpers.js';

/** The environment without any Discord or corpus settings, so the CLI runs the same everywhere. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('DISCORD_') && key !== 'CORPUS_DIR') env[key] = value;
  }
  return env;
}

function ask(args: string[], stdin = ''): Promise<Run> {
  return runProcess(process.execPath, ['bin/storydesk.js', 'ask', ...args], { cwd: ROOT, env: cleanEnv() }, stdin);
}

interface JsonAnswer {
  question: string;
  answer: string | null;
  passages: { text: string; source: { id: string; title: string }; score: number }[];
}

/** The lines of an output that ends in a newline ('' when it does not, so a test sees it). */
function lines(text: string): string[] {
  return text.endsWith('\n') ? text.slice(0, -1).split('\n') : [''];
}

describe.concurrent('ask (CLI)', () => {
  describe('when given questions as arguments with --json', () => {
    it('prints exactly one JSON line per question, with question, answer and sourced passages', async ({ expect }) => {
      const run = await ask(['--json', '--corpus', 'corpus', 'Who signed the memorandum of understanding?', 'What is the weather in Paris tomorrow?']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const out = lines(run.stdout).map((line) => JSON.parse(line) as JsonAnswer);
      expect(out).toHaveLength(2);

      const [signed, weather] = out as [JsonAnswer, JsonAnswer];
      expect(signed.question).toBe('Who signed the memorandum of understanding?');
      expect(signed.answer).toContain('Bessent');
      expect(signed.passages).toHaveLength(3);
      for (const passage of signed.passages) {
        expect(typeof passage.text).toBe('string');
        expect(typeof passage.score).toBe('number');
        expect(Object.keys(passage.source).sort()).toEqual(['id', 'title']);
        expect(passage.source.id).toMatch(/^00[0-4]-irs-/);
        expect(passage.source.title.length).toBeGreaterThan(0);
      }
      expect(signed.passages[0]!.text).toContain(signed.answer!);

      expect(weather.question).toBe('What is the weather in Paris tomorrow?');
      expect(weather.answer).toBeNull();
      expect(weather.passages).toEqual([]);
    });
  });

  describe('when questions come on standard input', () => {
    it('answers each line in order, an empty line included', async ({ expect }) => {
      const questions = ['Which judge denied the emergency injunction?', '', 'What is an ITIN?'];
      const run = await ask(['--json', '--corpus', 'corpus'], `${questions.join('\n')}\n`);
      expect(run.code).toBe(0);
      const out = lines(run.stdout).map((line) => JSON.parse(line) as JsonAnswer);
      expect(out.map((a) => a.question)).toEqual(questions);
      expect(out[0]!.answer).toContain('Dabney L. Friedrich');
      expect(out[1]!.answer).toBeNull();
      expect(out[1]!.passages).toEqual([]);
      expect(out[2]!.answer).toContain('individual taxpayer identification number');
    });
  });

  describe('when the corpus folder does not exist', () => {
    it('says so in one line on stderr, without a stack trace, and fails', async ({ expect }) => {
      const run = await ask(['--corpus', '/nonexistent', 'Who signed?']);
      expect(run.code).not.toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr).not.toContain('    at ');
      const errorLines = lines(run.stderr);
      expect(errorLines).toHaveLength(1);
      expect(errorLines[0]!.startsWith('corpus: cannot read')).toBe(true);
      expect(errorLines[0]).toBe('corpus: cannot read /nonexistent: no such folder');
    });
  });

  describe('when --top is 0', () => {
    it('is a usage error: it explains, shows the usage and exits with 2', async ({ expect }) => {
      const run = await ask(['--top', '0', 'Who signed?']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.startsWith('ask: --top takes a whole number from 1 to 20, not "0"\n\nUsage: storydesk ask [options]')).toBe(true);
      expect(run.stderr).not.toContain('    at ');
    });
  });

  describe('when a question given as an argument is empty', () => {
    it('is a usage error, not an answer to nothing', async ({ expect }) => {
      const run = await ask(['Who signed?', '  ']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.startsWith('ask: a question is empty\n\nUsage:')).toBe(true);
    });
  });
});

describe('npx storydesk ask --json', () => {
  it('prints only JSON lines on standard output (no npm banner), through the package bin', async () => {
    const run = await runProcess('npx', ['--offline', 'storydesk', 'ask', '--json', 'Who signed the memo?'], { cwd: ROOT, env: cleanEnv() });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect((JSON.parse(lines[0]!) as JsonAnswer).answer).toMatch(/Bessent/);
  });
});
