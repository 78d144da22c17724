/**
 * /sources: the articles the bot answers from, paged.
 */
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext, Command } from '../src/bot/command.js';
import { articleLine, BRAND_COLOUR, noPings } from '../src/bot/render.js';

const PER_PAGE = 8;

const data = {
  name: 'sources',
  description: 'List the articles the answers are quoted from.',
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

function page(context: BotContext, requested: number) {
  const { catalog } = context.story;
  const pages = Math.max(1, Math.ceil(catalog.size / PER_PAGE));
  const index = Math.min(Math.max(0, requested), pages - 1);
  const lines = catalog.articles.slice(index * PER_PAGE, (index + 1) * PER_PAGE).map((a) => articleLine(a, a.passages));
  const embed = new EmbedBuilder()
    .setColor(BRAND_COLOUR)
    .setTitle(`Sources: ${catalog.size} article${catalog.size === 1 ? '' : 's'}, ${catalog.passages} passages`)
    .setDescription(lines.join('\n\n') || 'No articles.')
    .setFooter({ text: `Page ${index + 1} of ${pages}` });
  const components =
    pages > 1
      ? [
          new ActionRowBuilder<ButtonBuilder>().addComponents(
            new ButtonBuilder().setCustomId(`sources:page:${index - 1}`).setLabel('Previous').setStyle(ButtonStyle.Secondary).setDisabled(index === 0),
            new ButtonBuilder().setCustomId(`sources:page:${index + 1}`).setLabel('Next').setStyle(ButtonStyle.Secondary).setDisabled(index >= pages - 1),
          ),
        ]
      : [];
  return { embeds: [embed.toJSON()], components, allowedMentions: noPings() };
}

export default {
  data,
  async execute(interaction, context) {
    await interaction.reply(page(context, 0));
  },
  async button(interaction, context) {
    const requested = Number.parseInt(interaction.customId.split(':')[2] ?? '0', 10) || 0;
    await interaction.update(page(context, requested));
  },
} satisfies Command;
