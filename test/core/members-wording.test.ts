/**
 * Questions typed the way members type them, and how sure the engine says it is.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { AnswerEngine } from '../../src/answer/engine.js';
import { typeFit } from '../../src/answer/features.js';
import { answerEmbed, BRAND_COLOUR, LOW_CONFIDENCE_CAVEAT, LOW_CONFIDENCE_COLOUR } from '../../src/bot/render.js';
import { formatAnswer } from '../../src/cli/format.js';
import { sharedLexicon } from '../../src/lexicon/load.js';
import { splitSentences } from '../../src/text/sentences.js';
import { loadRealCorpus } from './helpers.js';

let engine: AnswerEngine;

beforeAll(async () => {
  const { corpus } = await loadRealCorpus();
  engine = await AnswerEngine.create(corpus, undefined, { lexicon: sharedLexicon() });
});

describe('a question typed as members type it', () => {
  const same = (typed: string, written: string) => {
    const a = engine.ask(typed);
    const b = engine.ask(written);
    expect(a.passages.length, typed).toBeGreaterThan(0);
    expect(a.passages[0]?.passageId, typed).toBe(b.passages[0]?.passageId);
  };

  it('finds what the written question finds, whatever the typos', () => {
    same('who signd the memorandum of understandng', 'Who signed the memorandum of understanding?');
    same('how much did undocumented immigrants pay in taxs', 'How much did undocumented immigrants pay in taxes?');
  });

  it('finds what the written question finds, whatever the chat words', () => {
    same('how much did undocumented ppl pay in taxes', 'How much did undocumented people pay in taxes?');
    same('wat is an itin', 'What is an ITIN?');
  });

  it('finds what the written question finds, and as surely, after an interjection or a greeting', () => {
    for (const [typed, written] of [
      ['lol did the judge block it', 'did the judge block it'],
      ['omg who signed the mou', 'who signed the mou'],
      ['hey so whats an itin', 'whats an itin'],
      ['quick q: who signed the mou', 'who signed the mou'],
      ['wen was it signed', 'when was it signed'],
      ['r they sharing data already', 'are they sharing data already'],
    ] as const) {
      same(typed, written);
      expect(engine.ask(typed).confidence, typed).toBe(engine.ask(written).confidence);
    }
  });

  it('reads a phrasal verb for what it means: "did krause step down" quotes her resignation, not "an unprecedented step"', () => {
    expect(engine.ask('did krause step down').answer).toMatch(/resign/);
  });

  it('is never refused for a typo or a chat word alone', () => {
    for (const typed of ['who signd the mou', 'how many ppl did they ask abt', 'whats an itin', 'did the imigrant groups go to court']) {
      expect(engine.ask(typed).passages.length, typed).toBeGreaterThan(0);
    }
  });
});

describe('confidence', () => {
  it('tells a question after someone\'s words whether the answer sentence reports any', () => {
    expect(engine.inspect('What did Lisa Gilbert say about the agreement?').confidence?.unsaid).toBe(0);
    expect(engine.inspect('what did trump say abt krause leaving').confidence?.unsaid).toBe(1);
    expect(engine.inspect('Why did Melanie Krause resign?').confidence?.unsaid).toBe(0);
  });

  it('answers a question the articles answer with confidence', () => {
    const answer = engine.ask('How many individuals did ICE request data on?');
    expect(answer.confidence).toBe('high');
    expect(answer.answer).toContain('1.23 million');
  });

  it('abstains on questions off the story, with no passage and no answer', () => {
    for (const q of ['how many moons does jupiter have', 'whats the tallest mountain in the world', 'any good pc games rn']) {
      const answer = engine.ask(q);
      expect(answer.passages, q).toEqual([]);
      expect(answer.answer, q).toBeNull();
      expect(answer.confidence, q).toBeUndefined();
    }
  });

  it('shows a low answer as the closest passage, never as the answer', () => {
    const low = { ...engine.ask('Who signed the memo?'), confidence: 'low' as const };
    const text = formatAnswer(low);
    expect(text).toContain('The articles may not say exactly. Closest passage:');
    expect(text).not.toContain(`A: ${low.answer}`);
  });

  it('shows a low answer in Discord with its caveat, another colour and no sentence in bold', () => {
    const high = { ...engine.ask('Who signed the memo?'), confidence: 'high' as const };
    const low = { ...high, confidence: 'low' as const };
    const lowEmbed = answerEmbed({ answer: low, index: 0 });
    expect(lowEmbed.color).toBe(LOW_CONFIDENCE_COLOUR);
    expect(lowEmbed.description?.startsWith(LOW_CONFIDENCE_CAVEAT)).toBe(true);
    expect(lowEmbed.description).not.toContain('**');
    const highEmbed = answerEmbed({ answer: high, index: 0 });
    expect(highEmbed.color).toBe(BRAND_COLOUR);
    expect(highEmbed.description).toContain(`**`);
  });

  it('suggests questions the articles do answer when it is unsure or abstains', () => {
    // Two letters off: too far to be taken for the name, near enough to be offered.
    const answer = engine.ask('who is melanie kruze');
    expect(answer.confidence).not.toBe('high');
    expect(answer.suggestions).toContain('Who is Melanie Krause?');
    for (const s of answer.suggestions ?? []) expect(engine.ask(s).confidence).toBe('high');
  });
});

describe('typos', () => {
  it('reads a word one letter off as the word, even where its stem is further off', () => {
    // "kruse" is two edits from the stem "kraus", one from the name "krause".
    const answer = engine.ask('who is melanie kruse');
    expect(answer.confidence).toBe('high');
    expect(answer.answer).toContain('Melanie Krause');
  });
});

describe('answer shapes', () => {
  it('takes a name introduced with its acronym for the acronym\'s definition', () => {
    expect(typeFit('definition', 'It was signed as a memorandum of understanding (MOU) in April.', new Set())).toBeGreaterThan(0);
    expect(typeFit('definition', 'It was signed in April by the MOU office.', new Set())).toBe(0);
  });

  it('answers "what does mou stand for" with the sentence that spells it out', () => {
    for (const q of ['what does mou stand for', 'what is an mou']) expect(engine.ask(q).answer, q).toContain('memorandum of understanding (MOU)');
  });

  it('does not take month or weekday names for people', () => {
    expect(typeFit('who', 'The deal was signed in August and took effect on Monday.', new Set())).toBe(0);
    expect(typeFit('who', 'The deal was signed in August by Jane Doe.', new Set())).toBe(1);
  });

  it('takes a length of time without digits as the answer to "how long", and only to it', () => {
    const sentence = 'The administration has pushed for the agreement for weeks.';
    expect(typeFit('quantity', sentence, new Set(['how', 'long', 'pushed']))).toBe(1);
    expect(typeFit('quantity', sentence, new Set(['how', 'many', 'people']))).toBe(0);
    expect(typeFit('quantity', 'It took two years and 18 months of talks.', new Set(['how', 'long']))).toBe(1);
  });

  it('takes "since" a year or decade as the answer to "how long" (it has been so since then)', () => {
    expect(typeFit('quantity', 'The principle has been recognised by the court since the 1950s.', new Set(['how', 'long']))).toBe(1);
    expect(typeFit('quantity', 'The rule has applied since 2019.', new Set(['how', 'long']))).toBe(1);
    expect(typeFit('quantity', 'The principle has been recognised by the court ever since.', new Set(['how', 'long']))).toBe(0);
  });

  it('keeps a quotation with a question mark inside as one sentence', () => {
    const text = '“Is this even legal?” she asked the court. It ruled the next day.';
    expect(splitSentences(text).map((s) => s.text)).toEqual(['“Is this even legal?” she asked the court.', 'It ruled the next day.']);
  });

  it('goes on past "U.S." or "p.m." before a name, and ends there before a sentence\'s first word', () => {
    const sentences = (text: string) => splitSentences(text).map((s) => s.text);
    expect(sentences('A panel of the U.S. Court of Appeals ruled 2-1. A judge dissented.')).toEqual(['A panel of the U.S. Court of Appeals ruled 2-1.', 'A judge dissented.']);
    expect(sentences('The office closes at 5 p.m. Thursday, officials said.')).toEqual(['The office closes at 5 p.m. Thursday, officials said.']);
    expect(sentences('He moved to the U.S. The next year he ran.')).toEqual(['He moved to the U.S.', 'The next year he ran.']);
    expect(sentences('They met in Washington, D.C. He left early.')).toEqual(['They met in Washington, D.C.', 'He left early.']);
  });
});
