import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeQuestion, questionType } from '../../src/answer/question.js';
import { expandChatWords } from '../../src/search/chat.js';
import { impliedAcronyms, learnAcronyms } from '../../src/search/acronyms.js';
import { createAnalyzer, type Acronym, type Analyzer } from '../../src/search/analyze.js';
import { loadRealCorpus } from './helpers.js';
import { sharedLexicon } from '../../src/lexicon/load.js';

let acronyms: Acronym[];
let analyzer: Analyzer;

beforeAll(async () => {
  const { corpus } = await loadRealCorpus();
  acronyms = learnAcronyms(corpus.articles.map((a) => a.body));
  analyzer = createAnalyzer(acronyms);
});

describe('learnAcronyms', () => {
  describe('when reading the real corpus', () => {
    it('learns IRS, ICE, DHS, MOU and ITIN with the long forms the articles spell out', () => {
      expect(Object.fromEntries(acronyms.map((a) => [a.term, a.longForm]))).toEqual({
        irs: 'Internal Revenue Service',
        ice: 'Immigration and Customs Enforcement',
        dhs: 'Department of Homeland Security',
        mou: 'memorandum of understanding',
        itin: 'individual taxpayer identification number',
      });
    });
  });

  describe('when an acronym comes before its long form', () => {
    it('learns it from "ACR (Long Form)" too', () => {
      const [acronym] = learnAcronyms(['The NTSB (National Transportation Safety Board) opened an inquiry.']);
      expect(acronym?.term).toBe('ntsb');
      expect(acronym?.longForm).toBe('National Transportation Safety Board');
    });
  });
});

describe('createAnalyzer', () => {
  describe('when text holds money and numbers', () => {
    it('gives "$90 billion" and "$90bn" the same terms', () => {
      expect(analyzer.terms('$90 billion')).toEqual(['90', 'billion']);
      expect(analyzer.terms('$90bn')).toEqual(analyzer.terms('$90 billion'));
    });

    it('reads "5%" as the number 5 and "percent", like "5 percent"', () => {
      expect(analyzer.terms('5%')).toEqual(['5', 'percent']);
      expect(analyzer.terms('5 percent')).toEqual(['5', 'percent']);
    });

    it('keeps a decimal number whole: "1.23 million"', () => {
      expect(analyzer.terms('1.23 million')).toEqual(['1.23', 'million']);
    });

    it('reads "1,000" and "1000" as the same number', () => {
      expect(analyzer.terms('1,000 workers')).toEqual(analyzer.terms('1000 workers'));
      expect(analyzer.terms('1,000')).toEqual(['1000']);
    });

    it('finds the numbers inside a real sentence', () => {
      const terms = analyzer.terms('paid nearly $90bn in taxes in 2023, about $56bn of which was in federal taxes');
      expect(terms).toEqual(expect.arrayContaining(['90', 'billion', '2023', '56']));
    });
  });

  describe('when text spells out a long form learned from the corpus', () => {
    it.each([
      ['Internal Revenue Service', 'irs'],
      ['Immigration and Customs Enforcement', 'ice'],
      ['Department of Homeland Security', 'dhs'],
      ['memorandum of understanding', 'mou'],
      ['individual taxpayer identification number', 'itin'],
    ])('adds the acronym term for "%s"', (longForm, term) => {
      expect(analyzer.terms(`They asked the ${longForm} about it.`)).toContain(term);
    });

    it('does not add the acronym term for only part of the long form', () => {
      expect(analyzer.terms('Internal Revenue')).not.toContain('irs');
      expect(analyzer.terms('customs enforcement')).not.toContain('ice');
    });
  });

  describe('when text writes an acronym in different ways', () => {
    it('keeps an all-capitals acronym whole instead of stemming it', () => {
      expect(analyzer.terms('ICE and IRS')).toEqual(['ice', 'irs']);
      expect(analyzer.terms('The ITIN')).toEqual(['itin']);
    });

    it('reads "U.S." and "US" as the country, and "us" as a stop word', () => {
      expect(analyzer.terms('U.S.')).toEqual(['usa']);
      expect(analyzer.terms('US')).toEqual(['usa']);
      expect(analyzer.terms('us')).toEqual([]);
    });
  });

  describe('when text uses inflected forms', () => {
    it('gives "paid" and "pay" the same term', () => {
      expect(analyzer.terms('paid')).toEqual(analyzer.terms('pay'));
    });

    it('treats curly and straight apostrophes alike', () => {
      expect(analyzer.terms('immigrants’ rights')).toEqual(analyzer.terms("immigrants' rights"));
    });
  });
});

