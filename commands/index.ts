/**
 * Every slash command, in one explicit list: the runtime routes to these and
 * `npm run deploy` registers exactly these.
 */
import type { Command } from '../src/bot/command.js';
import ask from './ask.js';
import corpus from './corpus.js';
import help from './help.js';
import sources from './sources.js';

export const commands: readonly Command[] = [ask, sources, corpus, help];
