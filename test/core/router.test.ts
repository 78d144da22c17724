/**
 * Buttons are routed through one map from their custom id's prefix: each
 * command's own (`ask:…`) and the shared ones (`passage:…`, `delete:…`, and
 * the feedback votes, `vote:…`, and whatever joins src/bot/components.ts).
 */
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { ComponentHandler } from '../../src/bot/command.js';
import { components } from '../../src/bot/components.js';
import { commandMap, componentMap } from '../../src/bot/router.js';

describe('componentMap', () => {
  it('holds the commands’ buttons and the shared handlers, each under its prefix', () => {
    const map = componentMap(commandMap(commands), components);
    expect([...map.keys()].sort()).toEqual(['ask', 'corpus', 'delete', 'passage', 'sources', 'vote']);
  });

  it('takes another handler without a change elsewhere', () => {
    const another: ComponentHandler = { prefix: 'another', button: async () => {} };
    expect(componentMap(commandMap(commands), [...components, another]).has('another')).toBe(true);
  });

  it('refuses two handlers for one prefix', () => {
    const clash: ComponentHandler = { prefix: 'ask', button: async () => {} };
    expect(() => componentMap(commandMap(commands), [clash])).toThrow('bot: two button handlers claim the prefix ask:');
  });
});