describe('analyzeQuestion', () => {
  describe('when a question spells out a long form', () => {
    it('searches for it as one acronym term', () => {
      const q = analyzeQuestion('What is the Internal Revenue Service sharing?', analyzer);
      expect(q.groups.map((g) => g.term)).toEqual(['irs', 'share']);
    });

    it('searches the same way whether the question spells it out or abbreviates it', () => {
      const long = analyzeQuestion('Who signed the memorandum of understanding?', analyzer);
      const short = analyzeQuestion('Who signed the MOU?', analyzer);
      expect(long.groups).toEqual(short.groups);
    });
  });

  describe('when a question is typed with chat asides and intensifiers', () => {
    const terms = (question: string) => analyzeQuestion(question, analyzer).groups.map((g) => g.term);

    it.each([
      ['is the case still going rn', 'is the case still going'],
      ['tbh who signed the memo', 'who signed the memo'],
      ['btw who signed the memo', 'who signed the memo'],
      ['imo the memo is bad, who signed it', 'the memo is bad, who signed it'],
      ['who actually signed the memo', 'who signed the memo'],
      ['the memo was signed by who exactly', 'the memo was signed by who'],
      ['do any of the articles say who signed the memo', 'who signed the memo'],
      ['according to the articles, who signed the memo', 'who signed the memo'],
    ])('searches "%s" as "%s" (no "right", "honest", "way", "articles" or "exactly" to find)', (chat, plain) => {
      expect(terms(chat)).toEqual(terms(plain));
    });

    it('keeps the same words where they are the topic ("the right to appeal", "the Articles of Confederation")', () => {
      expect(terms('who has the right to appeal')).toContain(analyzer.terms('right')[0]);
      expect(terms('When were the articles of confederation signed?')).toContain(analyzer.terms('articles')[0]);
      expect(terms('Who wrote the Articles?')).toContain(analyzer.terms('articles')[0]);
    });
  });

  describe('related words (the shipped WordNet lexicon)', () => {
    /** A vocabulary that knows every word and relates them through the shipped WordNet lexicon. */
    const vocabulary = {
      has: () => true,
      correct: () => undefined,
      spelledOut: () => undefined,
      related: (word: string, as?: 'noun') => sharedLexicon().related(word, as).map((r) => r.word),
      phrasal: (verb: string, particle: string) => sharedLexicon().phrasal(verb, particle),
      isWord: () => true,
      relatedWeight: 0.3,
    };
    const alternativesOf = (question: string, word: string) =>
      analyzeQuestion(question, analyzer, vocabulary)
        .groups.find((g) => g.term === analyzer.terms(word)[0])!
        .alternatives.map((a) => a.term);

    it('after "the", "a", "their"…, match a word by its noun senses only: "the deal" finds a bargain, not "address"', () => {
      expect(alternativesOf('who made the deal', 'deal')).toContain(analyzer.terms('bargain')[0]);
      expect(alternativesOf('who made the deal', 'deal')).not.toContain(analyzer.terms('address')[0]);
      expect(alternativesOf('how do they deal with it', 'deal')).toContain(analyzer.terms('address')[0]);
    });

    it('matches a verb with its particle by what the pair means: "step down" also finds "resign"', () => {
      expect(alternativesOf('did she step down', 'step')).toContain(analyzer.terms('resign')[0]);
      expect(alternativesOf('who stepped down', 'step')).toContain(analyzer.terms('resign')[0]);
      expect(alternativesOf('did she step in', 'step')).not.toContain(analyzer.terms('resign')[0]);
    });

    it('relates an irregular plural by its singular too: "ppl" and "people" find individuals', () => {
      expect(alternativesOf('how many ppl did they ask about', 'person')).toContain(analyzer.terms('individuals')[0]);
      expect(alternativesOf('how many people did they ask about', 'person')).toContain(analyzer.terms('individuals')[0]);
    });
  });

  describe('when a question says "not", typed out or the way chat drops the apostrophe', () => {
    it.each([
      ['why did the judge not block it', true],
      ["why didn't the judge block it", true],
      ['why didnt the judge block it', true],
      ['the irs cant share it?', true],
      ['why did the judge block it', false],
      ['who knows the notary', false],
    ])('"%s" is negated: %s', (question, negated) => {
      expect(analyzeQuestion(question, analyzer).negated).toBe(negated);
    });
  });

  describe('when a question holds control characters and runs of white space', () => {
    it('shows it back cleaned', () => {
      expect(analyzeQuestion('  Who\u0000 signed\n\n the\u200b MOU? ', analyzer).text).toBe('Who signed the MOU?');
    });
  });
});

