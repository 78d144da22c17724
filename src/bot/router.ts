/**
 * One place where interactions arrive: routed by command name (a map, not a
 * switch), every failure logged and answered, even when the answer itself fails.
 */
import { MessageFlags, type BaseInteraction, type RepliableInteraction } from 'discord.js';
import type { BotContext, ButtonHandler, Command, ComponentHandler } from './command.js';
import { isCommand } from './command.js';
import { replyFor } from './errors.js';
import { noPings } from './render.js';
import { LIMITS, truncate } from './text.js';

const APOLOGY = 'Sorry, something went wrong while answering. It has been logged; please try again.';

export type CommandMap = ReadonlyMap<string, Command>;

export function commandMap(commands: readonly Command[]): CommandMap {
  const map = new Map<string, Command>();
  for (const command of commands) {
    if (!isCommand(command)) throw new Error('bot: a module in commands/ is not a command (needs data.name, data.description, execute)');
    if (map.has(command.data.name)) throw new Error(`bot: two commands are named /${command.data.name}`);
    map.set(command.data.name, command);
  }
  return map;
}

/** A private reply, fitted to Discord's limit whatever `text` holds. */
async function tell(interaction: RepliableInteraction, text: string): Promise<void> {
  const content = truncate(text, LIMITS.content);
  const message = { content, flags: MessageFlags.Ephemeral as const, allowedMentions: noPings() };
  if (interaction.deferred && !interaction.replied) await interaction.editReply({ content, allowedMentions: noPings(), embeds: [], components: [] });
  else if (interaction.replied || interaction.deferred) await interaction.followUp(message);
  else await interaction.reply(message);
}

/** The failure's code, when it has one ('duplicate', 'timeout', …), for the log line. */
function kindOf(error: unknown): { code?: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? { code } : {};
}

function describe(interaction: BaseInteraction): Record<string, unknown> {
  const fields: Record<string, unknown> = { interactionId: interaction.id, userId: interaction.user.id, guildId: interaction.guildId };
  if (interaction.isChatInputCommand() || interaction.isAutocomplete()) fields.command = interaction.commandName;
  if (interaction.isButton()) fields.customId = interaction.customId;
  return fields;
}

export type ComponentMap = ReadonlyMap<string, ButtonHandler>;

/** One map from a custom id's prefix to its handler: each command's own buttons (`ask:…`) and the shared ones. */
export function componentMap(commands: CommandMap, handlers: readonly ComponentHandler[] = []): ComponentMap {
  const map = new Map<string, ButtonHandler>();
  for (const [name, command] of commands) if (command.button) map.set(name, command.button.bind(command));
  for (const handler of handlers) {
    if (map.has(handler.prefix)) throw new Error(`bot: two button handlers claim the prefix ${handler.prefix}:`);
    map.set(handler.prefix, handler.button.bind(handler));
  }
  return map;
}

/**
 * @param components every button's handler by custom id prefix (see {@link componentMap}):
 * the commands' own and the shared ones (`passage:`, `delete:`, `vote:`).
 */
export function createRouter(commands: CommandMap, context: BotContext, components: ComponentMap = componentMap(commands)) {
  const { logger } = context;

  return async function route(interaction: BaseInteraction): Promise<void> {
    const started = performance.now();
    const fields = describe(interaction);
    try {
      if (interaction.isAutocomplete()) {
        const command = commands.get(interaction.commandName);
        if (command?.autocomplete) await command.autocomplete(interaction, context);
        else await interaction.respond([]);
        return;
      }
      if (interaction.isChatInputCommand()) {
        const command = commands.get(interaction.commandName);
        if (!command) {
          logger.warn(fields, 'unknown command');
          await tell(interaction, `I don't know the command /${interaction.commandName}. It may have been removed; try /help.`);
          return;
        }
        await command.execute(interaction, context);
      } else if (interaction.isButton()) {
        const handler = components.get(interaction.customId.split(':')[0] ?? '');
        if (!handler) {
          logger.warn(fields, 'unknown button');
          await tell(interaction, 'This button no longer works. Please ask again.');
          return;
        }
        await handler(interaction, context);
      } else {
        return;
      }
      logger.info({ ...fields, ms: Math.round(performance.now() - started) }, 'answered');
    } catch (error) {
      const reply = replyFor(error);
      if (reply !== undefined) logger.info({ ...fields, reason: reply, ...kindOf(error) }, 'refused');
      else logger.error({ ...fields, err: error }, 'interaction failed');
      try {
        // An autocomplete cannot be told why, but it still gets an answer: no choices.
        if (interaction.isAutocomplete()) {
          if (!interaction.responded) await interaction.respond([]);
          return;
        }
        if (!interaction.isRepliable()) return;
        await tell(interaction, reply ?? APOLOGY);
      } catch (replyError) {
        logger.error({ ...fields, err: replyError }, 'could not send the error reply');
      }
    }
  };
}
