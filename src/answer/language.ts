/**
 * The English check for questions: English function words, the lexicon's lemmas and
 * members' chat words, with the story's own words (its titles and its questions:
 * names and acronyms such as "apr") counting as known.
 */
import type { Lexicon } from '../lexicon/wordnet.js';
import { expandChatWords } from '../search/chat.js';
import { STOP_WORDS } from '../search/stopwords.js';
import { judgeEnglish, type EnglishWords, type LanguageVerdict } from '../text/english.js';

/** The words of the story's own titles and questions, lower case: its names and acronyms. */
export function storyWords(texts: Iterable<string>): Set<string> {
  const words = new Set<string>();
  for (const text of texts) for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) words.add(word);
  return words;
}

/** Whether `question` reads as English (chat words written out first: "ppl", "govt"); `story` words count as known. */
export function questionLanguage(question: string, lexicon: Pick<Lexicon, 'lemma'>, story: ReadonlySet<string> = new Set()): LanguageVerdict {
  const english: EnglishWords = { isFunctionWord: (w) => STOP_WORDS.has(w), isWord: (w) => story.has(w) || lexicon.lemma(w).length > 0 };
  return judgeEnglish(expandChatWords(question), english);
}
