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
  kind: z.literal('none').optional(),
});

export type EvalQuestion = z.infer<typeof evalQuestionSchema>;

/** What a system answered for one question: its ranked passage texts and its answer sentence. */
export interface SystemAnswer {
  passages: string[];
  answer: string | null;
}

export interface EvalScores {
  answerable: number;
  none: number;
  hitAt1: number;
  hitAt3: number;
  sentenceHitAt1: number;
  noneAbstained: number;
  wronglyAbstained: number;
  misses: string[];
}

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
  if (!text) return false;
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
      if (parsed.data.kind !== 'none' && !parsed.data.any?.length) throw new Error(`eval: ${name}:${number}: needs "any" or "kind": "none"`);
      return parsed.data;
    });
}

export function score(questions: readonly EvalQuestion[], answerFor: (q: EvalQuestion) => SystemAnswer): EvalScores {
  const s: EvalScores = { answerable: 0, none: 0, hitAt1: 0, hitAt3: 0, sentenceHitAt1: 0, noneAbstained: 0, wronglyAbstained: 0, misses: [] };
  for (const question of questions) {
    const result = answerFor(question);
    if (question.kind === 'none') {
      s.none++;
      if (result.answer === null && result.passages.length === 0) s.noneAbstained++;
      else s.misses.push(`${question.id} should abstain`);
      continue;
    }
    const needles = question.any ?? [];
    s.answerable++;
    if (result.passages.length === 0) {
      s.wronglyAbstained++;
      s.misses.push(`${question.id} abstained`);
      continue;
    }
    const at1 = contains(result.passages[0], needles);
    if (at1) s.hitAt1++;
    if (result.passages.slice(0, 3).some((p) => contains(p, needles))) s.hitAt3++;
    if (contains(result.answer, needles)) s.sentenceHitAt1++;
    if (!at1) s.misses.push(`${question.id} passage@1`);
    else if (!contains(result.answer, needles)) s.misses.push(`${question.id} sentence`);
  }
  return s;
}

const ratio = (n: number, d: number) => (d === 0 ? '—' : (n / d).toFixed(2));

/** A Markdown table comparing systems. */
export function formatScores(rows: { name: string; scores: EvalScores; hasSentences: boolean }[]): string {
  const lines = [
    '| system | hit@1 | hit@3 | sentence hit@1 | "none" abstained | wrongly abstained |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const { name, scores: s, hasSentences } of rows) {
    lines.push(
      `| ${name} | ${ratio(s.hitAt1, s.answerable)} | ${ratio(s.hitAt3, s.answerable)} | ${hasSentences ? ratio(s.sentenceHitAt1, s.answerable) : '—'} | ${s.noneAbstained}/${s.none} | ${s.wronglyAbstained}/${s.answerable} |`,
    );
  }
  return lines.join('\n');
}
