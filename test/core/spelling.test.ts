import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance, maxEditsFor, searchSchemes, SpellingCorrector } from '../../src/search/spelling.js';

const speller = new SpellingCorrector([
  ['signed', 12],
  ['sign', 4],
  ['immigrant', 30],
  ['immigrants', 8],
  ['memorandum', 9],
  ['court', 20],
  ['the', 500],
  ['tea', 3],
  ['2023', 7],
]);

describe('editDistance', () => {
  it('counts an insertion, a deletion and a substitution as one edit each', () => {
    expect(editDistance('signd', 'signed')).toBe(1);
    expect(editDistance('signed', 'signd')).toBe(1);
    expect(editDistance('court', 'curt')).toBe(1);
    expect(editDistance('court', 'count')).toBe(1);
  });

  it('counts swapping two neighbours as one edit', () => {
    expect(editDistance('sigend', 'signed')).toBe(1);
    expect(editDistance('teh', 'the')).toBe(1);
  });

  it('is the optimal string alignment distance, which edits no substring twice', () => {
    expect(editDistance('ca', 'abc')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
  });

  it('is symmetric and the same for reversed words', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 8 }), fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 8 }), (a, b) => {
        const reverse = (s: string) => [...s].reverse().join('');
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(reverse(a), reverse(b))).toBe(editDistance(a, b));
      }),
    );
  });
});

describe('maxEditsFor', () => {
  it('allows more edits in longer words, and none in words of three letters or fewer', () => {
    expect([3, 4, 5, 6, 9, 10, 14].map(maxEditsFor)).toEqual([0, 1, 1, 2, 2, 3, 3]);
  });
});

describe('SpellingCorrector', () => {
  describe('correct', () => {
    it('keeps a word the vocabulary has', () => {
      expect(speller.correct('signed')).toBe('signed');
      expect(speller.correct('2023')).toBe('2023');
    });

    it('corrects the typos members make', () => {
      expect(speller.correct('signd')).toBe('signed');
      expect(speller.correct('sigend')).toBe('signed');
      expect(speller.correct('imigrant')).toBe('immigrant');
      expect(speller.correct('immigrnat')).toBe('immigrant');
      expect(speller.correct('memorandm')).toBe('memorandum');
    });

    it('does not correct words of three letters or fewer', () => {
      expect(speller.correct('teh')).toBeUndefined();
      expect(speller.correct('tha')).toBeUndefined();
    });

    it('gives undefined for a word far from every word', () => {
      expect(speller.correct('zebra')).toBeUndefined();
      expect(speller.correct('xylophone')).toBeUndefined();
    });

    it('never corrects digits or words mixed with digits', () => {
      expect(speller.correct('2024')).toBeUndefined();
      expect(speller.correct('c0urt')).toBeUndefined();
    });

    it('never corrects to a word holding digits', () => {
      expect(new SpellingCorrector([['covid19', 9]]).correct('covid1')).toBeUndefined();
    });
  });

  describe('when several words are equally near', () => {
    it('prefers the same first letter, then the more frequent word, then the alphabetical first', () => {
      expect(new SpellingCorrector([['bat', 100], ['cart', 1]]).correct('cat')).toBeUndefined();
      expect(new SpellingCorrector([['bart', 100], ['cart', 1]]).correct('dart')).toBe('bart');
      expect(new SpellingCorrector([['xart', 100], ['dirt', 1]]).correct('dart')).toBe('dirt');
      expect(new SpellingCorrector([['cord', 3], ['card', 9]]).correct('curd')).toBe('card');
      expect(new SpellingCorrector([['cord', 5], ['card', 5]]).correct('curd')).toBe('card');
    });

    it('adds the counts of a word listed twice', () => {
      expect(new SpellingCorrector([['cord', 3], ['card', 4], ['cord', 2]]).correct('curd')).toBe('cord');
    });

    it('prefers the nearer word to the more frequent one', () => {
      expect(new SpellingCorrector([['signal', 1000], ['signed', 1]]).correct('signd')).toBe('signed');
    });
  });

  describe('when searching a large vocabulary', () => {
    const naive = (vocabulary: Map<string, number>, word: string): string | undefined => {
      if (vocabulary.has(word)) return word;
      const k = maxEditsFor(word.length);
      let best: { word: string; d: number; first: boolean; count: number } | undefined;
      for (const [candidate, count] of vocabulary) {
        const d = editDistance(word, candidate);
        const first = candidate[0] === word[0];
        if (d > k || k === 0) continue;
        if (!best || d < best.d || (d === best.d && (first !== best.first ? first : count !== best.count ? count > best.count : candidate < best.word))) {
          best = { word: candidate, d, first, count };
        }
      }
      return best?.word;
    };

    it('finds the same word as comparing with every word', () => {
      const letters = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), minLength: 1, maxLength: 12 });
      fc.assert(
        fc.property(fc.array(fc.tuple(letters, fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 60 }), letters, (entries, word) => {
          const vocabulary = new Map<string, number>();
          for (const [w, c] of entries) vocabulary.set(w, (vocabulary.get(w) ?? 0) + c);
          expect(new SpellingCorrector(entries).correct(word)).toBe(naive(vocabulary, word));
        }),
        { numRuns: 500 },
      );
    });
  });

  describe('search schemes', () => {
    it('let every spread of up to k edits over the parts through at least one walk', () => {
      for (const k of [1, 2, 3]) {
        const schemes = searchSchemes(k);
        const parts = schemes[0]!.bounds.length;
        const spread = (left: number, n: number): number[][] =>
          n === 0 ? [[]] : Array.from({ length: left + 1 }, (_, e) => spread(left - e, n - 1).map((rest) => [e, ...rest])).flat();
        for (const edits of spread(k, parts)) {
          const passes = schemes.some(({ reversed, bounds }) => {
            const order = reversed ? [...edits].reverse() : edits;
            let sum = 0;
            return order.every((e, p) => (sum += e) <= bounds[p]!);
          });
          expect(passes, `k=${k} edits=${edits.join(',')}`).toBe(true);
        }
      }
    });
  });
});
