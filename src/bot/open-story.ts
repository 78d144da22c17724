/**
 * The bot's live story, opened from `config.corpusDir` with its notes logged.
 * Apart from `app.ts` so that `main.ts` can start it (in its worker thread)
 * before discord.js, the larger part of a cold start, has loaded.
 */
import type { Config } from '../config.js';
import { LiveStory } from '../runtime/live-story.js';
import type { Logger } from './logger.js';

export function openBotStory(config: Pick<Config, 'corpusDir' | 'indexSnapshot' | 'indexSnapshotDir'>, logger: Logger): Promise<LiveStory> {
  return LiveStory.open(config.corpusDir, {
    snapshot: config.indexSnapshot,
    snapshotDir: config.indexSnapshotDir,
    onProblems: (problems) => logger.warn({ problems }, 'corpus files left out'),
    onSnapshotNote: (note) => logger.info({ note }, 'index snapshot'),
    onLost: (error) => logger.error({ err: error }, 'the story host stopped; reopening the corpus'),
  });
}
