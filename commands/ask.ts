/**
 * /ask: a question answered with the best verbatim passage and its sources.
 */
import {
  ApplicationCommandOptionType,
  MessageFlags,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Answer } from '../src/answer/types.js';
import type { BotContext, Command } from '../src/bot/command.js';
import { UserError } from '../src/bot/errors.js';
import { recordAnswer, withFeedback } from '../src/bot/feedback.js';
import { abstainEmbed, answerButtons, answerEmbed, noPings } from '../src/bot/render.js';
import type { AnswerSession } from '../src/bot/sessions.js';
import { LIMITS, truncate } from '../src/bot/text.js';

/**
 * Discord gives up on an interaction whose first callback is not in within 3 s.
 * An answer not back by then (a recovering story, a rate-limited or slow REST)
 * is deferred, leaving time for the deferral itself to arrive.
 */
export const DEFER_AFTER_MS = 1500;

/** Passages kept per answer for paging. */
const PAGES = 5;
const MAX_QUESTION = 300;

const data = {
  name: 'ask',
  description: 'Ask a question about the story; the answer is quoted from the articles.',
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'question',
      description: 'What do you want to know?',
      required: true,
      autocomplete: true,
      max_length: MAX_QUESTION,
    },
    { type: ApplicationCommandOptionType.Boolean, name: 'private', description: 'Only you see the answer (you can post it after).' },
    { type: ApplicationCommandOptionType.User, name: 'mention', description: 'Address the answer to someone (only they are pinged).' },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

function view(session: AnswerSession, index: number, canPost: boolean) {
  const embed = answerEmbed({ answer: session.answer, index });
  const components = answerButtons({ sessionId: session.id, index, total: session.answer.passages.length, canPost, posted: session.posted ?? false });
  return { embeds: [embed], components: withFeedback(components, session.answerId) };
}

function examplesFor(context: BotContext): string[] {
  return context.story.suggester.suggest('', 3);
}

/** The story's answer, deferring the reply (private or not, as the answer will be) when it is slow to come. */
async function answerOrDefer(interaction: ChatInputCommandInteraction, asking: Promise<Answer>, isPrivate: boolean): Promise<Answer> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), DEFER_AFTER_MS)));
  const first = await Promise.race([asking, late]).finally(() => clearTimeout(timer));
  if (first === 'late') await interaction.deferReply(isPrivate ? { flags: MessageFlags.Ephemeral } : {});
  return asking;
}

type Reply = Omit<InteractionReplyOptions, 'flags'> & Omit<InteractionEditReplyOptions, 'flags'>;

/**
 * Sends the reply, or fills in the deferred one. A deferred reply cannot change
 * from public to private, and an edit pings nobody: those become a follow-up
 * (the placeholder is deleted first).
 */
async function send(interaction: ChatInputCommandInteraction, reply: Reply, { hidden, pings }: { hidden: boolean; pings: boolean }): Promise<void> {
  const flags = hidden ? MessageFlags.Ephemeral : undefined;
  if (!interaction.deferred) {
    await interaction.reply({ ...reply, flags });
    return;
  }
  if ((interaction.ephemeral ?? false) === hidden && !pings) {
    await interaction.editReply(reply);
    return;
  }
  await interaction.deleteReply();
  await interaction.followUp({ ...reply, flags });
}

