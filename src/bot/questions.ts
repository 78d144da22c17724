/**
 * What members ask, kept for the moderators: every question asked through Discord,
 * its outcome, the passage quoted and the 👍 / 👎 votes, in one SQLite file
 * (better-sqlite3: synchronous, so a write is done before the reply is sent).
 *
 * Who asked is never stored. A vote is stored under a salted hash of the voter's
 * id, which is enough for one vote per member per answer and cannot be read back
 * as a Discord id; it is never shown either.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Outcome = 'high' | 'low' | 'abstained';
export type Vote = 'up' | 'down';

/** What a vote did: a first vote, a changed one, the same vote again, or an answer no longer kept. */
export type VoteResult = 'recorded' | 'changed' | 'unchanged' | 'gone';

export interface AskedQuestion {
  question: string;
  outcome: Outcome;
  /** The passage quoted first (`article#n`); absent when abstaining. */
  passageId?: string | undefined;
  /** The answer sentence (or, when low, the likeliest one); absent when abstaining. */
  answer?: string | null | undefined;
}

export interface QuestionCount {
  /** One of the wordings members used (the latest). */
  question: string;
  count: number;
}

export interface DownVoted {
  question: string;
  down: number;
  up: number;
}

/** What `/corpus stats` and `npm run stats` show: counts and questions, never who. */
export interface StatsReport {
  days: number;
  since: Date;
  until: Date;
  asked: number;
  outcomes: Record<Outcome, number>;
  votes: Record<Vote, number>;
  mostAsked: QuestionCount[];
  mostDown: DownVoted[];
  /** Questions storydesk abstained on: the articles to add next. */
  unanswered: QuestionCount[];
}

/** The database cannot be used as it is; the message says why and is safe to show. */
export class QuestionLogError extends Error {
  override name = 'QuestionLogError';
}

const DAY_MS = 86_400_000;

/**
 * Each migration takes the schema from version `index` to `index + 1`. Append only:
 * a database is upgraded by running the ones it has not had, in order.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE questions (
     id TEXT PRIMARY KEY,
     asked_at INTEGER NOT NULL,
     question TEXT NOT NULL,
     normalized TEXT NOT NULL,
     outcome TEXT NOT NULL CHECK (outcome IN ('high', 'low', 'abstained')),
     passage_id TEXT,
     answer TEXT
   );
   CREATE INDEX questions_asked_at ON questions (asked_at);
   CREATE INDEX questions_normalized ON questions (normalized);
   CREATE TABLE votes (
     question_id TEXT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
     voter TEXT NOT NULL,
     vote INTEGER NOT NULL CHECK (vote IN (1, -1)),
     voted_at INTEGER NOT NULL,
     PRIMARY KEY (question_id, voter)
   );`,
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** "Who signed the memo?" and "who  signed the memo" count as one question. */
export function normalizeQuestion(question: string): string {
  return question
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\u200b]+/g, ' ')
    .replace(/[\s?!.,;:]+$/u, '')
    .trim();
}

export interface OpenOptions {
  /** Rows older than this many days are deleted by {@link QuestionLog.prune}. */
  retentionDays?: number;
  /** Only read (the command line): nothing is created, migrated or pruned. */
  readonly?: boolean;
  /** The clock (tests). */
  now?: () => number;
}

export class QuestionLog {
  private readonly now: () => number;
  private readonly retentionDays: number | undefined;
  private salt = '';

  private constructor(
    private readonly db: Database.Database,
    options: OpenOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.retentionDays = options.retentionDays;
  }

