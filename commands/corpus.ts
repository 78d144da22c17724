/**
 * /corpus: moderators keep the articles current. refresh re-reads the folder; status tells its state.
 */
import {
  ApplicationCommandOptionType,
  EmbedBuilder,
  MessageFlags,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Command } from '../src/bot/command.js';
import { UserError } from '../src/bot/errors.js';
import { MODERATOR_PERMISSION, requireModerator } from '../src/bot/permissions.js';
import { BRAND_COLOUR, noPings } from '../src/bot/render.js';
import { escapeQuoted, LIMITS, safeQuote, truncate } from '../src/bot/text.js';
import { RefreshError, type ArticleChange, type RefreshReport } from '../src/service/story.js';

const PROGRESS_EVERY_MS = 3000;

const data = {
  name: 'corpus',
  description: 'Moderators: manage the articles the bot answers from.',
  default_member_permissions: MODERATOR_PERMISSION.toString(),
  dm_permission: false,
  options: [
    { type: ApplicationCommandOptionType.Subcommand, name: 'refresh', description: 'Re-read the corpus folder and rebuild the index.' },
    { type: ApplicationCommandOptionType.Subcommand, name: 'status', description: 'Article and passage counts, and the last refresh.' },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

function changeLines(label: string, changes: ArticleChange[]): string[] {
  if (changes.length === 0) return [];
  return [`**${label} (${changes.length})**`, ...changes.slice(0, 10).map((c) => `• ${escapeQuoted(c.title)} — ${c.passages} passages`)];
}

export function refreshSummary(report: RefreshReport): string {
  const lines = [
    ...changeLines('Added', report.added),
    ...changeLines('Removed', report.removed),
    ...changeLines('Changed', report.changed),
  ];
  if (lines.length === 0) lines.push('No articles changed.');
  lines.push('', `${report.articles} articles, ${report.passages} passages (was ${report.passagesBefore}). Took ${report.tookMs} ms.`);
  return truncate(lines.join('\n'), LIMITS.embedDescription);
}

export default {
  data,
  async execute(interaction, context) {
    requireModerator(interaction);
    const sub = interaction.options.getSubcommand();
    if (sub === 'status') {
      const s = context.story.status();
      const when = Math.floor(s.refreshedAt.getTime() / 1000);
      const embed = new EmbedBuilder()
        .setColor(BRAND_COLOUR)
        .setTitle('Corpus status')
        .setDescription(
          `${s.articles} articles, ${s.passages} passages.\nLast refreshed <t:${when}:R> (<t:${when}:f>) by ${escapeQuoted(s.refreshedBy)}.`,
        );
      await interaction.reply({ embeds: [embed.toJSON()], flags: MessageFlags.Ephemeral, allowedMentions: noPings() });
      return;
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    let lastEdit = performance.now();
    let editing: Promise<unknown> = Promise.resolve();
    const onProgress = ({ done, total }: { done: number; total: number }) => {
      if (performance.now() - lastEdit < PROGRESS_EVERY_MS || done === total) return;
      lastEdit = performance.now();
      editing = editing.then(() => interaction.editReply({ content: `Rebuilding the index… ${done} of ${total} passages.`, allowedMentions: noPings() })).catch(() => undefined);
    };
    let report: RefreshReport;
    try {
      report = await context.story.refresh(`${interaction.user.username} (${interaction.user.id})`, onProgress);
    } catch (error) {
      if (error instanceof RefreshError) throw new UserError(safeQuote(error.message, LIMITS.content));
      throw error;
    }
    await editing;
    const embed = new EmbedBuilder().setColor(BRAND_COLOUR).setTitle('Corpus refreshed').setDescription(refreshSummary(report));
    await interaction.editReply({ content: '', embeds: [embed.toJSON()], allowedMentions: noPings() });
    context.logger.info({ by: interaction.user.id, added: report.added.length, removed: report.removed.length, changed: report.changed.length }, 'corpus refreshed');
  },
} satisfies Command;