async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const question = interaction.options.getString('question', true);
  const isPrivate = interaction.options.getBoolean('private') ?? false;
  const mention = interaction.options.getUser('mention');
  if (mention && mention.id === interaction.client.user.id) throw new UserError('I cannot address an answer to myself. Mention a person, or leave `mention:` out.');
  if (!isPrivate) context.cooldowns.check(interaction.user.id);
  const answer = await answerOrDefer(interaction, context.story.ask(question, { top: PAGES }), isPrivate);
  const answerId = recordAnswer(context, answer);

  if (answer.answer === null) {
    await send(interaction, { embeds: [abstainEmbed(answer, answer.suggestions?.length ? answer.suggestions : examplesFor(context))], allowedMentions: noPings() }, { hidden: true, pings: false });
    return;
  }
  if (!isPrivate) context.cooldowns.start(interaction.user.id);
  const session = context.sessions.add({
    askerId: interaction.user.id,
    answer,
    answerId,
    isPrivate,
    mentionId: mention?.id,
    editPrivate: isPrivate ? (options) => interaction.editReply(options) : undefined,
  });
  // A private answer keeps its mention for when it is posted: nobody is pinged about a message they cannot see.
  const mentionLine = mention
    ? isPrivate
      ? `Only you can see this. **Post to channel** to send it to <@${mention.id}>.`
      : `<@${mention.id}>, <@${interaction.user.id}> asked this for you:`
    : undefined;
  await send(
    interaction,
    { ...view(session, 0, isPrivate), ...(mentionLine ? { content: mentionLine } : {}), allowedMentions: noPings(isPrivate ? undefined : mention?.id) },
    { hidden: isPrivate, pings: !isPrivate && mention !== null },
  );
}

async function button(interaction: ButtonInteraction, context: BotContext): Promise<void> {
  const [, action, sessionId = '', rawIndex = '0'] = interaction.customId.split(':');
  const session = context.sessions.get(sessionId);
  if (!session) {
    await interaction.reply({ content: 'This answer has expired. Ask again with /ask.', flags: MessageFlags.Ephemeral, allowedMentions: noPings() });
    return;
  }
  const index = Math.min(Math.max(0, Number.parseInt(rawIndex, 10) || 0), session.answer.passages.length - 1);
  const isAsker = interaction.user.id === session.askerId;

  if (action === 'post') {
    if (!isAsker) {
      await interaction.reply({ content: 'Only the person who asked can post this answer.', flags: MessageFlags.Ephemeral, allowedMentions: noPings() });
      return;
    }
    if (session.posted) {
      await interaction.reply({ content: 'This answer is already posted to the channel.', flags: MessageFlags.Ephemeral, allowedMentions: noPings() });
      return;
    }
    session.posted = true; // before any await: a second press meanwhile is refused
    const shared = { ...session, isPrivate: false };
    const content = session.mentionId
      ? `<@${session.mentionId}>, <@${session.askerId}> shared this answer for you:`
      : `<@${session.askerId}> shared an answer:`;
    await interaction.reply({
      content: truncate(content, LIMITS.content),
      ...view(shared, index, false),
      allowedMentions: noPings(session.mentionId),
    });
    // The private reply says so and keeps its button, disabled. Its token lasts 15 minutes; after that it stays as it was.
    // The button's id carries the page the private reply shows.
    await session
      .editPrivate?.({ content: 'Posted to the channel.', ...view(session, index, true), allowedMentions: noPings() })
      .catch((error: unknown) => context.logger.debug({ err: error }, 'could not mark the private answer as posted'));
    return;
  }
  if (action === 'more') {
    if (!isAsker) {
      // Someone else's answer: show them the passage privately instead of changing the asker's message.
      await interaction.reply({
        content: 'This answer belongs to someone else, so here is that passage just for you. Ask your own with /ask.',
        embeds: [answerEmbed({ answer: session.answer, index })],
        flags: MessageFlags.Ephemeral,
        allowedMentions: noPings(),
      });
      return;
    }
    // The message being paged decides, not the session: a private answer posted to the channel is public.
    const onPrivate = interaction.message.flags.has(MessageFlags.Ephemeral);
    await interaction.update({ ...view(session, index, onPrivate), allowedMentions: noPings(onPrivate ? undefined : session.mentionId) });
    return;
  }
  await interaction.reply({ content: 'This button no longer works. Please ask again.', flags: MessageFlags.Ephemeral, allowedMentions: noPings() });
}

export default {
  data,
  execute,
  button,
  async autocomplete(interaction, context) {
    const typed = interaction.options.getFocused();
    const choices = context.story.suggester
      .suggest(typed, 25)
      .map((text) => truncate(text, LIMITS.choiceName))
      .filter((text) => text.length > 0)
      .map((text) => ({ name: text, value: text }));
    await interaction.respond(choices);
  },
} satisfies Command;
