/**
 * Plain MiniSearch with default options over the same passages: the baseline
 * that eval and bench compare storydesk against.
 */
import MiniSearch from 'minisearch';
import type { Passage } from '../corpus/types.js';

export class BaselineIndex {
  private readonly search: MiniSearch<Passage>;

  constructor(readonly passages: readonly Passage[]) {
    this.search = new MiniSearch<Passage>({ fields: ['text'], idField: 'id' });
    this.search.addAll(passages as Passage[]);
  }

  /** Passage ids, best first. */
  find(question: string, limit: number): string[] {
    return this.search
      .search(question)
      .slice(0, limit)
      .map((r) => r.id as string);
  }
}
