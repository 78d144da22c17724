/**
 * /corpus: moderators keep the articles current from Discord — add from a link
 * or a file, remove with confirmation, refresh from the folder, see the status,
 * and see what members ask (stats).
 */
import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
  MessageFlags,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext, Command } from '../src/bot/command.js';
import { replyFor, UserError } from '../src/bot/errors.js';
import { isModerator, MODERATOR_PERMISSION, requireModerator } from '../src/bot/permissions.js';
import { STATS_PERIODS, statsEmbed } from '../src/bot/stats.js';
import { BRAND_COLOUR, noPings } from '../src/bot/render.js';
import { blockQuote, escapeQuoted, LIMITS, safeQuote, truncate } from '../src/bot/text.js';
import { suggestArticles, type EditProgress, type Moderator } from '../src/ingest/corpus-editor.js';
import { isIngestError } from '../src/ingest/errors.js';
import { fetchFile } from '../src/ingest/fetch.js';
import type { ArticleChange, RefreshReport } from '../src/corpus/catalog.js';

const PROGRESS_EVERY_MS = 3000;
const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;

const data = {
  name: 'corpus',
  description: 'Moderators: manage the articles the bot answers from.',
  // Discord's default can name a permission, not a role: members of MODERATOR_ROLE_IDS see
  // /corpus once a server admin allows their role for it (Server Settings → Integrations).
  default_member_permissions: MODERATOR_PERMISSION.toString(),
  contexts: [0],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'add',
      description: 'Add an article from a link or a file (.txt, .md, .html).',
      options: [
        { type: ApplicationCommandOptionType.String, name: 'url', description: 'Link to the article page', max_length: 2000 },
        { type: ApplicationCommandOptionType.Attachment, name: 'file', description: 'The article as a .txt, .md or .html file' },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'remove',
      description: 'Remove an article (you confirm first).',
      options: [{ type: ApplicationCommandOptionType.String, name: 'article', description: 'The article to remove', required: true, autocomplete: true }],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'refresh', description: 'Re-read the corpus folder and rebuild the index.' },
    { type: ApplicationCommandOptionType.Subcommand, name: 'status', description: 'Article and passage counts, and the last refresh.' },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'stats',
      description: 'What members asked: answered, unsure, not in the articles, and their votes.',
      options: [
        {
          type: ApplicationCommandOptionType.Integer,
          name: 'days',
          description: 'The period (default: the last 7 days)',
          choices: STATS_PERIODS.map((days) => ({ name: `the last ${days} days`, value: days })),
        },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function changeLines(label: string, changes: ArticleChange[]): string[] {
  if (changes.length === 0) return [];
  return [`**${label} (${changes.length})**`, ...changes.slice(0, 10).map((c) => `• ${escapeQuoted(c.title)} — ${count(c.passages, 'passage')}`)];
}

/** What a refresh changed, and the totals; `unchanged: null` leaves out "No articles changed." (the caller said what changed). */
export function refreshSummary(report: RefreshReport, { unchanged = 'No articles changed.' }: { unchanged?: string | null } = {}): string {
  const lines = [...changeLines('Added', report.added), ...changeLines('Removed', report.removed), ...changeLines('Changed', report.changed)];
  if (lines.length === 0 && unchanged) lines.push(unchanged, '');
  else if (lines.length > 0) lines.push('');
  lines.push(`${count(report.articles, 'article')}, ${count(report.passages, 'passage')} (was ${report.passagesBefore}). Took ${report.tookMs} ms.`);
  return truncate(lines.join('\n'), LIMITS.embedDescription);
}

/** "Title (id)" within Discord's limit: the title is shortened, not the id, so similar titles stay apart. */
function choiceName(title: string, id: string): string {
  const suffix = ` (${id})`;
  const room = LIMITS.choiceName - suffix.length;
  return room >= 20 ? `${truncate(title, room)}${suffix}` : truncate(`${title}${suffix}`, LIMITS.choiceName);
}

function moderator(interaction: ChatInputCommandInteraction | ButtonInteraction): Moderator {
  return { name: interaction.user.username, id: interaction.user.id };
}

function describeProgress(progress: EditProgress): string {
  switch (progress.stage) {
    case 'fetching':
      return `Fetching ${safeQuote(progress.url, 300)}…`;
    case 'extracting':
      return 'Reading the article…';
    case 'queued':
      return 'Waiting for another moderator’s change to finish…';
    case 'writing':
      return 'Saving…';
    case 'removing':
      return 'Removing…';
    case 'indexing':
      return `Rebuilding the index… ${progress.done} of ${progress.total} passages.`;
  }
}

/** Edits the deferred reply with progress, at most every few seconds, never after the final answer. */
function progressReporter(interaction: ChatInputCommandInteraction | ButtonInteraction) {
  let last = performance.now();
  let chain: Promise<unknown> = Promise.resolve();
  let done = false;
  return {
    report(progress: EditProgress) {
      if (done || performance.now() - last < PROGRESS_EVERY_MS) return;
      last = performance.now();
      chain = chain.then(() => (done ? undefined : interaction.editReply({ content: describeProgress(progress), allowedMentions: noPings() }))).catch(() => undefined);
    },
    async finish() {
      done = true;
      await chain;
    },
  };
}

async function add(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const url = interaction.options.getString('url')?.trim();
  const file = interaction.options.getAttachment('file');
  if ((url ? 1 : 0) + (file ? 1 : 0) !== 1) throw new UserError('Give either `url:` (a link to the article) or `file:` (a .txt, .md or .html file), not both.');
  if (file && file.size > MAX_ATTACHMENT_BYTES) throw new UserError(`That file is ${Math.ceil(file.size / 1024)} KiB; the limit is ${MAX_ATTACHMENT_BYTES / 1024} KiB.`);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const progress = progressReporter(interaction);
  try {
    const source = url ? { url } : await downloadAttachment(file!.url, file!.name, context.config.allowPrivateUrls);
    const result = await context.editor.add({ source, by: moderator(interaction) }, context.story, (p) => progress.report(p));
    await progress.finish();
    const a = result.article;
    const details = [a.outlet, a.author, a.published].filter((d): d is string => Boolean(d)).map(escapeQuoted);
    const embed = new EmbedBuilder()
      .setColor(BRAND_COLOUR)
      .setTitle(`Added: ${safeQuote(a.title, LIMITS.embedTitle - 'Added: '.length)}`)
      .setDescription(
        truncate(
          [
            details.join(' · ') || 'No outlet, author or date given on the page.',
            `${count(result.passages, 'passage')} · \`${escapeQuoted(a.id)}\``,
            '',
            blockQuote(safeQuote(result.firstPassage.text, 1200)),
            ...(result.warnings.length ? ['', ...result.warnings.map((w) => `⚠️ ${escapeQuoted(w)}`)] : []),
          ].join('\n'),
          LIMITS.embedDescription,
        ),
      );
    if (a.url) embed.setURL(a.url);
    await interaction.editReply({ content: '', embeds: [embed.toJSON()], allowedMentions: noPings() });
    context.logger.info({ by: interaction.user.id, article: a.id, from: url ?? file?.name }, 'article added');
  } catch (error) {
    await progress.finish();
    throw error;
  }
}

async function downloadAttachment(url: string, fileName: string, allowPrivate: boolean): Promise<{ fileName: string; content: Buffer }> {
  const file = await fetchFile(url, { maxBytes: MAX_ATTACHMENT_BYTES, allowPrivate });
  return { fileName, content: file.body };
}

async function confirmRemove(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const id = interaction.options.getString('article', true);
  const preview = await context.editor.preview(id, context.story);
  const customId = `corpus:remove:${id}`;
  if (customId.length > 100) throw new UserError('That article id is too long to remove from Discord; remove its file from the corpus folder instead.');
  const embed = new EmbedBuilder()
    .setColor(0xc0392b)
    .setTitle(`Remove “${safeQuote(preview.title, LIMITS.embedTitle - 'Remove “”?'.length)}”?`)
    .setDescription(`${count(preview.passages, 'passage')} will no longer be quoted. \`${escapeQuoted(preview.id)}\``);
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(customId).setLabel('Remove').setStyle(ButtonStyle.Danger),
    new ButtonBuilder().setCustomId('corpus:cancel').setLabel('Keep it').setStyle(ButtonStyle.Secondary),
  );
  await interaction.reply({ embeds: [embed.toJSON()], components: [row], flags: MessageFlags.Ephemeral, allowedMentions: noPings() });
}

async function refresh(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const progress = progressReporter(interaction);
  let report: RefreshReport;
  try {
    report = await context.editor.refresh(moderator(interaction), context.story, (p) => progress.report(p));
  } catch (error) {
    await progress.finish();
    throw error;
  }
  await progress.finish();
  const embed = new EmbedBuilder().setColor(BRAND_COLOUR).setTitle('Corpus refreshed').setDescription(refreshSummary(report));
  await interaction.editReply({ content: '', embeds: [embed.toJSON()], allowedMentions: noPings() });
  context.logger.info({ by: interaction.user.id, added: report.added.length, removed: report.removed.length, changed: report.changed.length }, 'corpus refreshed');
}

async function status(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const s = context.story.status();
  const when = Math.floor(s.refreshedAt.getTime() / 1000);
  // The story says who changed it last, or 'startup' when no one has since the bot started.
  const last =
    s.refreshedBy === 'startup'
      ? `Read from the corpus folder when the bot started, <t:${when}:R> (<t:${when}:f>); no moderator has changed it since.`
      : `Last changed <t:${when}:R> (<t:${when}:f>) by ${escapeQuoted(s.refreshedBy)}.`;
  const embed = new EmbedBuilder()
    .setColor(BRAND_COLOUR)
    .setTitle('Corpus status')
    .setDescription(`${count(s.articles, 'article')}, ${count(s.passages, 'passage')}.\n${last}`);
  await interaction.reply({ embeds: [embed.toJSON()], flags: MessageFlags.Ephemeral, allowedMentions: noPings() });
}

async function stats(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const days = interaction.options.getInteger('days') ?? STATS_PERIODS[0];
  const report = context.questions.report(days);
  await interaction.reply({ embeds: [statsEmbed(report)], flags: MessageFlags.Ephemeral, allowedMentions: noPings() });
}

const subcommands: Record<string, (interaction: ChatInputCommandInteraction, context: BotContext) => Promise<void>> = {
  add,
  remove: confirmRemove,
  refresh,
  status,
  stats,
};

export default {
  data,
  async execute(interaction, context) {
    requireModerator(interaction, context.config.moderatorRoleIds);
    const run = subcommands[interaction.options.getSubcommand()];
    if (!run) throw new UserError('Unknown /corpus subcommand; try /help.');
    await run(interaction, context);
  },
  async autocomplete(interaction, context) {
    if (!isModerator(interaction, context.config.moderatorRoleIds)) {
      await interaction.respond([]);
      return;
    }
    const choices = suggestArticles(context.story, interaction.options.getFocused(), 25).map((a) => ({
      name: choiceName(a.title, a.id),
      value: a.id.slice(0, LIMITS.choiceValue),
    }));
    await interaction.respond(choices);
  },
  async button(interaction, context) {
    requireModerator(interaction, context.config.moderatorRoleIds);
    const [, action, id = ''] = interaction.customId.split(':');
    if (action === 'cancel') {
      await interaction.update({ content: 'Kept. Nothing was removed.', embeds: [], components: [], allowedMentions: noPings() });
      return;
    }
    if (action !== 'remove') throw new UserError('This button no longer works.');
    await interaction.update({ content: 'Removing…', embeds: [], components: [], allowedMentions: noPings() });
    const progress = progressReporter(interaction);
    try {
      const result = await context.editor.remove({ id, by: moderator(interaction) }, context.story, (p) => progress.report(p));
      await progress.finish();
      // The removal is said once: the summary's own "Removed" list would repeat it.
      const others = { ...result.report, removed: result.report.removed.filter((c) => c.id !== result.article.id) };
      const lines = [`Removed **${escapeQuoted(result.article.title)}** (${count(result.passages, 'passage')}).`, '', refreshSummary(others, { unchanged: null }), ...result.warnings.map((w) => `⚠️ ${escapeQuoted(w)}`)];
      await interaction.editReply({ content: truncate(lines.join('\n'), LIMITS.content), allowedMentions: noPings() });
      context.logger.info({ by: interaction.user.id, article: id }, 'article removed');
    } catch (error) {
      await progress.finish();
      // The article went while this prompt was open: a double click on Remove, or another
      // moderator. Say that, not "there is no article", which reads as if the removal failed.
      if (isIngestError(error, 'no-such-article')) {
        await interaction.editReply({ content: `Already removed: “${escapeQuoted(id)}” is no longer in the corpus (see /sources).`, allowedMentions: noPings() });
        return;
      }
      const reply = replyFor(error);
      // The message being confirmed was already replaced by "Removing…": say what happened there.
      if (reply !== undefined) {
        await interaction.editReply({ content: reply, allowedMentions: noPings() });
        return;
      }
      throw error;
    }
  },
} satisfies Command;
