/**
 * Autocomplete for /ask: the questions the articles answer that match the topic
 * words typed so far ("who hal" → "Who is Ada Hale?"), not only the
 * question word. Pure: what was typed and the question bank in, choices out.
 */
import { cleanQuestion } from '../answer/question.js';
import { editDistance } from '../search/index.js';
import { STOP_WORDS } from '../search/stopwords.js';

/** Discord's limits: 25 choices, each at most 100 characters. */
export const MAX_CHOICES = 25;
const MAX_CHOICE_CHARS = 100;

function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** How well a typed word matches one of `words`: 1 the word, 0.8 its start (being typed), 0.6 a typo of it, 0 not at all. */
function matchOf(typed: string, words: readonly string[], partial: boolean): number {
  let best = 0;
  for (const word of words) {
    if (word === typed) return 1;
    if ((partial || typed.length >= 3) && word.startsWith(typed)) best = Math.max(best, 0.8);
    else if (typed.length >= 4 && Math.abs(word.length - typed.length) <= 1 && editDistance(typed, word) <= (typed.length >= 7 ? 2 : 1)) best = Math.max(best, 0.6);
  }
  return best;
}

/**
 * Up to `limit` choices for `typed`: the typed text itself first (so what was
 * typed can be sent as it is), then the bank's questions holding every topic
 * word typed (the last word may be half typed), then those holding some, then
 * those starting with the same question word. With nothing typed, the bank's first.
 */
export function rankChoices(typed: string, bank: readonly string[], limit = MAX_CHOICES): string[] {
  const text = cleanQuestion(typed);
  if (text === '') return bank.slice(0, limit);
  const words = wordsOf(text);
  const endsInWord = !/[\s?!.]$/.test(typed);
  const topic = words.map((word, i) => ({ word, partial: endsInWord && i === words.length - 1 })).filter(({ word }) => !STOP_WORDS.has(word));
  const opening = words[0];
  const scored = bank.map((question, order) => {
    const own = wordsOf(question);
    const matches = topic.map(({ word, partial }) => matchOf(word, own, partial));
    const matched = matches.filter((m) => m > 0).length;
    const sameOpening = opening !== undefined && STOP_WORDS.has(opening) && own[0] === opening;
    return { question, order, matched, score: matches.reduce((a, b) => a + b, 0) + (sameOpening ? 0.3 : 0), sameOpening };
  });
  const ranked = scored
    .filter((s) => s.matched > 0 || (s.sameOpening && topic.length === 0) || s.sameOpening)
    .sort((a, b) => Number(b.matched === topic.length && b.matched > 0) - Number(a.matched === topic.length && a.matched > 0) || b.matched - a.matched || b.score - a.score || a.order - b.order)
    .map((s) => s.question);
  // A choice submits its value: a question too long for one would be sent cut short, so it is not offered.
  const own = text.length <= MAX_CHOICE_CHARS ? [text] : [];
  return [...new Set([...own, ...ranked])].slice(0, limit);
}