  /**
   * Opens (creating the file and its folder when missing) and migrates the database
   * at `path`; `:memory:` for one that lives only as long as the process.
   * @throws {QuestionLogError} when the file is not a storydesk database, was written
   * by a newer storydesk, or (read only) does not exist or needs upgrading.
   */
  static open(path: string, options: OpenOptions = {}): QuestionLog {
    let db: Database.Database;
    if (options.readonly && !existsSync(path)) throw new QuestionLogError(`no questions have been recorded at ${path} (the bot creates it when it starts)`);
    try {
      if (!options.readonly && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    } catch (error) {
      throw new QuestionLogError(`cannot open the question database ${path}: ${(error as Error).message}`);
    }
    const log = new QuestionLog(db, options);
    try {
      log.setUp(path, options.readonly ?? false);
    } catch (error) {
      db.close();
      throw error instanceof QuestionLogError ? error : new QuestionLogError(`cannot use the question database ${path}: ${(error as Error).message}`);
    }
    return log;
  }

  private setUp(path: string, readonly: boolean): void {
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
    if (!readonly) {
      // WAL: `npm run stats` reads while the bot writes. NORMAL: a commit does not wait for
      // fsync on the event loop; a power cut may lose the last questions, never the file.
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
    }
    const version = this.version();
    if (version > SCHEMA_VERSION) throw new QuestionLogError(`the question database ${path} was written by a newer storydesk (schema ${version}; this one knows ${SCHEMA_VERSION})`);
    if (version < SCHEMA_VERSION) {
      if (readonly) throw new QuestionLogError(`the question database ${path} is from an older storydesk; start the bot once to upgrade it`);
      this.migrate(version);
    }
    this.salt = (this.db.prepare("SELECT value FROM meta WHERE key = 'voter_salt'").get() as { value: string } | undefined)?.value ?? '';
    if (!readonly) this.prune();
  }

  /** The schema version of the open database; 0 for a new one. */
  version(): number {
    const table = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
    if (!table) return 0;
    return (this.db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined)?.version ?? 0;
  }

  private migrate(from: number): void {
    this.db.transaction(() => {
      this.db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
      for (let v = from; v < SCHEMA_VERSION; v++) this.db.exec(MIGRATIONS[v]!);
      if (from === 0) this.db.prepare("INSERT INTO meta (key, value) VALUES ('voter_salt', ?)").run(randomBytes(16).toString('hex'));
      this.db.prepare('DELETE FROM schema_version').run();
      this.db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(SCHEMA_VERSION);
    }).immediate();
  }

  /** Stores one question and its outcome; returns its id (what a vote button carries). */
  record(asked: AskedQuestion): string {
    const id = randomBytes(9).toString('base64url');
    this.db
      .prepare('INSERT INTO questions (id, asked_at, question, normalized, outcome, passage_id, answer) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, this.now(), asked.question, normalizeQuestion(asked.question), asked.outcome, asked.passageId ?? null, asked.answer ?? null);
    return id;
  }

  /** One vote per member per answer; voting again replaces it. */
  vote(questionId: string, voterId: string, vote: Vote): VoteResult {
    const value = vote === 'up' ? 1 : -1;
    const voter = createHash('sha256').update(`${this.salt}:${voterId}`).digest('base64url');
    return this.db.transaction((): VoteResult => {
      if (!this.db.prepare('SELECT 1 FROM questions WHERE id = ?').get(questionId)) return 'gone';
      const before = this.db.prepare('SELECT vote FROM votes WHERE question_id = ? AND voter = ?').get(questionId, voter) as { vote: number } | undefined;
      if (before?.vote === value) return 'unchanged';
      this.db
        .prepare('INSERT INTO votes (question_id, voter, vote, voted_at) VALUES (?, ?, ?, ?) ON CONFLICT (question_id, voter) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at')
        .run(questionId, voter, value, this.now());
      return before ? 'changed' : 'recorded';
    }).immediate();
  }

  /** Deletes questions (and their votes) older than the retention; returns how many questions went. */
  prune(): number {
    if (this.retentionDays === undefined) return 0;
    return this.db.prepare('DELETE FROM questions WHERE asked_at < ?').run(this.now() - this.retentionDays * DAY_MS).changes;
  }

  /** Counts and questions over the last `days` days; `limit` entries per list. */
  report(days: number, limit = 10): StatsReport {
    const until = this.now();
    const since = until - days * DAY_MS;
    const outcomes: Record<Outcome, number> = { high: 0, low: 0, abstained: 0 };
    for (const row of this.db.prepare('SELECT outcome, COUNT(*) AS n FROM questions WHERE asked_at >= ? GROUP BY outcome').all(since) as { outcome: Outcome; n: number }[]) {
      outcomes[row.outcome] = row.n;
    }
    const votes: Record<Vote, number> = { up: 0, down: 0 };
    for (const row of this.db
      .prepare('SELECT v.vote AS vote, COUNT(*) AS n FROM votes v JOIN questions q ON q.id = v.question_id WHERE q.asked_at >= ? GROUP BY v.vote')
      .all(since) as { vote: number; n: number }[]) {
      votes[row.vote > 0 ? 'up' : 'down'] = row.n;
    }
    // A bare column beside MAX() comes from the row holding the maximum: the latest wording.
    const grouped = (where: string) =>
      (
        this.db
          .prepare(`SELECT question, MAX(asked_at) AS latest, COUNT(*) AS count FROM questions WHERE asked_at >= ? ${where} GROUP BY normalized ORDER BY count DESC, latest DESC LIMIT ?`)
          .all(since, limit) as { question: string; count: number }[]
      ).map(({ question, count }) => ({ question, count }));
    const mostDown = (
      this.db
        .prepare(
          `SELECT q.question AS question, MAX(q.asked_at) AS latest, SUM(v.vote < 0) AS down, SUM(v.vote > 0) AS up
           FROM votes v JOIN questions q ON q.id = v.question_id
           WHERE q.asked_at >= ? GROUP BY q.normalized HAVING down > 0 ORDER BY down DESC, up ASC, latest DESC LIMIT ?`,
        )
        .all(since, limit) as { question: string; down: number; up: number }[]
    ).map(({ question, down, up }) => ({ question, down, up }));
    return {
      days,
      since: new Date(since),
      until: new Date(until),
      asked: outcomes.high + outcomes.low + outcomes.abstained,
      outcomes,
      votes,
      mostAsked: grouped(''),
      mostDown,
      unanswered: grouped("AND outcome = 'abstained'"),
    };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
