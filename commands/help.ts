/**
 * /help: what the bot does, its commands (from the list the bot routes to), and questions to try.
 */
import {
  ApplicationCommandOptionType,
  EmbedBuilder,
  MessageFlags,
  type APIApplicationCommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Command } from '../src/bot/command.js';
import { BRAND_COLOUR, noPings } from '../src/bot/render.js';
import { escapeQuoted } from '../src/bot/text.js';

const data = {
  name: 'help',
  description: 'What this bot does and how to ask it.',
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** `question: [private:]`: a required option as `name:`, an optional one in brackets. */
function usage(options: readonly APIApplicationCommandOption[] | undefined): string {
  return (options ?? []).map((o) => ('required' in o && o.required ? `${o.name}:` : `[${o.name}:]`)).join(' ');
}

/**
 * One line per command, or per subcommand (`/corpus add [url:] [file:]`), with its
 * registered description; commands Discord hides from members say "moderators".
 */
export function commandLines(commands: readonly Command[]): string[] {
  return commands.flatMap(({ data }) => {
    const who = data.default_member_permissions ? ' (moderators)' : '';
    const subcommands = (data.options ?? []).filter((o) => o.type === ApplicationCommandOptionType.Subcommand);
    const entries =
      subcommands.length > 0
        ? subcommands.map((sub) => ({ name: `${data.name} ${sub.name}`, options: sub.options, description: sub.description }))
        : [{ name: data.name, options: data.options, description: data.description }];
    return entries.map(({ name, options, description }) => `\`${[`/${name}`, usage(options)].filter(Boolean).join(' ')}\` — ${description}${who}`);
  });
}

export default {
  data,
  async execute(interaction, context) {
    const examples = context.story.suggester.suggest('', 4).map((q) => `• ${escapeQuoted(q)}`);
    const embed = new EmbedBuilder()
      .setColor(BRAND_COLOUR)
      .setTitle('storydesk')
      .setDescription(
        [
          `I answer questions about one news story by quoting the articles I have (${context.story.catalog.size} of them) — word for word, with their sources. When the articles don't say, I tell you so.`,
          '',
          '**Commands**',
          ...commandLines(context.commands),
          '',
          '**Try asking**',
          ...examples,
        ].join('\n'),
      );
    await interaction.reply({ embeds: [embed.toJSON()], flags: MessageFlags.Ephemeral, allowedMentions: noPings() });
  },
} satisfies Command;
