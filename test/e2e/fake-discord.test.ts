/**
 * Smoke test: the REAL discord.js Client against the fake Discord server.
 * Proves login/READY, replies, deferred edits, button updates, follow-ups,
 * autocomplete, attachments, channel posts, command registration and
 * gateway reconnects all work end to end over loopback.
 */
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordjsErrorCodes,
  Events,
  GatewayIntentBits,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  TextInputBuilder,
  TextInputStyle,
  type Interaction,
  type TextChannel,
} from 'discord.js';
import { InteractionResponseType } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeDiscord, noIdentifyThrottle, opt } from '../fake-discord/index.js';

type Handler = (interaction: Interaction) => Promise<void>;

let fake: FakeDiscord;
let clients: Client[] = [];
let handler: Handler = async () => {};
let handlerErrors: unknown[] = [];
let allowUnexpectedRequests = false;

async function startClient(options: { fastReidentify?: boolean } = {}): Promise<Client<true>> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: fake.apiBase },
    ...(options.fastReidentify ? { ws: { buildIdentifyThrottler: noIdentifyThrottle } } : {}),
  });
  clients.push(client);
  client.on(Events.InteractionCreate, (interaction) => {
    handler(interaction).catch((error: unknown) => handlerErrors.push(error));
  });
  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(fake.token);
  return ready;
}

beforeEach(async () => {
  fake = await FakeDiscord.start();
  handler = async () => {};
  handlerErrors = [];
  allowUnexpectedRequests = false;
});

afterEach(async () => {
  await Promise.all(clients.map((c) => c.destroy()));
  clients = [];
  await fake.stop();
  expect(handlerErrors).toEqual([]);
  if (!allowUnexpectedRequests) expect(fake.unexpectedRequests).toEqual([]);
});

