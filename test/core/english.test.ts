/**
 * Questions not in English are told so; English typed as members type it never is.
 */
import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { questionLanguage, storyWords } from '../../src/answer/language.js';
import { sharedLexicon } from '../../src/lexicon/load.js';
import { judgeEnglish } from '../../src/text/english.js';
import { AnswerEngine } from '../../src/answer/engine.js';
import { loadRealCorpus } from './helpers.js';

// The story's own words, as the bot takes them: its titles and suggested questions.
const STORY = storyWords(['IRS and ICE memorandum of understanding raises privacy concerns', 'Who is Scott Bessent?', 'Who is Kristi Noem?', 'What is the individual taxpayer identification number (ITIN)?', 'What is the memorandum of understanding (MOU)?']);
const english = (q: string) => questionLanguage(q, sharedLexicon(), STORY).english;

const MEMBERS_ENGLISH = [
  'who signd the mou',
  'how much did undocumented ppl pay',
  'Who signed the memo?',
  'bessent noem memo',
  'irs ice mou',
  'itin?',
  'who is melanie kruse',
  'y did krause quit',
  'wat abt itins',
  'wheres the 90bn number from pls',
  'did a judge block it',
  'is it legal',
  'ice n irs deal',
  'What did Lisa Gilbert say about the agreement?',
  'how many ppl did ice ask abt',
  'dhs irs',
  'ITIN',
];

const OTHER_LANGUAGES: [string, string][] = [
  ['fr', "Qui a signé le protocole d'accord ?"],
  ['fr', 'Combien les immigrés sans papiers ont-ils payé en impôts ?'],
  ['fr', 'Pourquoi Melanie Krause a-t-elle démissionné ?'],
  ['fr', 'qui a signé'],
  ['es', '¿Quién firmó el memorando de entendimiento?'],
  ['es', '¿Cuánto pagaron los inmigrantes indocumentados en impuestos?'],
  ['de', 'Wer hat das Memorandum unterschrieben?'],
  ['de', 'Wie viel Steuern haben Einwanderer ohne Papiere gezahlt?'],
  ['it', "Chi ha firmato il memorandum d'intesa?"],
  ['pt', 'Quem assinou o memorando de entendimento?'],
  ['nl', 'Wie heeft het memorandum van overeenstemming ondertekend?'],
  ['pl', 'Kto podpisał memorandum?'],
  ['tr', 'Memorandumu kim imzaladı?'],
  ['ru', 'Кто подписал меморандум?'],
  ['zh', '谁签署了谅解备忘录？'],
  ['ja', '誰が覚書に署名しましたか？'],
  ['ar', 'من وقع على مذكرة التفاهم؟'],
];

describe('questionLanguage', () => {
  it.each(MEMBERS_ENGLISH)('never refuses English typed as members type it: %s', (q) => {
    expect(english(q)).toBe(true);
  });

  it.each(OTHER_LANGUAGES)('tells a question in another language (%s): %s', (_lang, q) => {
    expect(english(q)).toBe(false);
  });

  it('never refuses the public question sets, when they are beside the repo', () => {
    for (const file of ['dev-questions.jsonl', 'chat-questions.jsonl']) {
      const path = new URL(`../../../shared/eval/${file}`, import.meta.url);
      if (!existsSync(path)) continue;
      for (const line of readFileSync(path, 'utf8').split('\n').filter(Boolean)) {
        const { q } = JSON.parse(line) as { q: string };
        expect(english(q), q).toBe(true);
      }
    }
  });
});

describe('judgeEnglish', () => {
  const words = { isFunctionWord: (w: string) => ['the', 'who', 'is', 'a'].includes(w), isWord: (w: string) => ['sign', 'memo', 'cat'].includes(w) };

  it('counts a typo of an English word as English, and leaves names out', () => {
    expect(judgeEnglish('who signd the memo', words)).toEqual({ english: true, words: 4, known: 4 });
    expect(judgeEnglish('Who is Zorblax Quentavius', words)).toMatchObject({ english: true, words: 2 });
  });

  it('gives nothing to weigh the benefit of the doubt', () => {
    expect(judgeEnglish('???', words).english).toBe(true);
    expect(judgeEnglish('', words).english).toBe(true);
  });
});

describe('AnswerEngine.language', () => {
  const engine = AnswerEngine.create(loadRealCorpus().corpus, undefined, { lexicon: sharedLexicon() });

  it("counts the story's own names and acronyms as English words", () => {
    // "bessent", "noem" and "itin" are in no dictionary; the story's titles and questions have them.
    expect(engine.language('bessent noem itin mou').english).toBe(true);
    expect(questionLanguage('bessent noem itin mou', sharedLexicon()).english).toBe(false);
  });

  it('tells a question in another language', () => {
    expect(engine.language('quién firmó el memorando de entendimiento').english).toBe(false);
  });

  it('judges nothing without a lexicon', () => {
    expect(AnswerEngine.create(loadRealCorpus().corpus).language('quién firmó el memorando').english).toBe(true);
  });
});
