/**
 * /help: what the bot does, its commands, and questions to try.
 */
import { EmbedBuilder, MessageFlags, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Command } from '../src/bot/command.js';
import { BRAND_COLOUR, noPings } from '../src/bot/render.js';
import { escapeQuoted } from '../src/bot/text.js';

const data = {
  name: 'help',
  description: 'What this bot does and how to ask it.',
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

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
          '`/ask question:` — ask; add `private:True` to see it alone first, `mention:` to address someone',
          '`/sources` — the articles I quote from',
          '`/corpus refresh` · `/corpus status` — moderators only',
          '`/help` — this',
          '',
          '**Try asking**',
          ...examples,
        ].join('\n'),
      );
    await interaction.reply({ embeds: [embed.toJSON()], flags: MessageFlags.Ephemeral, allowedMentions: noPings() });
  },
} satisfies Command;
