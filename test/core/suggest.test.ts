import { describe, expect, it } from 'vitest';
import { AnswerEngine } from '../../src/answer/engine.js';
import { agentQuestions } from '../../src/answer/suggest.js';
import { sharedLexicon } from '../../src/lexicon/load.js';
import { loadRealCorpus } from './helpers.js';

describe('agentQuestions', () => {
  it('asks who did what an article says was done by someone', () => {
    expect(agentQuestions(['The agreement was signed by Treasury Secretary Scott Bessent.', 'In May the ruling was issued by the judge.'])).toEqual([
      'Who signed the agreement?',
      'Who issued the ruling?',
    ]);
  });

  it('asks nothing where the thing is a pronoun or the verb is not passive', () => {
    expect(agentQuestions(['It is signed by the secretary.', 'The agreement signed by the secretary took effect.', 'This is used by many.'])).toEqual([]);
  });
});

describe('the question bank of the real corpus', () => {
  const { corpus } = loadRealCorpus();
  const engine = AnswerEngine.create(corpus, undefined, { lexicon: sharedLexicon() });

  it('offers a question by the topic word typed so far, not only by its question word', () => {
    expect(engine.suggestions.suggest('who sig', 5)).toContain('Who signed the agreement?');
  });

  it('asks about people by their names, without the titles written before them', () => {
    // "Homeland Security Secretary Kristi Noem": the department's words come before the title.
    expect(engine.suggestions.questions).toContain('Who is Kristi Noem?');
    expect(engine.suggestions.questions.filter((q) => /secretary|commissioner|judge/i.test(q) && q.startsWith('Who is'))).toEqual([]);
  });

  it('holds only questions the engine answers with confidence', () => {
    for (const question of engine.suggestions.questions) expect(engine.ask(question).confidence, question).toBe('high');
  });
});
