import { ApplicationCommandOptionType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commandLines } from '../../commands/help.js';
import { commands } from '../../commands/index.js';
import type { Command } from '../../src/bot/command.js';

const execute = async () => {};

describe('commandLines', () => {
  it('gives each command its options, required ones bare and optional ones in brackets, and its description', () => {
    const list: Command[] = [
      {
        data: {
          name: 'ask',
          description: 'Ask.',
          options: [
            { type: ApplicationCommandOptionType.String, name: 'question', description: 'q', required: true },
            { type: ApplicationCommandOptionType.Boolean, name: 'private', description: 'p' },
          ],
        },
        execute,
      },
      { data: { name: 'help', description: 'This.' }, execute },
    ];
    expect(commandLines(list)).toEqual(['`/ask question: [private:]` — Ask.', '`/help` — This.']);
  });

  it('gives each subcommand a line of its own, and says when a command is for moderators', () => {
    const list: Command[] = [
      {
        data: {
          name: 'corpus',
          description: 'Manage.',
          default_member_permissions: '32',
          options: [
            { type: ApplicationCommandOptionType.Subcommand, name: 'add', description: 'Add one.', options: [{ type: ApplicationCommandOptionType.String, name: 'url', description: 'u' }] },
            { type: ApplicationCommandOptionType.Subcommand, name: 'status', description: 'Counts.' },
          ],
        },
        execute,
      },
    ];
    expect(commandLines(list)).toEqual(['`/corpus add [url:]` — Add one. (moderators)', '`/corpus status` — Counts. (moderators)']);
  });

  it('covers every command and subcommand of commands/index.ts', () => {
    const text = commandLines(commands).join('\n');
    for (const { data } of commands) {
      const subcommands = (data.options ?? []).filter((o) => o.type === ApplicationCommandOptionType.Subcommand);
      if (subcommands.length === 0) expect(text).toContain(`\`/${data.name}`);
      for (const sub of subcommands) expect(text).toContain(`\`/${data.name} ${sub.name}`);
    }
    expect(text).toContain('`/corpus add');
    expect(text).toContain('`/corpus remove');
  });
});
