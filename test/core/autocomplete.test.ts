/**
 * /ask autocomplete: the topic words typed find the question, not only its first word.
 */
import { describe, expect, it } from 'vitest';
import { MAX_CHOICES, rankChoices } from '../../src/bot/autocomplete.js';

const BANK = [
  'What type of taxpayer information is the IRS sharing with ICE?',
  'Who is Melanie Krause?',
  'Who is Scott Bessent?',
  'Who signed the memorandum?',
  'What is the memorandum of understanding (MOU)?',
  'What is the individual taxpayer identification number (ITIN)?',
];

describe('rankChoices', () => {
  it('offers the question whose topic word is being typed, right after what was typed', () => {
    expect(rankChoices('who sig', BANK).slice(0, 2)).toEqual(['who sig', 'Who signed the memorandum?']);
    expect(rankChoices('who kra', BANK)[1]).toBe('Who is Melanie Krause?');
    expect(rankChoices('what itin', BANK)[1]).toBe('What is the individual taxpayer identification number (ITIN)?');
  });

  it('matches topic words anywhere and typos of them, whatever the question word', () => {
    expect(rankChoices('krause', BANK)).toEqual(['krause', 'Who is Melanie Krause?']);
    expect(rankChoices('bessnt', BANK)).toContain('Who is Scott Bessent?');
    expect(rankChoices('memo', BANK).slice(1).sort()).toEqual(['What is the memorandum of understanding (MOU)?', 'Who signed the memorandum?']);
  });

  it('puts questions holding every topic word before those holding some', () => {
    expect(rankChoices('taxpayer identification', BANK)[1]).toBe('What is the individual taxpayer identification number (ITIN)?');
  });

  it('with only a question word typed, offers the questions that start with it', () => {
    expect(rankChoices('who', BANK)).toEqual(['who', 'Who is Melanie Krause?', 'Who is Scott Bessent?', 'Who signed the memorandum?']);
  });

  it('offers the bank with nothing typed, and stays within Discord limits', () => {
    expect(rankChoices('', BANK)).toEqual(BANK);
    const many = Array.from({ length: 60 }, (_, i) => `Who is Person${i} Krause?`);
    expect(rankChoices('krause', many)).toHaveLength(MAX_CHOICES);
    expect(rankChoices('x'.repeat(150), BANK).every((c) => c.length <= 100)).toBe(true);
  });
});
