/**
 * 👍 / 👎 under each answer. The buttons carry the stored question's id
 * (`vote:up:<id>`), so they keep working after a restart for as long as the
 * question is kept; one vote per member per answer, changeable, acknowledged privately.
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, MessageFlags, type APIActionRowComponent, type APIComponentInMessageActionRow, type ButtonInteraction } from 'discord.js';
import type { Answer } from '../answer/types.js';
import type { BotContext } from './command.js';
import type { Outcome, Vote } from './questions.js';
import { noPings } from './render.js';

/** The custom id prefix the router hands to {@link handleVoteButton}. */
export const VOTE_PREFIX = 'vote';

/** Discord shows at most five action rows under a message. */
const MAX_ROWS = 5;

const LABEL: Record<Vote, string> = { up: 'Helpful', down: 'Not helpful' };
const EMOJI: Record<Vote, string> = { up: '👍', down: '👎' };

/** The row of 👍 / 👎 buttons for one stored answer. */
export function feedbackRow(answerId: string): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    (['up', 'down'] as const).map((vote) =>
      new ButtonBuilder().setCustomId(`${VOTE_PREFIX}:${vote}:${answerId}`).setEmoji(EMOJI[vote]).setLabel(LABEL[vote]).setStyle(ButtonStyle.Secondary),
    ),
  );
}

/**
 * Stores the question asked through Discord and its outcome (never who asked).
 * @returns the id its vote buttons carry; undefined when it could not be stored
 * (logged: a full disk must not stop the bot answering).
 */
export function recordAnswer(context: BotContext, answer: Answer): string | undefined {
  const outcome: Outcome = answer.answer === null ? 'abstained' : answer.confidence === 'low' ? 'low' : 'high';
  try {
    return context.questions.record({ question: answer.question, outcome, passageId: answer.passages[0]?.passageId, answer: answer.answer });
  } catch (error) {
    context.logger.warn({ err: error }, 'could not store the question');
    return undefined;
  }
}

type Row = ActionRowBuilder<ButtonBuilder> | APIActionRowComponent<APIComponentInMessageActionRow>;

/** `rows` with the feedback row appended, when there is room for it and an answer to vote on. */
export function withFeedback<T extends Row>(rows: readonly T[], answerId: string | undefined): (T | ActionRowBuilder<ButtonBuilder>)[] {
  if (!answerId || rows.length >= MAX_ROWS) return [...rows];
  return [...rows, feedbackRow(answerId)];
}

const REPLY: Record<Exclude<ReturnType<BotContext['questions']['vote']>, 'gone'>, (vote: Vote) => string> = {
  recorded: (vote) => `Thanks: you marked this answer ${EMOJI[vote]} ${LABEL[vote].toLowerCase()}. The moderators see the counts, not who voted.`,
  changed: (vote) => `Changed: you now mark this answer ${EMOJI[vote]} ${LABEL[vote].toLowerCase()}.`,
  unchanged: (vote) => `You already marked this answer ${EMOJI[vote]} ${LABEL[vote].toLowerCase()}. Press the other button to change your vote.`,
};

/** Stores the member's vote and tells them privately what it did. */
export async function handleVoteButton(interaction: ButtonInteraction, context: BotContext): Promise<void> {
  const [, vote, answerId = ''] = interaction.customId.split(':');
  const say = (content: string) => interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: noPings() });
  if (vote !== 'up' && vote !== 'down') {
    await say('This button no longer works. Please ask again.');
    return;
  }
  const result = context.questions.vote(answerId, interaction.user.id, vote);
  if (result === 'gone') {
    await say('This answer is too old to vote on: questions are kept for a limited time. Ask again with /ask to vote on a new answer.');
    return;
  }
  context.logger.info({ vote, result }, 'vote');
  await say(REPLY[result](vote));
}
