/**
 * /ask: a question answered with the best verbatim passage and its sources.
 * The same answering serves the suggestion buttons (`ask:q:…`, `ask:k:…`), which ask their question.
 */
import {
  ApplicationCommandOptionType,
  MessageFlags,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type User,
} from 'discord.js';
import { rankChoices } from '../src/bot/autocomplete.js';
import type { BotContext, Command } from '../src/bot/command.js';
import { UserError } from '../src/bot/errors.js';
import { recordAnswer, withFeedback } from '../src/bot/feedback.js';
import { abstainMessage, answerEmbed, answerMessage, noPings, shortKey } from '../src/bot/render.js';
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

export const NOT_ENGLISH =
  'The articles storydesk quotes are in English, and it answers in English, so a question in another language would only find unrelated sentences. Please ask in English.';

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

/** The reply parts of an answer session: the embed of passage `index` and its buttons. */
function view(session: AnswerSession, index: number, onPrivate: boolean) {
  const { embeds, components } = answerMessage(session.answer, { sessionId: session.id, index, onPrivate, askerId: session.askerId, posted: session.posted ?? false });
  // The 👍 / 👎 row goes under the answer's own rows.
  return { embeds, components: withFeedback(components, session.answerId) };
}

function examplesFor(context: BotContext): string[] {
  return context.story.suggester.suggest('', 3);
}

type Asking = ChatInputCommandInteraction | ButtonInteraction;

const LATE = Symbol('late');

/** What `asking` gives, calling `defer` first when it is not back within {@link DEFER_AFTER_MS}. */
async function deferIfSlow<T>(asking: Promise<T>, defer: () => Promise<unknown>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof LATE>((resolve) => (timer = setTimeout(() => resolve(LATE), DEFER_AFTER_MS)));
  const first = await Promise.race([asking, late]).finally(() => clearTimeout(timer));
  if (first === LATE) await defer();
  return asking;
}

/** The story's answer, deferring the reply (private or not, as the answer will be) when it is slow to come. */
function answerOrDefer<T>(interaction: Asking, asking: Promise<T>, isPrivate: boolean): Promise<T> {
  return deferIfSlow(asking, () => interaction.deferReply(isPrivate ? { flags: MessageFlags.Ephemeral } : {}));
}

type Reply = Omit<InteractionReplyOptions, 'flags'> & Omit<InteractionEditReplyOptions, 'flags'>;

/**
 * Sends the reply, or fills in the deferred one. A deferred reply cannot change
 * from public to private, and an edit pings nobody: those become a follow-up
 * (the placeholder is deleted first).
 */
