import type { ArticleMeta } from '../corpus/types.js';

export type Source = ArticleMeta;

export interface RankedPassage {
  /** Verbatim passage text. */
  text: string;
  /** The first (earliest, best-ranked) article carrying this text. */
  source: Source;
  /** Every article that carries the same quote, `source` first. */
  sources: Source[];
  score: number;
  passageId: string;
  paragraph: number;
  start: number;
  end: number;
  kind: 'text' | 'tweet';
}

export interface Answer {
  question: string;
  /** The best sentence, verbatim from `passages[0].text`; null when abstaining. */
  answer: string | null;
  /**
   * `high`: the answer. `low`: only the closest passage; the articles may not say
   * exactly, so it is never presented as the answer. Absent when abstaining.
   */
  confidence?: 'high' | 'low' | undefined;
  /** Best first; `[]` when abstaining. */
  passages: RankedPassage[];
  /** When abstaining: a short line of what the articles do cover. */
  hint?: string | undefined;
  /** When abstaining or unsure: up to three questions the articles do answer, close to this one. */
  suggestions?: string[] | undefined;
}