describe('fake Discord + real discord.js Client', () => {
  it('logs in, receives READY + GUILD_CREATE, and exposes the application id', async () => {
    const client = await startClient();

    expect(client.application.id).toBe(fake.applicationId);
    expect(client.user.id).toBe(fake.applicationId);
    expect(client.guilds.cache.get(fake.guildId)?.channels.cache.has(fake.channelId)).toBe(true);

    const gatewayBot = fake.requests.find((r) => r.route === '/gateway/bot');
    expect(gatewayBot?.headers.authorization).toBe(`Bot ${fake.token}`);
    expect(gatewayBot?.path).toBe('/api/v10/gateway/bot');
    expect(fake.gateway.identifies).toBe(1);
    expect(fake.gateway.connections[0]?.query).toEqual({ v: '10', encoding: 'json' });
    expect(fake.unexpectedRequests).toEqual([]);

    await client.destroy();
    await vi.waitFor(() => expect(fake.gateway.connections[0]?.closeCode).toBe(1000));
    expect(fake.gatewayLive).toBe(false);
  });

  it('rejects a wrong token with 401 and discord.js reports TokenInvalid', async () => {
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiBase } });
    clients.push(client);

    await expect(client.login('not-the-token')).rejects.toMatchObject({ code: DiscordjsErrorCodes.TokenInvalid });
    expect(fake.requests.at(-1)).toMatchObject({ route: '/gateway/bot', status: 401 });
    expect(fake.gateway.connections).toHaveLength(0);
  });

  it('delivers a chat-input command and records the reply callback (type 4)', async () => {
    await startClient();
    let seenQuery: string | null = null;
    handler = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      seenQuery = interaction.options.getString('query');
      await interaction.reply({ content: 'pong', allowedMentions: { parse: [] } });
    };

    const handle = fake.sendInteraction({ kind: 'command', name: 'ask', options: [opt.string('query', 'who?')] });
    const callback = await handle.waitForCallback();

    expect(seenQuery).toBe('who?');
    expect(callback.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(callback.data).toMatchObject({ content: 'pong', allowed_mentions: { parse: [] } });
    expect(callback.request.query).toEqual({ with_response: 'false' });
    expect(callback.request.headers.authorization).toBeUndefined();
    expect(handle.original?.content).toBe('pong');
  });

  it('supports deferReply + editReply on @original', async () => {
    await startClient();
    handler = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const edited = await interaction.editReply({ content: 'done', allowedMentions: { parse: [] } });
      expect(edited.content).toBe('done');
    };

    const handle = fake.sendInteraction({ kind: 'command', name: 'ask', permissions: PermissionFlagsBits.ManageGuild });
    const callback = await handle.waitForCallback();
    expect(callback.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect(callback.data).toEqual({ flags: MessageFlags.Ephemeral });

    const edit = await handle.waitForEdit();
    expect(edit.route).toBe(`/webhooks/${fake.applicationId}/${handle.token}/messages/@original`);
    expect(edit.path.endsWith('/messages/%40original')).toBe(true); // discord-api-types Routes encodes '@'
    expect(edit.body).toMatchObject({ content: 'done' });
    const original = await handle.waitForOriginal((m) => m.content === 'done');
    expect(original.flags).toBe(MessageFlags.Ephemeral);
  });

  it('handles a button press answered with update (type 7)', async () => {
    await startClient();
    handler = async (interaction) => {
      if (!interaction.isButton()) return;
      await interaction.update({ content: `clicked ${interaction.customId}`, components: [] });
    };

    const handle = fake.sendInteraction({ kind: 'button', customId: 'more:1' });
    const callback = await handle.waitForCallback();
    expect(callback.type).toBe(InteractionResponseType.UpdateMessage);
    expect(callback.data).toMatchObject({ content: 'clicked more:1', components: [] });

    const hostId = (handle.payload as { message: { id: string } }).message.id;
    expect(fake.message(hostId)?.content).toBe('clicked more:1');
  });

  it('records follow-ups and lets a button press target the bot reply', async () => {
    await startClient();
    handler = async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('next').setLabel('Next').setStyle(ButtonStyle.Primary),
        );
        await interaction.reply({ content: 'first', components: [row] });
        const follow = await interaction.followUp({ content: 'second', flags: MessageFlags.Ephemeral });
        expect(follow.content).toBe('second');
      } else if (interaction.isButton()) {
        await interaction.deferUpdate();
        await interaction.editReply({ content: 'page 2', components: [] });
      }
    };

    const command = fake.sendInteraction({ kind: 'command', name: 'ask' });
    const followUp = await command.waitForFollowUp();
    expect(followUp.query).toMatchObject({ wait: 'true' });
    expect(followUp.body).toMatchObject({ content: 'second', flags: MessageFlags.Ephemeral });
    expect(command.followUps.map((m) => m.content)).toEqual(['second']);

    const replyId = command.original?.id;
    expect(replyId).toBeDefined();
    const button = fake.sendInteraction({ kind: 'button', customId: 'next', message: replyId });
    expect((await button.waitForCallback()).type).toBe(InteractionResponseType.DeferredMessageUpdate);
    await button.waitForOriginal((m) => m.content === 'page 2');
    expect(fake.message(replyId ?? '')?.content).toBe('page 2');
  });

  it('deletes the message a button is on after deferUpdate + deleteReply', async () => {
    await startClient();
    handler = async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('delete').setLabel('Delete').setStyle(ButtonStyle.Danger));
        await interaction.reply({ content: 'answer', components: [row] });
      } else if (interaction.isButton()) {
        await interaction.deferUpdate();
        await interaction.deleteReply();
      }
    };
    const command = fake.sendInteraction({ kind: 'command', name: 'ask' });
    const reply = await command.waitForOriginal();
    const press = fake.sendInteraction({ kind: 'button', customId: 'delete', message: reply.id });
    const deleted = await press.waitForWebhookCall((r) => r.method === 'DELETE');
    expect(deleted).toMatchObject({ route: `/webhooks/${fake.applicationId}/${press.token}/messages/@original`, status: 204 });
    expect(fake.message(reply.id)).toBeUndefined();
  });

  it('refuses a message over Discord limits with 50035 Invalid Form Body', async () => {
    await startClient();
    const results: unknown[] = [];
    handler = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      // Raw JSON: discord.js's builders would refuse the id before it is sent.
      const tooLong = { type: 2, style: ButtonStyle.Secondary, custom_id: `q:${'x'.repeat(99)}`, label: 'Ask' };
      results.push(await interaction.reply({ content: 'x', components: [{ type: 1, components: [tooLong] }] }).catch((e: unknown) => e));
      results.push(await interaction.reply({ content: 'x'.repeat(2001) }).catch((e: unknown) => e));
    };
    const handle = fake.sendInteraction({ kind: 'command', name: 'ask' });
    await vi.waitFor(() => expect(results).toHaveLength(2));
    for (const result of results) expect(result).toMatchObject({ code: 50035, status: 400 });
    expect(handle.callbackRecord).toBeNull();
  });

  it('supports showModal, modal submits, and withResponse callbacks', async () => {
    await startClient();
    let responseContent: string | undefined;
    handler = async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const modal = new ModalBuilder().setCustomId('feedback').setTitle('Feedback');
        modal.addComponents(
          new ActionRowBuilder<TextInputBuilder>().addComponents(
            new TextInputBuilder().setCustomId('text').setLabel('Text').setStyle(TextInputStyle.Paragraph),
          ),
        );
        await interaction.showModal(modal);
      } else if (interaction.isModalSubmit()) {
        const text = interaction.fields.getTextInputValue('text');
        const response = await interaction.reply({ content: `thanks: ${text}`, withResponse: true });
        responseContent = response.resource?.message?.content;
      }
    };

    const command = fake.sendInteraction({ kind: 'command', name: 'feedback' });
    const modal = await command.waitForCallback();
    expect(modal.type).toBe(InteractionResponseType.Modal);
    expect(modal.data).toMatchObject({ custom_id: 'feedback', title: 'Feedback' });

    const submit = fake.sendInteraction({ kind: 'modal', customId: 'feedback', fields: { text: 'great' } });
    const reply = await submit.waitForCallback();
    expect(reply.withResponse).toBe(true);
    expect(reply.request.response).toMatchObject({ resource: { type: 4, message: { content: 'thanks: great' } } });
    await vi.waitFor(() => expect(responseContent).toBe('thanks: great'));
  });

  it('answers autocomplete and reads attachment / user options', async () => {
    await startClient();
    let downloaded = '';
    let resolvedUser = '';
    handler = async (interaction) => {
      if (interaction.isAutocomplete()) {
        const typed = interaction.options.getFocused();
        await interaction.respond([{ name: `${typed}-suggestion`, value: `${typed}-1` }]);
      } else if (interaction.isChatInputCommand()) {
        const file = interaction.options.getAttachment('file', true);
        resolvedUser = interaction.options.getUser('author', true).username;
        downloaded = await (await fetch(file.url)).text();
        await interaction.reply({ content: `added ${file.name} (${file.size} bytes)` });
      }
    };

    const auto = fake.sendInteraction({ kind: 'autocomplete', name: 'ask', options: [opt.string('query', 'mayo', { focused: true })] });
    const choices = await auto.waitForCallback();
    expect(choices.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    expect(choices.data).toEqual({ choices: [{ name: 'mayo-suggestion', value: 'mayo-1' }] });

    const file = fake.addAttachment({ filename: 'story.md', content: '# Council vote\n' });
    const add = fake.sendInteraction({
      kind: 'command',
      name: 'corpus',
      permissions: PermissionFlagsBits.ManageGuild,
      roles: [fake.moderatorRoleId],
      options: [
        opt.subcommand('add', [opt.attachment('file', file), opt.user('author', { id: '1300000000000000099', username: 'reporter' }, {})]),
      ],
    });
    await add.waitForOriginal((m) => m.content.startsWith('added'));
    expect(add.original?.content).toBe('added story.md (15 bytes)');
    expect(downloaded).toBe('# Council vote\n');
    expect(resolvedUser).toBe('reporter');
  });

  it('captures channel posts, command registration, and unexpected calls', async () => {
    const client = await startClient();
    const channel = client.channels.cache.get(fake.channelId) as TextChannel;
    const sent = await channel.send({ content: 'digest', files: [{ attachment: Buffer.from('hi'), name: 'a.txt' }] });
    const posted = await fake.waitForChannelMessage((m) => m.content === 'digest');
    const request = await fake.waitForRequest((r) => r.method === 'POST' && r.route === `/channels/${fake.channelId}/messages`);
    expect(request.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(posted.id).toBe(sent.id);
    expect(posted.attachments[0]?.filename).toBe('a.txt');
    expect(fake.requests.find((r) => r.route.endsWith('/messages'))?.files[0]?.data.toString()).toBe('hi');

    await client.application.commands.set([{ name: 'ask', description: 'Ask about the story' }]);
    await client.application.commands.set([{ name: 'corpus', description: 'Manage sources' }], fake.guildId);
    expect(fake.globalCommands.map((c) => c.name)).toEqual(['ask']);
    expect(fake.guildCommands().map((c) => c.name)).toEqual(['corpus']);
    expect(fake.unexpectedRequests).toEqual([]);

    allowUnexpectedRequests = true;
    await expect(client.rest.get(`/guilds/${fake.guildId}/bans`)).rejects.toMatchObject({ status: 404 });
    expect(fake.unexpectedRequests.map((r) => `${r.method} ${r.route}`)).toEqual([`GET /guilds/${fake.guildId}/bans`]);
  });

  it('resumes after the gateway drops and keeps answering', async () => {
    const client = await startClient();
    handler = async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply({ content: 'pong' });
    };
    expect((await fake.sendInteraction({ kind: 'command', name: 'ping' }).waitForCallback()).data).toMatchObject({ content: 'pong' });

    const resumed = new Promise<void>((resolve) => client.once(Events.ShardResume, () => resolve()));
    await fake.closeGateway(4000);
    // Sent while disconnected: queued and delivered once the session is resumed.
    const handle = fake.sendInteraction({ kind: 'command', name: 'ping' });
    await resumed;
    expect((await handle.waitForCallback()).data).toMatchObject({ content: 'pong' });
    expect(fake.gateway.resumes).toBe(1);
    expect(fake.gateway.connections.at(-1)).toMatchObject({ kind: 'resume', path: '/gateway/resume' });
  });

  it('re-identifies when the session is invalidated or closed with 1000', async () => {
    // Without this, @discordjs/ws waits 5–6.5 s before any second IDENTIFY.
    await startClient({ fastReidentify: true });
    handler = async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply({ content: 'again' });
    };

    await fake.closeGateway(4000, { invalidateSession: true });
    await fake.waitForReadyCount(2);
    expect(fake.gateway.connections.map((c) => c.kind)).toEqual(['identify', 'invalid-resume', 'identify']);
    expect((await fake.sendInteraction({ kind: 'command', name: 'ping' }).waitForCallback()).data).toMatchObject({
      content: 'again',
    });

    await fake.closeGateway(1000);
    await fake.waitForReadyCount(3);
    expect(fake.gateway.identifies).toBe(3);
    expect((await fake.sendInteraction({ kind: 'command', name: 'ping' }).waitForCallback()).data).toMatchObject({
      content: 'again',
    });
  });

  it('acknowledges heartbeats', async () => {
    await fake.stop();
    fake = await FakeDiscord.start({ heartbeatIntervalMs: 100 });
    const client = await startClient();
    await vi.waitFor(() => expect(fake.gateway.heartbeats).toBeGreaterThanOrEqual(3), { timeout: 3_000 });
    expect(client.ws.ping).toBeGreaterThanOrEqual(0);
    expect(fake.gateway.identifies + fake.gateway.resumes).toBe(1);
  });
});
