/**
 * The English check for questions, with the words it needs: English function
 * words, WordNet's lemmas (read once, on first use) and members' chat words.
 */
import { sharedLexicon } from '../lexicon/load.js';
import { expandChatWords } from '../search/chat.js';
import { STOP_WORDS } from '../search/stopwords.js';
import { judgeEnglish, type EnglishWords, type LanguageVerdict } from '../text/english.js';

/** Reads the lexicon now (about a quarter of a second, once per thread), so the first question does not wait for it. */
export function warmEnglishCheck(): void {
  sharedLexicon();
}

/** The words of the story's own titles and questions, lower case: its names and acronyms ("irs", "itin", "bessent"). */
export function storyWords(texts: Iterable<string>): Set<string> {
  const words = new Set<string>();
  for (const text of texts) for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) words.add(word);
  return words;
}

/** Whether `question` reads as English (chat words written out first: "ppl", "govt"); `story` words count as known. */
export function questionLanguage(question: string, story: ReadonlySet<string> = new Set()): LanguageVerdict {
  const lexicon = sharedLexicon();
  const english: EnglishWords = { isFunctionWord: (w) => STOP_WORDS.has(w), isWord: (w) => story.has(w) || lexicon.lemma(w).length > 0 };
  return judgeEnglish(expandChatWords(question), english);
}
