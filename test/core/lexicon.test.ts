import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LEXICON_PATH, loadLexicon } from '../../src/lexicon/load.js';
import { lexiconFromJson, type Lexicon, type LexiconFile } from '../../src/lexicon/wordnet.js';

let lexicon: Lexicon;
beforeAll(() => {
  lexicon = loadLexicon();
});

const relatedWords = (word: string) => lexicon.related(word).map((r) => r.word);
const relationTo = (word: string, other: string) => lexicon.related(word).find((r) => r.word === other)?.relation;

/** A two-lemma lexicon, small enough to break on purpose. */
const tiny = (): LexiconFile => ({
  version: 4,
  source: 'test',
  settings: {},
  lemmas: 'attorney lawyer',
  parts: '11',
  syn: '1,0',
  nounSyn: '1,0',
  der: ',',
  ant: ',',
  phrasal: {},
  exceptions: { noun: {}, verb: {}, adj: {}, adv: {} },
});

describe('phrasal verbs', () => {
  it('says what a verb with its particle means, the verb in any form: "stepped down" is "resign"', () => {
    expect(lexicon.phrasal('step', 'down')).toContain('resign');
    expect(lexicon.phrasal('stepped', 'down')).toContain('resign');
    expect(lexicon.phrasal('look', 'into')).toContain('investigate');
  });

  it('gives nothing for two words that are no phrasal verb', () => {
    expect(lexicon.phrasal('memo', 'down')).toEqual([]);
  });
});

describe('antonyms', () => {
  it('gives the opposite of a word in any of its forms: "independent" for "dependent", "decrease" for "increased"', () => {
    expect(lexicon.antonyms('dependent')).toContain('independent');
    expect(lexicon.antonyms('increased')).toContain('decrease');
    expect(lexicon.antonyms('public')).toContain('private');
  });

  it('gives none for a word with no opposite or no entry', () => {
    expect(lexicon.antonyms('memorandum')).toEqual([]);
    expect(lexicon.antonyms('zzzq')).toEqual([]);
  });
});

describe('related', () => {
  describe('when two words share one of their first senses', () => {
    it('finds "resign" for "quit" and "quit" for "resign" (leave office, quit, step down, resign)', () => {
      expect(relationTo('quit', 'resign')).toBe('syn');
      expect(relationTo('resign', 'quit')).toBe('syn');
    });

    it('pairs "memo" with "memorandum" and "lawyer" with "attorney", both ways', () => {
      expect(relatedWords('memo')).toContain('memorandum');
      expect(relatedWords('memorandum')).toContain('memo');
      expect(relatedWords('lawyer')).toContain('attorney');
      expect(relatedWords('attorney')).toContain('lawyer');
    });
  });

  describe('for a word used as a noun ("the deal")', () => {
    it('gives the synonyms of its noun senses only: "bargain", not the verb\'s "address"', () => {
      const asNoun = lexicon.related('deal', 'noun').map((r) => r.word);
      expect(asNoun).toContain('bargain');
      expect(asNoun).not.toContain('address');
      expect(relatedWords('deal')).toContain('address');
    });

    it('keeps the derived forms, and a word with no noun sense keeps all its synonyms', () => {
      expect(lexicon.related('deal', 'noun').map((r) => r.word)).toContain('dealings');
      expect(lexicon.related('quickly', 'noun')).toEqual(lexicon.related('quickly'));
    });
  });

  describe('when a verb has no synonym in its first sense', () => {
    it('finds "request" for "ask" through that sense\'s hypernym', () => {
      expect(relationTo('ask', 'request')).toBe('syn');
    });
  });

  describe('when a word has derived forms', () => {
    it('finds "deportation" for "deport" and "resignation" for "resign"', () => {
      expect(relationTo('deport', 'deportation')).toBe('der');
      expect(relationTo('resign', 'resignation')).toBe('der');
    });

    it('finds "lawsuit" for "sued": sue, then suit, then its synonym whose first sense that is', () => {
      expect(relationTo('sued', 'suit')).toBe('der');
      expect(relationTo('sued', 'lawsuit')).toBe('der');
    });
  });

  describe('when a word is inflected', () => {
    it('gives the relations of its lemma, whatever the case', () => {
      expect(lexicon.related('Resigned')).toEqual(lexicon.related('resign'));
    });

    it('leaves out the word, its lemmas and duplicates', () => {
      const words = relatedWords('paid');
      expect(words).not.toContain('paid');
      expect(words).not.toContain('pay');
      expect(new Set(words).size).toBe(words.length);
    });
  });

  describe('when the word is not in WordNet', () => {
    it('gives nothing', () => {
      expect(lexicon.related('qwzxv')).toEqual([]);
      expect(lexicon.related('')).toEqual([]);
    });
  });
});

