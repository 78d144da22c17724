/**
 * The shape of a slash command module in `commands/`, and what it is handed.
 */
import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Config } from '../config.js';
import type { CorpusEditor } from '../ingest/corpus-editor.js';
import type { LiveStory } from '../runtime/live-story.js';
import type { Cooldowns } from './cooldown.js';
import type { Logger } from './logger.js';
import type { QuestionLog } from './questions.js';
import type { AnswerSessions } from './sessions.js';

/** What every command receives besides its interaction. */
export interface BotContext {
  config: Config;
  story: LiveStory;
  /** Serializes moderators' changes to the corpus folder (add, remove, refresh). */
  editor: CorpusEditor;
  sessions: AnswerSessions;
  /** What members ask, with outcomes and votes (for /corpus stats). */
  questions: QuestionLog;
  /** The per-member wait between public answers. */
  cooldowns: Cooldowns;
  logger: Logger;
  /** Every command the bot routes to (`commands/index.ts`), for `/help`. */
  commands: readonly Command[];
}

/** Handles buttons that belong to no one command (their custom id's prefix names the handler). */
export type ButtonHandler = (interaction: ButtonInteraction, context: BotContext) => Promise<void>;

/**
 * A slash command: its registration data (plain JSON, shared by the runtime and
 * `npm run deploy`) and its behaviour. Buttons whose custom id starts with
 * `${data.name}:` are routed to `button`.
 */
export interface Command {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, context: BotContext): Promise<void>;
  button?(interaction: ButtonInteraction, context: BotContext): Promise<void>;
}

/**
 * Buttons that belong to no one command (a whole passage, delete, feedback):
 * routed by the start of their custom id, `${prefix}:`. Listed in
 * `src/bot/components.ts`; the router keeps them and the commands' buttons in one map.
 */
export interface ComponentHandler {
  /** The custom id's first part, without the colon: `passage` handles `passage:…`. */
  prefix: string;
  button: ButtonHandler;
}

/** Checks at load time that a module has the shape of a {@link Command}. */
export function isCommand(value: unknown): value is Command {
  const c = value as Partial<Command> | null;
  return (
    typeof c === 'object' && c !== null && typeof c.data?.name === 'string' && typeof c.data.description === 'string' && typeof c.execute === 'function'
  );
}
