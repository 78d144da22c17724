/**
 * Plain MiniSearch with default options over the same passages: the baseline
 * that eval and bench compare storydesk against. Its answer sentence is the top
 * passage's sentence with the best BM25 score.
 */
import MiniSearch from 'minisearch';
import type { Passage } from '../corpus/types.js';
import { splitSentences } from '../text/sentences.js';

export class BaselineIndex {
  private readonly search: MiniSearch<Passage>;
  private readonly textOf: Map<string, string>;

  constructor(readonly passages: readonly Passage[]) {
    this.search = new MiniSearch<Passage>({ fields: ['text'], idField: 'id' });
    this.search.addAll(passages as Passage[]);
    this.textOf = new Map(passages.map((p) => [p.id, p.text]));
  }

  /** Passage ids, best first. */
  find(question: string, limit: number): string[] {
    return this.search
      .search(question)
      .slice(0, limit)
      .map((r) => r.id as string);
  }

  /** The top passages' texts and the best sentence of the first. */
  answer(question: string, limit: number): { passages: string[]; answer: string | null } {
    const passages = this.find(question, limit).map((id) => this.textOf.get(id) ?? '');
    if (passages.length === 0) return { passages, answer: null };
    const sentences = splitSentences(passages[0]!).map((s, i) => ({ id: i, text: s.text }));
    const inPassage = new MiniSearch<{ id: number; text: string }>({ fields: ['text'] });
    inPassage.addAll(sentences);
    const best = inPassage.search(question)[0];
    return { passages, answer: sentences[best ? (best.id as number) : 0]?.text ?? null };
  }
}
