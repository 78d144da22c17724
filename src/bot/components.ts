/**
 * Buttons that belong to no one command, routed by their custom id's prefix
 * (see `ComponentHandler`): the whole passage of an answer, Delete, and the
 * feedback votes. A new one joins this list.
 */
import { MessageFlags, PermissionFlagsBits, type ButtonInteraction } from 'discord.js';
import type { BotContext, ComponentHandler } from './command.js';
import { handleVoteButton, VOTE_PREFIX } from './feedback.js';
import { noPings, parsePassageCustomId, passageEmbed, shortKey } from './render.js';

function tell(interaction: ButtonInteraction, content: string): Promise<unknown> {
  return interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: noPings() });
}

/**
 * "Show whole passage", answered privately. Its custom id carries the passage's id
 * and a key of its text, so it works after a restart; an article changed or
 * removed since is said so.
 */
export const wholePassage: ComponentHandler = {
  prefix: 'passage',
  async button(interaction: ButtonInteraction, context: BotContext) {
    const ref = parsePassageCustomId(interaction.customId);
    let shown: Parameters<typeof passageEmbed>[0] | undefined;
    if (ref?.kind === 'session') {
      shown = context.sessions.get(ref.sessionId)?.answer.passages[ref.index];
    } else if (ref) {
      const articleId = ref.passageId.slice(0, ref.passageId.lastIndexOf('#'));
      const article = context.story.catalog.article(articleId);
      const passage = article ? (await context.story.passagesOf(articleId)).find((p) => p.id === ref.passageId) : undefined;
      if (article && passage && shortKey(passage.text) === ref.key) shown = { text: passage.text, source: article, sources: [article] };
    }
    if (!shown) {
      await tell(interaction, 'That passage cannot be shown any more: its article has changed or been removed since this answer. Ask again with /ask.');
      return;
    }
    await interaction.reply({ embeds: [passageEmbed(shown)], flags: MessageFlags.Ephemeral, allowedMentions: noPings() });
  },
};

/**
 * Delete on a public answer: for the member who asked (the id the button carries)
 * or a member with Manage Messages. Deletes the message the button is on.
 */
export const deleteAnswer: ComponentHandler = {
  prefix: 'delete',
  async button(interaction: ButtonInteraction) {
    const askerId = interaction.customId.slice('delete:'.length);
    const mayDelete = interaction.user.id === askerId || (interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages) ?? false);
    if (!mayDelete) {
      await tell(interaction, 'Only the member who asked (or a moderator with Manage Messages) can delete this answer.');
      return;
    }
    // Acknowledged as an update of the button's message, which the interaction's token may then delete: no channel permission needed.
    await interaction.deferUpdate();
    await interaction.deleteReply();
  },
};

/** 👍 / 👎 (src/bot/feedback.ts). */
export const vote: ComponentHandler = { prefix: VOTE_PREFIX, button: handleVoteButton };

export const components: readonly ComponentHandler[] = [wholePassage, deleteAnswer, vote];
