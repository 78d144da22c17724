/**
 * Reply layout as pure functions: the answer first, the sentences around it,
 * source lines, button ids that survive a restart and Discord's limits.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { AnswerEngine } from '../../src/answer/engine.js';
import type { Answer, RankedPassage } from '../../src/answer/types.js';
import {
  answerButtons,
  answerEmbed,
  askCustomId,
  COMPONENT_LIMITS,
  didYouMean,
  excerptAround,
  formatDate,
  newestDate,
  pageCustomId,
  parsePassageCustomId,
  passageCustomId,
  safeUrl,
  shortKey,
  sourceLine,
} from '../../src/bot/render.js';
import { LIMITS } from '../../src/bot/text.js';
import { sharedLexicon } from '../../src/lexicon/load.js';
import { loadRealCorpus } from './helpers.js';

let engine: AnswerEngine;

beforeAll(async () => {
  const { corpus } = await loadRealCorpus();
  engine = await AnswerEngine.create(corpus, undefined, { lexicon: sharedLexicon() });
});

const PASSAGE = 'First sentence here. Second one says who signed it. Third sentence follows. Fourth is last.';

describe('excerptAround', () => {
  it('keeps the sentence with one either side and says where text is left out', () => {
    expect(excerptAround(PASSAGE, 'Third sentence follows.')).toEqual({
      before: 'Second one says who signed it. ',
      sentence: 'Third sentence follows.',
      after: ' Fourth is last.',
      cutBefore: true,
      cutAfter: false,
    });
  });

  it('is undefined when the passage does not hold the sentence', () => {
    expect(excerptAround(PASSAGE, 'Not in it.')).toBeUndefined();
  });

  it('always holds the sentence verbatim, between text of the passage', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Z][a-z ]{0,30}[.!?]$/), { minLength: 1, maxLength: 8 }), fc.nat(), (sentences, pick) => {
        const text = sentences.join(' ');
        const sentence = sentences[pick % sentences.length]!;
        const excerpt = excerptAround(text, sentence)!;
        expect(text).toContain(excerpt.before + excerpt.sentence + excerpt.after);
        expect(excerpt.sentence).toBe(sentence);
      }),
    );
  });
});

describe('source lines', () => {
  const source = { id: 'a', title: 'A title', outlet: 'The Outlet', author: 'Jo Writer', url: 'https://example.com/a_(b)', published: '2025-04-08' };

  it('gives the linked title, outlet, author and date', () => {
    expect(sourceLine(source)).toBe('[A title](https://example.com/a_%28b%29) · The Outlet · Jo Writer · 8 April 2025');
  });

  it('says "undated" for an article without a date, and bolds a title with no link', () => {
    expect(sourceLine({ id: 'b', title: 'Plain' })).toBe('**Plain** · undated');
  });

  it('takes only http(s) addresses', () => {
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
    expect(safeUrl('http://example.com/x')).toBe('http://example.com/x');
  });

  it('dates "as of" the newest source', () => {
    expect(newestDate([source, { ...source, published: '2025-05-02' }, { id: 'c', title: 'c' }])).toBe('2025-05-02');
    expect(newestDate([{ id: 'c', title: 'c' }])).toBeUndefined();
    expect(formatDate('2025-12-01')).toBe('1 December 2025');
  });
});

describe('answerEmbed', () => {
  it('opens with the answer sentence, bold in a quote; drops "paragraph"', () => {
    const answer = { ...engine.ask('Who signed the memo?', { top: 5 }), confidence: 'high' as const };
    const embed = answerEmbed({ answer, index: 0 });
    expect(embed.description?.split('\n')[0]).toMatch(/^> \*\*.*Bessent.*\*\*$/);
    expect(embed.footer?.text).not.toMatch(/paragraph/);
  });

  it('fits Discord limits for long, markdown-heavy passages', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('*', '_', '@', 'a', ' ', '.', '<', '#', '\n', '`', '|', '~'), minLength: 1, maxLength: 3000 }), (noise) => {
        const text = `Start. ${noise} The answer is here. ${noise} End.`;
        const passage: RankedPassage = {
          text,
          source: { id: 'x', title: noise.slice(0, 300) || 'x' },
          sources: [{ id: 'x', title: noise.slice(0, 300) || 'x' }],
          score: 1,
          passageId: 'x#1',
          paragraph: 1,
          start: 0,
          end: text.length,
          kind: 'text',
        };
        for (const confidence of ['high', 'low'] as const) {
          const answer: Answer = { question: noise.slice(0, 400), answer: 'The answer is here.', confidence, passages: [passage], suggestions: [noise.slice(0, 200)] };
          const embed = answerEmbed({ answer, index: 0 });
          expect(embed.title!.length).toBeLessThanOrEqual(LIMITS.embedTitle);
          expect(embed.description!.length).toBeLessThanOrEqual(LIMITS.embedDescription);
          expect(embed.fields![0]!.value.length).toBeLessThanOrEqual(LIMITS.embedFieldValue);
          for (const row of answerButtons({ answer, sessionId: 'abcdefgh', index: 0, canPost: true, deleteFor: '1'.repeat(19) })) {
            expect(row.components.length).toBeLessThanOrEqual(COMPONENT_LIMITS.buttonsPerRow);
            for (const c of row.components) {
              if ('custom_id' in c) expect(c.custom_id.length).toBeLessThanOrEqual(COMPONENT_LIMITS.customId);
              if ('label' in c) expect((c.label ?? '').length).toBeLessThanOrEqual(COMPONENT_LIMITS.label);
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('button ids', () => {
  it('carry a question that fits, and a key for one that does not', () => {
    expect(askCustomId('Who is Melanie Krause?')).toBe('ask:q:Who is Melanie Krause?');
    const long = `What ${'very '.repeat(30)}long question?`;
    expect(askCustomId(long)).toBe(`ask:k:${shortKey(long)}`);
    expect(askCustomId(long).length).toBeLessThanOrEqual(COMPONENT_LIMITS.customId);
  });

  it('page by the question when it fits, else by the session', () => {
    expect(pageCustomId('Who signed the memo?', 'sess', 2)).toBe('ask:m:2:Who signed the memo?');
    const long = `What ${'very '.repeat(30)}long question?`;
    expect(pageCustomId(long, 'sess', 2)).toBe('ask:more:sess:2');
  });

  it('carry the passage id and a key of its text, or the session when the id is too long', () => {
    const id = passageCustomId({ passageId: '003-some-article#2', text: 'Text.' }, 'sess', 0);
    expect(parsePassageCustomId(id)).toEqual({ kind: 'id', key: shortKey('Text.'), passageId: '003-some-article#2' });
    const long = passageCustomId({ passageId: `${'x'.repeat(95)}#2`, text: 'Text.' }, 'sess', 3);
    expect(parsePassageCustomId(long)).toEqual({ kind: 'session', sessionId: 'sess', index: 3 });
    expect(parsePassageCustomId('passage:junk')).toBeUndefined();
  });
});

describe('didYouMean', () => {
  it('finds the name a misspelt word meant', () => {
    expect(didYouMean('who is melanie kruse', ['Who is Melanie Krause?'])).toBe('Melanie Krause');
    expect(didYouMean('Who is Scot Besent?', ['What is an ITIN?', 'Who is Scott Bessent?'])).toBe('Scott Bessent');
  });

  it('says nothing when the names are right or nothing is close', () => {
    expect(didYouMean('who is melanie krause', ['Who is Melanie Krause?'])).toBeUndefined();
    expect(didYouMean('what is the weather', ['Who is Melanie Krause?'])).toBeUndefined();
  });
});
