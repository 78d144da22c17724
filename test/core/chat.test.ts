import { describe, expect, it } from 'vitest';
import { expandChatWords } from '../../src/search/chat.js';

describe('expandChatWords', () => {
  describe('when members type the way they chat', () => {
    it('reads the questions members actually ask as standard English', () => {
      expect(expandChatWords('how much did undocumented ppl pay')).toBe('how much did undocumented people pay');
      expect(expandChatWords('wat month was it signed n what day did it become official')).toBe(
        'what month was it signed and what day did it become official',
      );
      expect(expandChatWords('is the case still going rn')).toBe('is the case still going right now');
      expect(expandChatWords('whats an itin')).toBe('what is an itin');
      expect(expandChatWords('wheres the 90bn number from pls')).toBe('where is the 90bn number from please');
    });

    it('leaves typos to the spelling corrector', () => {
      expect(expandChatWords('who signd the mou')).toBe('who signd the mou');
      expect(expandChatWords('did the imigrant groups go to court quick')).toBe('did the imigrant groups go to court quick');
    });

    it('expands slashed forms, a lone "&", "+" or "%" and possessives', () => {
      expect(expandChatWords('what % of the staff + the board quit')).toBe('what percent of the staff and the board quit');
      expect(expandChatWords('did 5% quit, c++ devs & r&d')).toBe('did 5% quit, c++ devs and r&d');
      expect(expandChatWords('is it still going w/o a ruling b/c of the appeal')).toBe('is it still going without a ruling because of the appeal');
      expect(expandChatWords("the gov't's deal w/the agency & the union")).toBe("the government's deal with the agency and the union");
      expect(expandChatWords("what r the ppl's rights")).toBe("what are the people's rights");
    });

    it('writes contractions out and keeps a capital at the start', () => {
      expect(expandChatWords('Dont know, Im sure u r right')).toBe('Do not know, I am sure you are right');
      expect(expandChatWords('Whats up w them tho')).toBe('What is up with them though');
      expect(expandChatWords('idk y it matters')).toBe('I do not know y it matters');
    });

    it('reads "y" as "why" and "r" as "are" when one starts the question', () => {
      expect(expandChatWords('y did they sign it')).toBe('why did they sign it');
      expect(expandChatWords('r they sharing data already')).toBe('are they sharing data already');
      expect(expandChatWords('R Kelly sang it')).toBe('R Kelly sang it');
      expect(expandChatWords('Y Combinator funded it')).toBe('Y Combinator funded it');
    });

    it('drops interjections and openers, which ask nothing', () => {
      expect(expandChatWords('lol did the judge block it')).toBe('did the judge block it');
      expect(expandChatWords('omg, who signed the mou??')).toBe('who signed the mou??');
      expect(expandChatWords('who signed the mou lmao')).toBe('who signed the mou');
      expect(expandChatWords('Hey, so whats an itin')).toBe('what is an itin');
      expect(expandChatWords('fr who signed it')).toBe('who signed it');
      expect(expandChatWords('quick q: what is an itin?')).toBe('what is an itin?');
      expect(expandChatWords('Quick question - ok but who signed it')).toBe('who signed it');
    });

    it('keeps an interjection that is the whole question, a capitalised "FR" and a greeting that is not an opener', () => {
      expect(expandChatWords('lol')).toBe('lol');
      expect(expandChatWords('FR imports fell')).toBe('FR imports fell');
      expect(expandChatWords('Who sang Hello?')).toBe('Who sang Hello?');
      expect(expandChatWords('who is the umpire')).toBe('who is the umpire');
      expect(expandChatWords('so-called experts')).toBe('so-called experts');
    });

    it('reads question words typed short', () => {
      expect(expandChatWords('wen was it signed')).toBe('when was it signed');
      expect(expandChatWords('wher did it happen')).toBe('where did it happen');
      expect(expandChatWords('whys the irs doing this')).toBe('why is the irs doing this');
    });

    it('drops the full stop of an abbreviation mid-sentence and splits "2yrs"', () => {
      expect(expandChatWords('approx. 90bn over 2yrs, 6 mo ago')).toBe('approximately 90bn over 2 years, 6 month ago');
      expect(expandChatWords('from the dept.')).toBe('from the department.');
    });
  });

  describe('when the text is already standard English', () => {
    it('leaves acronyms, dotted abbreviations and capitals alone', () => {
      expect(expandChatWords('Did the U.S. and the IRS sign it?')).toBe('Did the U.S. and the IRS sign it?');
      expect(expandChatWords('the US and the u.s. and the MOU')).toBe('the US and the u.s. and the MOU');
      expect(expandChatWords('Who runs the N.Y. office?')).toBe('Who runs the N.Y. office?');
      expect(expandChatWords('R&D at AT&T')).toBe('R&D at AT&T');
    });

    it('leaves "n" that is not between two words, addresses, mentions and apostrophes alone', () => {
      expect(expandChatWords('n = 5 and n.y. rules')).toBe('n = 5 and n.y. rules');
      expect(expandChatWords('see https://example.com/info or @ty')).toBe('see https://example.com/info or @ty');
      expect(expandChatWords("don't touch rock 'n' roll")).toBe("don't touch rock 'n' roll");
      expect(expandChatWords('Information about the union')).toBe('Information about the union');
    });
  });
});