async function send(interaction: Asking, reply: Reply, { hidden, pings }: { hidden: boolean; pings: boolean }): Promise<void> {
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

/**
 * Answers `question` for `interaction.user`: privately when `isPrivate`, or when
 * the articles don't say; addressed to `mention` when given.
 */
async function answerQuestion(interaction: Asking, context: BotContext, question: string, { isPrivate, mention }: { isPrivate: boolean; mention: User | null }): Promise<void> {
  // A public answer, asked by /ask or a suggestion button, waits out the asker's cooldown.
  if (!isPrivate) context.cooldowns.check(interaction.user.id);
  // The English check is made in the story's worker too, so it counts in the time before deferring.
  const answer = await answerOrDefer(interaction, context.story.askInEnglish(question, { top: PAGES }), isPrivate);
  if (!answer) {
    await send(interaction, { content: NOT_ENGLISH, allowedMentions: noPings() }, { hidden: true, pings: false });
    return;
  }
  const answerId = recordAnswer(context, answer);

  if (answer.answer === null) {
    const suggestions = answer.suggestions?.length ? answer.suggestions : examplesFor(context);
    await send(
      interaction,
      { ...abstainMessage(answer, suggestions), allowedMentions: noPings() },
      { hidden: true, pings: false },
    );
    return;
  }
  if (!isPrivate) context.cooldowns.start(interaction.user.id);
  const session = context.sessions.add({
    askerId: interaction.user.id,
    answer,
    answerId,
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

async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const question = interaction.options.getString('question', true);
  const isPrivate = interaction.options.getBoolean('private') ?? false;
  const mention = interaction.options.getUser('mention');
  if (mention && mention.id === interaction.client.user.id) throw new UserError('I cannot address an answer to myself. Mention a person, or leave `mention:` out.');
  await answerQuestion(interaction, context, question, { isPrivate, mention });
}

function tellPrivately(interaction: ButtonInteraction, content: string): Promise<unknown> {
  return interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: noPings() });
}

/** A suggestion button: asks its question, as privately as the message it is on. */
async function askSuggested(interaction: ButtonInteraction, context: BotContext, kind: string, rest: string): Promise<void> {
  const question = kind === 'q' ? rest : context.story.suggester.questions.find((q) => shortKey(q) === rest);
  if (!question) {
    await tellPrivately(interaction, 'That suggested question is no longer offered: the articles have changed since. Ask your own with /ask.');
    return;
  }
  await answerQuestion(interaction, context, question, { isPrivate: interaction.message.flags.has(MessageFlags.Ephemeral), mention: null });
}

/** Shows passage `index` of the session's answer: in place for the asker, privately for anyone else. */
async function page(interaction: ButtonInteraction, session: AnswerSession, index: number): Promise<void> {
  if (interaction.user.id !== session.askerId) {
    // Someone else's answer: show them the passage privately instead of changing the asker's message.
    const copy = {
      content: 'This answer belongs to someone else, so here is that passage just for you. Ask your own with /ask.',
      embeds: [answerEmbed({ answer: session.answer, index })],
      flags: MessageFlags.Ephemeral as const,
      allowedMentions: noPings(),
    };
    await (interaction.deferred ? interaction.followUp(copy) : interaction.reply(copy));
    return;
  }
  // The message being paged decides, not the session: a private answer posted to the channel is public.
  const onPrivate = interaction.message.flags.has(MessageFlags.Ephemeral);
  const paged = { ...view(session, index, onPrivate), allowedMentions: noPings(onPrivate ? undefined : session.mentionId) };
  await (interaction.deferred ? interaction.editReply(paged) : interaction.update(paged));
}

/** What the message a button is on says of its answer: who asked (its Delete button), its vote id, whether it was posted. */
function carriedBy(interaction: ButtonInteraction): { askerId: string | undefined; answerId: string | undefined; posted: boolean } {
  const buttons = interaction.message.components.flatMap((row) => (row.toJSON() as { components?: { custom_id?: string; disabled?: boolean }[] }).components ?? []);
  const id = (prefix: string) => buttons.find((b) => b.custom_id?.startsWith(prefix));
  return {
    askerId: id('delete:')?.custom_id?.slice('delete:'.length),
    answerId: id('vote:')?.custom_id?.split(':')[2],
    posted: id('ask:post:')?.disabled ?? false,
  };
}

/**
 * "More passages" whose id carries the question: asked again (the same corpus gives
 * the same answer), so paging works after a restart; said so when the articles changed.
 */
async function pageAgain(interaction: ButtonInteraction, context: BotContext, index: number, question: string): Promise<void> {
  const onPrivate = interaction.message.flags.has(MessageFlags.Ephemeral);
  const answer = await deferIfSlow(context.story.ask(question, { top: PAGES }), () => interaction.deferUpdate());
  if (answer.answer === null || index >= answer.passages.length) {
    const gone = { content: 'The articles have changed since this answer, so its other passages are gone. Ask again with /ask.', flags: MessageFlags.Ephemeral as const, allowedMentions: noPings() };
    await (interaction.deferred ? interaction.followUp(gone) : interaction.reply(gone));
    return;
  }
  const carried = carriedBy(interaction);
  // On a private answer only the asker sees the button; on a public one its Delete button names them.
  const askerId = onPrivate ? interaction.user.id : (carried.askerId ?? '');
  const session = context.sessions.add({
    askerId,
    answer,
    answerId: carried.answerId,
    mentionId: undefined,
    editPrivate: onPrivate ? (options) => interaction.editReply(options) : undefined,
  });
  if (carried.posted) session.posted = true;
  await page(interaction, session, index);
}

async function button(interaction: ButtonInteraction, context: BotContext): Promise<void> {
  const [, action = '', ...parts] = interaction.customId.split(':');
  if (action === 'q' || action === 'k') {
    await askSuggested(interaction, context, action, parts.join(':'));
    return;
  }
  if (action === 'm') {
    const [rawIndex = '0', ...question] = parts;
    await pageAgain(interaction, context, Number.parseInt(rawIndex, 10) || 0, question.join(':'));
    return;
  }
  const [sessionId = '', rawIndex = '0'] = parts;
  const session = context.sessions.get(sessionId);
  if (!session) {
    await tellPrivately(
      interaction,
      'This answer has expired: it is no longer kept (answers are kept for an hour, and not across a restart), so this button cannot work. Ask again with /ask.',
    );
    return;
  }
  const index = Math.min(Math.max(0, Number.parseInt(rawIndex, 10) || 0), session.answer.passages.length - 1);
  const isAsker = interaction.user.id === session.askerId;

  if (action === 'post') {
    if (!isAsker) {
      await tellPrivately(interaction, 'Only the person who asked can post this answer.');
      return;
    }
    if (session.posted) {
      await tellPrivately(interaction, 'This answer is already posted to the channel.');
      return;
    }
    session.posted = true; // before any await: a second press meanwhile is refused
    const content = session.mentionId
      ? `<@${session.mentionId}>, <@${session.askerId}> shared this answer for you:`
      : `<@${session.askerId}> shared an answer:`;
    await interaction.reply({
      content: truncate(content, LIMITS.content),
      ...view(session, index, false),
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
    await page(interaction, session, index);
    return;
  }
  await tellPrivately(interaction, 'This button no longer works. Please ask again.');
}

export default {
  data,
  execute,
  button,
  async autocomplete(interaction, context) {
    const choices = rankChoices(interaction.options.getFocused(), context.story.suggester.questions)
      .map((text) => truncate(text, LIMITS.choiceName))
      .filter((text) => text.length > 0)
      .map((text) => ({ name: text, value: text }));
    await interaction.respond(choices);
  },
} satisfies Command;
