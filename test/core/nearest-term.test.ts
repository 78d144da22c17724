import { beforeAll, describe, expect, it } from 'vitest';
import type { Passage } from '../../src/corpus/types.js';
import { createAnalyzer } from '../../src/search/analyze.js';
import { allowedEdits, editDistance, PassageIndex } from '../../src/search/index.js';

const passage = (i: number, text: string): Passage => ({ id: `a#${i}`, articleId: 'a', paragraph: i, start: 0, end: text.length, text, kind: 'text' });

let index: PassageIndex;

beforeAll(async () => {
  index = await PassageIndex.build(
    [
      passage(1, 'The memorandum was signed by two secretaries.'),
      passage(2, 'Immigrant groups went to court; the immigrant groups lost.'),
      passage(3, 'Taxes were paid by undocumented workers, and the taxpayer records were shared.'),
      passage(4, 'A final removal order was issued.'),
    ],
    createAnalyzer(),
  );
});

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions once each', () => {
    expect(editDistance('signd', 'signed')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('counts a swap of neighbouring letters as one edit', () => {
    expect(editDistance('sigend', 'signed')).toBe(1);
    expect(editDistance('form', 'from')).toBe(1);
  });
});

describe('allowedEdits', () => {
  it('allows more edits for longer words, none for short ones', () => {
    expect([3, 4, 5, 6, 9, 10].map((n) => allowedEdits('x'.repeat(n)))).toEqual([0, 1, 1, 2, 2, 3]);
  });
});

describe('PassageIndex.nearestTerm', () => {
  const term = (word: string) => createAnalyzer().terms(word)[0]!;

  it('keeps a term the corpus has', () => {
    expect(index.nearestTerm(term('signed'))).toBe(term('signed'));
  });

  it('takes the corpus term a typo was meant to be', () => {
    expect(index.nearestTerm(term('imigrant'))).toBe(term('immigrant'));
    expect(index.nearestTerm(term('memorandm'))).toBe(term('memorandum'));
    expect(index.nearestTerm(term('taxpayr'))).toBe(term('taxpayer'));
  });

  it('takes the word one letter from the typed word when its stem hides the typo', () => {
    // "remval" is three edits from the stem "remov", one from the word "removal".
    expect(index.nearestTerm(term('remval'))).toBeUndefined();
    expect(index.nearestTerm(term('remval'), 'remval')).toBe(term('removal'));
    expect(index.nearestTerm(term('ordr'), 'ordr')).toBe(term('order'));
  });

  it('corrects nothing that is too short or too far from every corpus term', () => {
    expect(index.nearestTerm('cot')).toBeUndefined();
    expect(index.nearestTerm(term('weather'))).toBeUndefined();
    expect(index.nearestTerm('1234')).toBeUndefined();
  });
});
