/**
 * Scores answers against a question set (format: shared/eval/README.md):
 * a passage or sentence is right when it contains one of `any`, compared with
 * case, curly quotes and most punctuation folded away.
 */
import { z } from 'zod';

export const evalQuestionSchema = z.object({
  id: z.string(),
  q: z.string(),
  any: z.array(z.string()).optional(),
  /**
   * `none`: off the story's topic, to abstain on. `hard-none`: on topic, but the
   * articles do not state it: abstain or say the closest passage may not answer.
   * `chat` and `paraphrase` are tags of answerable questions.
   */
  kind: z.enum(['none', 'hard-none', 'chat', 'paraphrase']).optional(),
});

export type EvalQuestion = z.infer<typeof evalQuestionSchema>;

/** What a system answered for one question: its ranked passage texts and its answer sentence. */
export interface SystemAnswer {
  passages: string[];
  answer: string | null;
  /** Absent for a system that is always sure. */
  confidence?: 'high' | 'low' | undefined;
}

export interface EvalScores {
  answerable: number;
  hitAt1: number;
  hitAt3: number;
  sentenceHitAt1: number;
  reciprocalRanks: number;
  /** Answerable questions with no passage. */
  wronglyAbstained: number;
  /** Answerable questions answered as `low`. */
  answerableLow: number;
  high: number;
  highRight: number;
  offTopic: number;
  offTopicAbstained: number;
  unanswerable: number;
  unanswerableAbstainedOrLow: number;
  misses: string[];
}

/** A passage longer than this is not a quote but a page, and counts as a miss. */
export const MAX_SCORED_PASSAGE = 1000;

export function normalizeForMatch(text: string): string {
  return text
    .toLowerCase()
    .replace(/[“”„]/g, '"')
    .replace(/[‘’`]/g, "'")
    .replace(/[^\p{L}\p{N}$%.' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function contains(text: string | null | undefined, needles: readonly string[]): boolean {
  if (!text || text.length > MAX_SCORED_PASSAGE) return false;
  const haystack = normalizeForMatch(text);
  return needles.some((needle) => haystack.includes(normalizeForMatch(needle)));
}

/** Parses a JSONL question set; throws naming the line that is wrong. */
export function parseQuestionSet(text: string, name: string): EvalQuestion[] {
  return text
    .split('\n')
    .map((line, i) => ({ line: line.trim(), number: i + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, number }) => {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new Error(`eval: ${name}:${number}: not JSON`);
      }
      const parsed = evalQuestionSchema.safeParse(json);
      if (!parsed.success) throw new Error(`eval: ${name}:${number}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      if (!isUnanswerable(parsed.data) && !parsed.data.any?.length) throw new Error(`eval: ${name}:${number}: needs "any" or "kind": "none"`);
      return parsed.data;
    });
}

export const isUnanswerable = (q: EvalQuestion) => q.kind === 'none' || q.kind === 'hard-none';

export function emptyScores(): EvalScores {
  return {
    answerable: 0, hitAt1: 0, hitAt3: 0, sentenceHitAt1: 0, reciprocalRanks: 0, wronglyAbstained: 0, answerableLow: 0,
    high: 0, highRight: 0, offTopic: 0, offTopicAbstained: 0, unanswerable: 0, unanswerableAbstainedOrLow: 0, misses: [],
  };
}

/** Adds one answer to the scores. */
export function tally(s: EvalScores, question: EvalQuestion, result: SystemAnswer): void {
  const abstained = result.answer === null && result.passages.length === 0;
  if (question.kind === 'none') {
    s.offTopic++;
    if (abstained) s.offTopicAbstained++;
    else s.misses.push(`${question.id} should abstain`);
    return;
  }
  if (question.kind === 'hard-none') {
    s.unanswerable++;
    if (abstained || result.confidence === 'low') s.unanswerableAbstainedOrLow++;
    else s.misses.push(`${question.id} answered with confidence`);
    return;
  }
  const needles = question.any ?? [];
  s.answerable++;
  if (abstained) {
    s.wronglyAbstained++;
    s.misses.push(`${question.id} abstained`);
    return;
  }
  const rank = result.passages.findIndex((p) => contains(p, needles));
  if (rank === 0) s.hitAt1++;
  if (rank >= 0 && rank < 3) s.hitAt3++;
  if (rank >= 0) s.reciprocalRanks += 1 / (rank + 1);
  if (contains(result.answer, needles)) s.sentenceHitAt1++;
  if (result.confidence === 'low') s.answerableLow++;
  if (result.confidence !== 'low') {
    s.high++;
    if (rank === 0) s.highRight++;
  }
  if (rank !== 0) s.misses.push(`${question.id} passage@1`);
  else if (!contains(result.answer, needles)) s.misses.push(`${question.id} sentence`);
}

export function score(questions: readonly EvalQuestion[], answerFor: (q: EvalQuestion) => SystemAnswer): EvalScores {
  const s = emptyScores();
  for (const question of questions) tally(s, question, answerFor(question));
  return s;
}

/** Sums scores of several tasks (per-article runs). */
export function addScores(into: EvalScores, from: EvalScores): EvalScores {
  for (const key of Object.keys(into) as (keyof EvalScores)[]) {
    if (key === 'misses') into.misses.push(...from.misses);
    else into[key] += from[key];
  }
  return into;
}

const ratio = (n: number, d: number) => (d === 0 ? '—' : (n / d).toFixed(3));

export interface ScoreRow {
  set: string;
  system: string;
  scores: EvalScores;
  hasSentences: boolean;
}

/** A Markdown table comparing systems, one row per set and system. */
export function formatScores(rows: readonly ScoreRow[]): string {
  const lines = [
    '| set | system | hit@1 | hit@3 | sentence@1 | MRR | answerable abstained | answered low | high-confidence right | off-topic abstained | unanswerable abstained or low |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const { set, system, scores: s, hasSentences } of rows) {
    lines.push(
      `| ${set} | ${system} | ${ratio(s.hitAt1, s.answerable)} | ${ratio(s.hitAt3, s.answerable)} | ${hasSentences ? ratio(s.sentenceHitAt1, s.answerable) : '—'} | ${ratio(s.reciprocalRanks, s.answerable)} | ${ratio(s.wronglyAbstained, s.answerable)} | ${ratio(s.answerableLow, s.answerable)} | ${ratio(s.highRight, s.high)} | ${s.offTopic === 0 ? '—' : `${s.offTopicAbstained}/${s.offTopic}`} | ${s.unanswerable === 0 ? '—' : ratio(s.unanswerableAbstainedOrLow, s.unanswerable)} |`,
    );
  }
  return lines.join('\n');
}