describe('lemma', () => {
  it('maps an irregular form through the exception lists: "paid" is "pay"', () => {
    expect(lexicon.lemma('paid')).toContain('pay');
  });

  it('maps a regular form by the suffix rules: "sued" is "sue", "deportations" is "deportation"', () => {
    expect(lexicon.lemma('sued')).toEqual(['sue']);
    expect(lexicon.lemma('deportations')).toEqual(['deportation']);
  });

  it('gives every part of speech: "leaves" is the noun "leaf" and the verb "leave"', () => {
    expect(lexicon.lemma('leaves')).toEqual(['leaf', 'leave']);
  });

  it('takes no undoubled form for an inflection: "sined" and "biger" are typos, "sinned" and "visited" are not', () => {
    expect(lexicon.lemma('sined')).toEqual([]);
    expect(lexicon.lemma('biger')).toEqual([]);
    expect(lexicon.lemma('sinned')).toContain('sin');
    expect(lexicon.lemma('visited')).toContain('visit');
    expect(lexicon.lemma('rained')).toContain('rain');
  });

  it('gives nothing for a word that is not in WordNet', () => {
    expect(lexicon.lemma('qwzxv')).toEqual([]);
  });
});

describe('lexiconFromJson', () => {
  it('reads a well-formed lexicon', () => {
    expect(lexiconFromJson(tiny()).related('lawyers')).toEqual([{ word: 'attorney', relation: 'syn' }]);
  });

  describe('when the data is malformed', () => {
    it('names the missing fields', () => {
      expect(() => lexiconFromJson({ version: 1 })).toThrow(/^Lexicon: invalid lexicon data .*lemmas/);
    });

    it('rejects another version', () => {
      expect(() => lexiconFromJson({ ...tiny(), version: 1 })).toThrow(/^Lexicon: invalid lexicon data .*version/);
    });

    it('rejects a list that names a lemma the file does not have', () => {
      expect(() => lexiconFromJson({ ...tiny(), syn: '1,5' })).toThrow('Lexicon: invalid lexicon data (rebuild it with `npm run build:lexicon`): syn refers to lemma 5 of 2');
    });

    it('rejects lists that do not match the lemmas one for one', () => {
      expect(() => lexiconFromJson({ ...tiny(), der: '' })).toThrow('der has 1 lists for 2 lemmas');
      expect(() => lexiconFromJson({ ...tiny(), parts: '1' })).toThrow('parts has 1 digits for 2 lemmas');
    });

    it('rejects a list with a character that is no base-36 digit', () => {
      expect(() => lexiconFromJson({ ...tiny(), syn: '1,Z' })).toThrow('syn has the character "Z" at 2');
    });

    it('rejects an inflection table with a form or lemma that is not lower-case words', () => {
      for (const verb of [{ Ran: 'run' }, { ran: 'Run' }, { ran: 3 }, ['ran']]) {
        expect(() => lexiconFromJson({ ...tiny(), exceptions: { ...tiny().exceptions, verb } }), JSON.stringify(verb)).toThrow(/exceptions\.verb: must map lower-case forms/);
      }
    });
  });
});

describe('loadLexicon', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'storydesk-lexicon-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the committed data/lexicon.json by default', () => {
    expect(DEFAULT_LEXICON_PATH.endsWith(join('data', 'lexicon.json'))).toBe(true);
    expect((JSON.parse(readFileSync(DEFAULT_LEXICON_PATH, 'utf8')) as LexiconFile).source).toMatch(/^WordNet 3\.1/);
  });

  describe('when the file is not JSON', () => {
    it('says which file could not be loaded and why', () => {
      const path = join(dir, 'broken.json');
      writeFileSync(path, '{"version": 1, "lemmas": ');
      expect(() => loadLexicon(path)).toThrow(new RegExp(`^Lexicon: cannot load ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*JSON`));
    });
  });
});
