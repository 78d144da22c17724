/**
 * A story answering from the thread it was built in. A story host (`worker.ts`)
 * is one of these served over a message port; `indexIn: 'this-thread'` uses one
 * directly, for tests about something else and for the bench's comparison.
 */
import type { AskOptions } from '../answer/engine.js';
import type { Answer } from '../answer/types.js';
import type { Passage } from '../corpus/types.js';
import { DuplicateIndex, type DuplicateCandidate } from '../ingest/duplicates.js';
import { Catalog, summarize, type DuplicateFound, type LiveStory } from '../corpus/catalog.js';
import type { BuiltStory } from '../folder/snapshot.js';

export class LocalStory implements LiveStory {
  readonly catalog: Catalog;
  private duplicates: Promise<DuplicateIndex> | undefined;

  constructor(private readonly story: BuiltStory) {
    this.catalog = Catalog.of(summarize(story.engine));
  }

  get suggester(): BuiltStory['suggester'] {
    return this.story.suggester;
  }

  ask(question: string, options?: AskOptions): Promise<Answer> {
    return Promise.resolve(this.story.engine.ask(question, options));
  }

  passagesOf(articleId: string): Promise<readonly Passage[]> {
    return Promise.resolve(this.story.engine.passagesOf(articleId));
  }

  async findDuplicate(candidate: DuplicateCandidate): Promise<DuplicateFound | undefined> {
    this.duplicates ??= DuplicateIndex.build(this.story.engine.articles);
    const match = (await this.duplicates).find(candidate);
    const article = match && this.catalog.article(match.article.id);
    return article && match ? { article, reason: match.reason } : undefined;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
