/**
 * The engine is general: nothing in `src/` or `commands/` may name the story it ships with
 * (a rule tuned to one story's people or agencies fails on the next story). The names are
 * taken from the shipped corpus itself: its acronyms, and the capitalised words inside a
 * sentence that are no English word (people, places, organisations).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedLexicon } from '../../src/lexicon/load.js';
import { REPO_ROOT } from '../e2e/support/harness.js';

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => ext.test(name))
    .map((name) => join(dir, name));
}

/**
 * The story's names: acronyms of three to five letters (case kept), words no dictionary has that the corpus only
 * ever capitalises (people, places), and names of two or more capitalised words
 * ("Port Authority", lower case), which may be made of English words.
 */
function storyNames(): { acronyms: Set<string>; words: Set<string>; phrases: Set<string> } {
  const lexicon = sharedLexicon();
  const acronyms = new Set<string>();
  const capitalised = new Set<string>();
  const lowered = new Set<string>();
  const phrases = new Set<string>();
  for (const file of filesUnder(join(REPO_ROOT, 'corpus'), /\.md$/)) {
    const text = readFileSync(file, 'utf8').replace(/^---[\s\S]*?\n---\n/, '');
    for (const [acronym] of text.matchAll(/\b[A-Z]{3,5}\b/g)) acronyms.add(acronym);
    for (const [word] of text.matchAll(/\b[a-z]{4,}\b/g)) lowered.add(word);
    // Inside a sentence: after a word and a space, so not a sentence's first word.
    for (const [word] of text.matchAll(/(?<=\w,? )[A-Z][a-z]{3,}\b/g)) capitalised.add(word.toLowerCase());
    for (const [name] of text.matchAll(/(?<=\w,? )[A-Z][a-z]+(?: (?:of |and )?[A-Z][a-z]+)+/g)) phrases.add(name.toLowerCase());
  }
  const words = new Set([...capitalised].filter((word) => !lowered.has(word) && lexicon.lemma(word).length === 0));
  return { acronyms, words, phrases };
}

describe('src/ and commands/', () => {
  const { acronyms, words, phrases } = storyNames();
  const sources = [...filesUnder(join(REPO_ROOT, 'src'), /\.ts$/), ...filesUnder(join(REPO_ROOT, 'commands'), /\.ts$/)];

  it('finds names to look for in the shipped corpus', () => {
    expect(acronyms.size).toBeGreaterThan(2);
    expect(words.size).toBeGreaterThan(5);
    expect(phrases.size).toBeGreaterThan(5);
  });

  it("never name the shipped story's people, places or agencies", () => {
    const found: string[] = [];
    for (const file of sources) {
      const text = readFileSync(file, 'utf8');
      const where = relative(REPO_ROOT, file);
      for (const word of text.match(/\b[A-Za-z]+\b/g) ?? []) {
        if (acronyms.has(word) || words.has(word.toLowerCase())) found.push(`${where}: ${word}`);
      }
      const flat = text.toLowerCase().replace(/\s+/g, ' ');
      for (const phrase of phrases) if (new RegExp(`\\b${phrase}\\b`).test(flat)) found.push(`${where}: ${phrase}`);
    }
    expect([...new Set(found)]).toEqual([]);
  });
});