describe('impliedAcronyms', () => {
  const implied = (text: string) => Object.fromEntries(impliedAcronyms(text).map((a) => [a.term, a.longForm]));

  it('reads the initials of a capitalised name, with and without its "of"', () => {
    expect(implied('Lawyers at the Department of Justice said so.')).toMatchObject({ doj: 'Department of Justice' });
    expect(implied('The National Weather Service warned of storms.')).toMatchObject({ nws: 'National Weather Service' });
  });

  it('reads each part of two names joined by "and"', () => {
    expect(implied('A deal between the Department of the Treasury and the Federal Housing Agency.')).toMatchObject({
      dot: 'Department of the Treasury',
      fha: 'Federal Housing Agency',
    });
  });

  it('takes no initials the text uses as a word, no function word, nothing under three letters, no line break', () => {
    expect(implied('The Secretary of War spoke. They sow in spring.')).not.toHaveProperty('sow');
    expect(implied('We Are On It, said All Of Them.')).toEqual({});
    expect(implied('Jane Doe met New York officials.')).toEqual({});
    expect(implied('Legal Challenges\nImmigrant groups sued.')).toEqual({});
  });
});

describe('createAnalyzer with the corpus acronyms (regressions)', () => {
  it('treats "Ice" in a house style that capitalises acronyms like ICE, and folds plural acronyms', async () => {
    const { learnAcronyms } = await import('../../src/search/acronyms.js');
    const { createAnalyzer } = await import('../../src/search/analyze.js');
    const analyzer = createAnalyzer(learnAcronyms(['Immigration and Customs Enforcement (ICE) and the individual taxpayer identification number, or ITIN.']));
    expect(analyzer.terms('Ice will need')).toContain('ice');
    expect(analyzer.terms('ITINs')).toEqual(['itin']);
  });
});

describe('irregular verbs from the lexicon', () => {
  const lexicon = sharedLexicon();
  const analyzer = createAnalyzer([], (word) => lexicon.irregularVerb(word));

  it('counts an irregular form as its verb ("has DHS proven" matches "did DHS prove")', () => {
    expect(analyzer.terms('proven spoke forgotten drawn')).toEqual(analyzer.terms('prove speak forget draw'));
  });

  it('leaves a form that is a verb of its own ("ground" is not "grind")', () => {
    expect(analyzer.terms('ground')).not.toEqual(analyzer.terms('grind'));
  });
});

describe('question types', () => {
  it.each([
    ['can u tell me which govt departments made the deal', 'who'],
    ['could you tell me who signed it', 'who'],
    ['do you know when it was signed', 'when'],
    ['pls tell me why she resigned', 'why'],
    ['can you tell me if the judge blocked it', 'yesno'],
    ['can they share the data', 'yesno'],
    ['which courts heard the case', 'who'],
  ])('a polite opening or a plural does not hide what is asked: %s', (question, type) => {
    expect(questionType(expandChatWords(question))).toBe(type);
  });

  it.each([
    ['what does ITIN stand for?', 'definition'],
    ['what does mou mean', 'definition'],
    ['define itin', 'definition'],
    ['what is the meaning of MOU', 'definition'],
    ['what does ice stand to gain', 'other'],
    ['what does the court mean by that ruling', 'other'],
  ])('a definition asked for in so many words is one: %s', (question, type) => {
    expect(questionType(question)).toBe(type);
  });

  it('reads "how come" as "why", and does not search for "come"', () => {
    const terms = (question: string) => analyzeQuestion(question, analyzer).groups.map((g) => g.term);
    expect(questionType('how come the irs agreed')).toBe('why');
    expect(terms('how come the irs agreed')).toEqual(terms('why did the irs agree'));
  });

  it('does not search for "supposed to", a modal that says nothing of the topic', () => {
    const terms = (question: string) => analyzeQuestion(question, analyzer).groups.map((g) => g.term);
    expect(terms('what are the requests supposed to include')).toEqual(terms('what do the requests include'));
  });

  it('does not search for "saying" any more than for "say"', () => {
    const terms = (question: string) => analyzeQuestion(question, analyzer).groups.map((g) => g.term);
    expect(terms('what are critics saying about it')).toEqual(terms('what do critics say about it'));
  });

  it('matches a definition asked for by the acronym alone, not by "stand" or "mean"', () => {
    const terms = (question: string) => analyzeQuestion(question, analyzer).groups.map((g) => g.term);
    expect(terms('what does ITIN stand for?')).toEqual(terms('What is an ITIN?'));
    expect(terms('what does mou mean')).toEqual(terms('what is an mou'));
  });
});
