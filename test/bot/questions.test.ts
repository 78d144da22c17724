/**
 * The question log: a real SQLite file in a temp folder, opened, closed and
 * reopened as the bot does across restarts, with a clock the tests move.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeQuestion, QuestionLog, QuestionLogError, SCHEMA_VERSION } from '../../src/bot/questions.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 10, 12);
const MEMBER = '1300000000000000555';
const OTHER = '1300000000000000666';

let dir: string;
let path: string;
let clock: number;
const open: QuestionLog[] = [];

/** Records at the clock, then moves it on a minute: the latest wording is well defined. */
function record(log: QuestionLog, question: string, outcome: 'high' | 'low' | 'abstained'): string {
  const id = log.record({ question, outcome });
  clock += 60_000;
  return id;
}

function openLog(options: { retentionDays?: number; readonly?: boolean } = {}): QuestionLog {
  const log = QuestionLog.open(path, { now: () => clock, ...options });
  open.push(log);
  return log;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'storydesk-questions-'));
  path = join(dir, 'state', 'questions.sqlite');
  clock = T0;
});

afterEach(async () => {
  for (const log of open.splice(0)) log.close();
  await rm(dir, { recursive: true, force: true });
});

describe('QuestionLog.open', () => {
  it('creates the folder and the file, at the current schema version', () => {
    const log = openLog();
    expect(log.version()).toBe(SCHEMA_VERSION);
  });

  describe('when the file exists', () => {
    it('keeps what was recorded, and migrates nothing twice', () => {
      const first = openLog();
      const id = first.record({ question: 'Who signed the memo?', outcome: 'high', passageId: 'a#2', answer: 'Bessent signed it.' });
      expect(first.vote(id, MEMBER, 'up')).toBe('recorded');
      first.close();
      const second = openLog();
      expect(second.version()).toBe(SCHEMA_VERSION);
      expect(second.report(7).asked).toBe(1);
      // The voter's salt survived the restart: the same member's vote is still one vote.
      expect(second.vote(id, MEMBER, 'up')).toBe('unchanged');
      expect(second.report(7).votes).toEqual({ up: 1, down: 0 });
    });

    it('migrates an empty SQLite file', async () => {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, '');
      expect(openLog().version()).toBe(SCHEMA_VERSION);
    });

    it('refuses a database written by a newer storydesk, naming the file', () => {
      openLog().close();
      const raw = new Database(path);
      raw.prepare('UPDATE schema_version SET version = ?').run(SCHEMA_VERSION + 1);
      raw.close();
      expect(() => openLog()).toThrow(QuestionLogError);
      expect(() => openLog()).toThrow(`the question database ${path} was written by a newer storydesk`);
    });

    it('refuses a file that is not a database', async () => {
      openLog().close();
      await writeFile(path, 'not a database, just text that is long enough to have a header'.repeat(20));
      expect(() => openLog()).toThrow(/^cannot (open|use) the question database/);
    });
  });

  describe('when read only (npm run stats)', () => {
    it('says that nothing was recorded yet when there is no file, and creates none', async () => {
      expect(() => openLog({ readonly: true })).toThrow(`no questions have been recorded at ${path}`);
      await expect(readFile(path)).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('reads what the bot recorded', () => {
      const bot = openLog();
      bot.record({ question: 'What is an ITIN?', outcome: 'high' });
      const reader = openLog({ readonly: true });
      expect(reader.report(30).asked).toBe(1);
    });
  });
});

describe('QuestionLog.vote', () => {
  it('keeps one vote per member per answer, which the member can change', () => {
    const log = openLog();
    const id = log.record({ question: 'Who signed the memo?', outcome: 'high' });
    expect(log.vote(id, MEMBER, 'up')).toBe('recorded');
    expect(log.vote(id, MEMBER, 'up')).toBe('unchanged');
    expect(log.report(7).votes).toEqual({ up: 1, down: 0 });
    expect(log.vote(id, MEMBER, 'down')).toBe('changed');
    expect(log.report(7).votes).toEqual({ up: 0, down: 1 });
    expect(log.vote(id, OTHER, 'down')).toBe('recorded');
    expect(log.report(7).votes).toEqual({ up: 0, down: 2 });
  });

  it('counts a vote per answer: the same member votes on two answers', () => {
    const log = openLog();
    const a = log.record({ question: 'Who signed the memo?', outcome: 'high' });
    const b = log.record({ question: 'Who signed the memo?', outcome: 'high' });
    log.vote(a, MEMBER, 'down');
    log.vote(b, MEMBER, 'down');
    expect(log.report(7).mostDown).toEqual([{ question: 'Who signed the memo?', down: 2, up: 0 }]);
  });

  it('says an answer is gone when it is not kept', () => {
    expect(openLog().vote('no-such-answer', MEMBER, 'up')).toBe('gone');
  });

  it('never stores the voter’s Discord id', async () => {
    const log = openLog();
    log.vote(log.record({ question: 'Who signed the memo?', outcome: 'high' }), MEMBER, 'up');
    log.close();
    const bytes = Buffer.concat([await readFile(path), await readFile(`${path}-wal`).catch(() => Buffer.alloc(0))]);
    expect(bytes.includes(MEMBER)).toBe(false);
    expect(bytes.includes('Who signed the memo?')).toBe(true);
  });
});

describe('QuestionLog.prune', () => {
  it('deletes questions and their votes older than the retention, on start and when called', () => {
    const log = openLog({ retentionDays: 30 });
    const old = log.record({ question: 'Old question?', outcome: 'abstained' });
    log.vote(old, MEMBER, 'down');
    clock = T0 + 20 * DAY;
    log.record({ question: 'Newer question?', outcome: 'high' });
    clock = T0 + 31 * DAY;
    expect(log.prune()).toBe(1);
    expect(log.report(365)).toMatchObject({ asked: 1, votes: { up: 0, down: 0 }, unanswered: [] });
    log.close();

    clock = T0 + 51 * DAY;
    const reopened = openLog({ retentionDays: 30 });
    expect(reopened.report(365).asked).toBe(0);
  });

  it('keeps everything without a retention', () => {
    const log = openLog();
    log.record({ question: 'Old question?', outcome: 'high' });
    clock = T0 + 3650 * DAY;
    expect(log.prune()).toBe(0);
    expect(log.report(36500).asked).toBe(1);
  });
});

describe('QuestionLog.report', () => {
  it('counts the window’s questions, outcomes, the most asked, the most 👎 and the unanswered', () => {
    const log = openLog();
    log.record({ question: 'Too old to count?', outcome: 'abstained' });
    clock = T0 + 10 * DAY;
    const memo = record(log, 'Who signed the memo?', 'high');
    record(log, 'who signed the memo', 'high');
    const itin = record(log, 'What is an ITIN?', 'low');
    record(log, 'What is the weather in Paris?', 'abstained');
    record(log, 'What is the weather in Paris', 'abstained');
    record(log, 'Who is the mayor of Lyon?', 'abstained');
    log.vote(memo, MEMBER, 'up');
    log.vote(itin, MEMBER, 'down');
    log.vote(itin, OTHER, 'down');
    clock = T0 + 11 * DAY;

    const report = log.report(7);
    expect(report.days).toBe(7);
    expect(report.until.getTime() - report.since.getTime()).toBe(7 * DAY);
    expect(report.asked).toBe(6);
    expect(report.outcomes).toEqual({ high: 2, low: 1, abstained: 3 });
    expect(report.votes).toEqual({ up: 1, down: 2 });
    // Ties go to the most recently asked; each is shown in its latest wording.
    expect(report.mostAsked.slice(0, 2)).toEqual([
      { question: 'What is the weather in Paris', count: 2 },
      { question: 'who signed the memo', count: 2 },
    ]);
    expect(report.mostDown).toEqual([{ question: 'What is an ITIN?', down: 2, up: 0 }]);
    expect(report.unanswered).toEqual([
      { question: 'What is the weather in Paris', count: 2 },
      { question: 'Who is the mayor of Lyon?', count: 1 },
    ]);
    expect(log.report(30).asked).toBe(7);
  });

  it('is empty for a new database', () => {
    expect(openLog().report(30)).toMatchObject({ asked: 0, outcomes: { high: 0, low: 0, abstained: 0 }, mostAsked: [], mostDown: [], unanswered: [] });
  });
});

describe('normalizeQuestion', () => {
  it('ignores case, spacing and the closing punctuation', () => {
    expect(normalizeQuestion('  Who   signed the MEMO?? ')).toBe('who signed the memo');
  });
});
