import { describe, expect, it } from 'vitest';
import { contains, normalizeForMatch, parseQuestionSet, score, type EvalQuestion, type SystemAnswer } from '../../src/eval/score.js';

describe('normalizeForMatch', () => {
  describe('when text has curly quotes, capitals and punctuation', () => {
    it('folds them so that the same words compare equal', () => {
      expect(normalizeForMatch('  “Taxpayer  Privacy” — immigrants’ RIGHTS!  ')).toBe("taxpayer privacy immigrants' rights");
      expect(normalizeForMatch('"taxpayer privacy" - immigrants\' rights')).toBe("taxpayer privacy immigrants' rights");
    });

    it('keeps money, percentages and decimals', () => {
      expect(normalizeForMatch('Nearly $90bn; 5%, 1.23 Million')).toBe('nearly $90bn 5% 1.23 million');
    });
  });
});

describe('contains', () => {
  describe('when the text says the same thing with other quotes and case', () => {
    it('finds it', () => {
      expect(contains('Ice can request information from the IRS about immigrants’ addresses', ["IMMIGRANTS' ADDRESSES"])).toBe(true);
    });
  });

  describe('when the text is missing or says something else', () => {
    it('does not find it', () => {
      expect(contains(null, ['anything'])).toBe(false);
      expect(contains('Scott Bessent signed it.', ['Kristi Noem'])).toBe(false);
    });
  });
});

describe('parseQuestionSet', () => {
  describe('when a line is broken', () => {
    it('names the file and line', () => {
      expect(() => parseQuestionSet('{"id":"A","q":"x","any":["y"]}\n\nnot json', 'set.jsonl')).toThrow(new Error('eval: set.jsonl:3: not JSON'));
      expect(() => parseQuestionSet('{"id":"A","q":"x"}', 'set.jsonl')).toThrow(new Error('eval: set.jsonl:1: needs "any" or "kind": "none"'));
    });
  });
});

describe('score', () => {
  describe('when given a tiny hand-made question set', () => {
    const questions: EvalQuestion[] = [
      { id: 'A', q: 'Who said it?', any: ['“Taxpayer privacy is a cornerstone”'] },
      { id: 'B', q: 'Who signed?', any: ['kristi noem'] },
      { id: 'C', q: 'How much?', any: ['$90 billion', '$90bn'] },
      { id: 'D', q: 'Whose rights?', any: ["immigrants' rights"] },
      { id: 'N1', q: 'Weather?', kind: 'none' },
      { id: 'N2', q: 'Football?', kind: 'none' },
    ];
    const answers: Record<string, SystemAnswer> = {
      // Straight quotes and other case in the passage, curly in the needle: a hit, passage and sentence.
      A: { passages: ['"TAXPAYER PRIVACY is a cornerstone of the US tax system," said Lisa Gilbert.'], answer: '"Taxpayer privacy is a cornerstone of the US tax system," said Lisa Gilbert.' },
      // Right passage second: hit@3 only.
      B: { passages: ['Scott Bessent signed.', 'It was signed by KRISTI NOEM.'], answer: 'Scott Bessent signed.' },
      // Right passage first, wrong sentence.
      C: { passages: ['Immigrants paid nearly $90bn in taxes.'], answer: 'The group says nearly 5% of the workforce was undocumented.' },
      // Abstained on an answerable question.
      D: { passages: [], answer: null },
      // Abstained as it should.
      N1: { passages: [], answer: null },
      // Answered a question the articles do not cover.
      N2: { passages: ['Something.'], answer: 'Something.' },
    };
    const s = score(questions, (q) => answers[q.id]!);

    it('counts answerable and "none" questions apart', () => {
      expect(s.answerable).toBe(4);
      expect(s.offTopic).toBe(2);
    });

    it('counts hits at 1 and 3, and sentence hits, ignoring curly quotes and case', () => {
      expect(s.hitAt1).toBe(2);
      expect(s.hitAt3).toBe(3);
      expect(s.sentenceHitAt1).toBe(1);
    });

    it('counts abstentions, right and wrong', () => {
      expect(s.offTopicAbstained).toBe(1);
      expect(s.wronglyAbstained).toBe(1);
    });

    it('lists each miss and why, in question order', () => {
      expect(s.misses).toEqual(['B passage@1', 'C sentence', 'D abstained', 'N2 should abstain']);
    });
  });
});
