/**
 * General-English word relations from WordNet, as built by `scripts/build-lexicon.ts`
 * into `data/lexicon.json`: what a question word should also match at a low weight
 * ("quit" also finds "resign", "sued" also finds "lawsuit"). Pure: the file's
 * parsed JSON goes in, lookups come out; `load.ts` reads the file.
 */
import { z } from 'zod';

export const LEXICON_VERSION = 4;

export type PartOfSpeech = 'noun' | 'verb' | 'adj' | 'adv';
export type Relation = 'syn' | 'der';

/** Bits of a lemma's digit in `LexiconFile.parts`. */
export const POS_BITS: Readonly<Record<PartOfSpeech, number>> = { noun: 1, verb: 2, adj: 4, adv: 8 };

export interface RelatedWord {
  word: string;
  /**
   * `syn`: shares one of the word's first senses (quit, resign), or, for a verb
   * alone in its first sense, names that sense's hypernym (ask, request).
   * `der`: a derived form (resign, resignation), or for a verb a synonym of one (sue, suit, lawsuit).
   */
  relation: Relation;
}

export interface Lexicon {
  /**
   * The lemmas related to a word in any of its forms ("sued" gives those of "sue"),
   * synonyms first, without duplicates. Leaves out the word and its own lemmas,
   * which `lemma` gives. An unknown word gives `[]`.
   * With `as: 'noun'` (the word follows "the", "a", "their"…), the synonyms come from its noun senses
   * only: "the deal" is a bargain or a trade, not "address" or "take" as the verb is.
   * @example lexicon.related('quit') // [{ word: 'resign', relation: 'syn' }, ...]
   */
  related(word: string, as?: 'noun'): RelatedWord[];
  /**
   * WordNet's morphy: the dictionary forms a word may be an inflection of, in any
   * part of speech. Irregular forms come from WordNet's exception lists; the rest
   * by its suffix rules, kept only where the result is a lemma.
   * @example lexicon.lemma('paid') // ['pay']
   * @example lexicon.lemma('leaves') // ['leaf', 'leave']
   */
  lemma(word: string): string[];
  /**
   * The base of a verb's irregular form, from WordNet's exception list, when it has one base and
   * the form is no verb of its own ("proven" → "prove"; not "found", which is also a verb).
   */
  irregularVerb(word: string): string | undefined;
  /**
   * WordNet's antonyms of a word in any of its forms, in its first senses: words that
   * say the opposite. An unknown word gives `[]`.
   * @example lexicon.antonyms('dependent') // ['independent']
   */
  antonyms(word: string): string[];
  /**
   * What a phrasal verb means in single words, from its first senses, the verb in any of its
   * forms; `[]` when the two words are no phrasal verb.
   * @example lexicon.phrasal('stepped', 'down') // ['leave', 'quit', 'resign']
   */
  phrasal(verb: string, particle: string): string[];
}

const WORD = /^[a-z]+$/;
// Non-capturing: the capturing group made checking the 77,000 lemmas three times slower.
const WORDS = /^[a-z]+(?: [a-z]+)*$/;
const PHRASE = /^[a-z]+ [a-z]+$/;

/** A table of lower-case keys (each matching `key`) to lower-case words separated by spaces. */
function isWordTable(value: unknown, key: RegExp): value is Readonly<Record<string, string>> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  for (const [form, words] of Object.entries(value)) if (!key.test(form) || typeof words !== 'string' || !WORDS.test(words)) return false;
  return true;
}

// Checked in one loop: zod's record schema over the 4,400 forms was a third of the lexicon's load at a cold start.
const exceptions = z.custom<Readonly<Record<string, string>>>((value) => isWordTable(value, WORD), 'must map lower-case forms to their lower-case lemmas');
const fileSchema = z.object({
  version: z.literal(LEXICON_VERSION),
  source: z.string(),
  settings: z.record(z.string(), z.unknown()),
  /** Every kept lemma, sorted, separated by spaces; a lemma's number is its place here. */
  lemmas: z.string().regex(WORDS),
  /** One hex digit per lemma: its parts of speech as `POS_BITS`. */
  parts: z.string().regex(/^[0-9a-f]*$/),
  /** Per lemma, separated by commas: its related lemmas' numbers, sorted, as base-36 gaps separated by spaces (checked by `indexLists`). */
  syn: z.string(),
  /** The same as `syn`, from the noun senses only. */
  nounSyn: z.string(),
  der: z.string(),
  ant: z.string(),
  /** Phrasal verb ("step down") -> the single words its first senses share (separated by spaces). */
  phrasal: z.custom<Readonly<Record<string, string>>>((value) => isWordTable(value, PHRASE), 'must map "verb particle" to lower-case words'),
  /** Irregular inflection -> its lemmas (separated by spaces), per part of speech. */
  exceptions: z.object({ noun: exceptions, verb: exceptions, adj: exceptions, adv: exceptions }),
});

/** The shape of `data/lexicon.json`. */
export type LexiconFile = z.infer<typeof fileSchema>;

// WordNet's detachment rules (morphy(7WN)): suffix -> ending that replaces it.
const RULES: Readonly<Record<PartOfSpeech, readonly (readonly [string, string])[]>> = {
  noun: [['s', ''], ['ses', 's'], ['xes', 'x'], ['zes', 'z'], ['ches', 'ch'], ['shes', 'sh'], ['men', 'man'], ['ies', 'y']],
  verb: [['s', ''], ['ies', 'y'], ['es', 'e'], ['es', ''], ['ed', 'e'], ['ed', ''], ['ing', 'e'], ['ing', '']],
  adj: [['er', ''], ['est', ''], ['er', 'e'], ['est', 'e']],
  adv: [],
};
const PARTS = Object.keys(RULES) as PartOfSpeech[];

/**
 * Whether taking `suffix` off `form` leaves a one-syllable word ending in one vowel and one
 * consonant, which English doubles before the suffix ("sinned", "bigger"): "sined" is then no
 * form of "sin" but a typo, and must not pass for an English word the spelling corrector leaves alone.
 */
function needsDoubling(form: string, suffix: string, ending: string): boolean {
  if (ending !== '' || !/^(?:ed|ing|er|est)$/.test(suffix)) return false;
  const base = form.slice(0, -suffix.length);
  return /^[^aeiouy]*[aeiou][^aeiouwxy]$/.test(base);
}

function invalid(problem: string): never {
  throw new Error(`Lexicon: invalid lexicon data (rebuild it with \`npm run build:lexicon\`): ${problem}`);
}

/** The lists of one relation, still encoded: list `i` is `encoded` from `starts[i]` to `starts[i + 1] - 1`. */
interface EncodedLists {
  encoded: string;
  starts: Uint32Array;
}

/**
 * Checks that `encoded` holds `lemmaCount` lists of base-36 digits naming only lemmas that exist,
 * and finds where each list starts. One pass over the characters: splitting every list into
 * strings (230,000 of them over three relations) took most of the load time, in garbage collection.
 */
function indexLists(encoded: string, field: string, lemmaCount: number): EncodedLists {
  const starts = new Uint32Array(lemmaCount + 1);
  let lists = 1;
  let id = 0;
  let gap = 0;
  for (let i = 0; i <= encoded.length; i++) {
    const code = i < encoded.length ? encoded.charCodeAt(i) : 44;
    if (code === 32 || code === 44) {
      id += gap;
      gap = 0;
      if (!(id < lemmaCount)) invalid(`${field} refers to lemma ${id} of ${lemmaCount}`);
      if (code === 44) {
        if (lists > lemmaCount) invalid(`${field} has more than ${lemmaCount} lists`);
        starts[lists++] = i + 1;
        id = 0;
      }
      // Base 36 by character code: parseInt per character made this check most of the load time.
    } else if (code >= 48 && code <= 57) gap = gap * 36 + code - 48;
    else if (code >= 97 && code <= 122) gap = gap * 36 + code - 87;
    else invalid(`${field} has the character "${encoded[i]}" at ${i}`);
  }
  if (lists - 1 !== lemmaCount) invalid(`${field} has ${lists - 1} lists for ${lemmaCount} lemmas`);
  return { encoded, starts };
}

/** The lemmas of list `id`. */
function decodeList({ encoded, starts }: EncodedLists, id: number, lemmas: readonly string[]): string[] {
  const list = encoded.slice(starts[id], starts[id + 1]! - 1);
  if (list === '') return [];
  let at = 0;
  return list.split(' ').map((gap) => lemmas[(at += parseInt(gap, 36))]!);
}

/**
 * Builds the lookups once from the parsed contents of `data/lexicon.json`.
 * @throws {Error} `Lexicon: invalid lexicon data ...` naming the first problem, when the data is not a lexicon of this version.
 */
export function lexiconFromJson(json: unknown): Lexicon {
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    invalid(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`).join('; '));
  }
  const file = parsed.data;
  const lemmas = file.lemmas.split(' ');
  if (file.parts.length !== lemmas.length) invalid(`parts has ${file.parts.length} digits for ${lemmas.length} lemmas`);

  for (let i = 1; i < lemmas.length; i++) if (!(lemmas[i - 1]! < lemmas[i]!)) invalid(`lemmas are not sorted at "${lemmas[i]}"`);
  // The lemmas are sorted: a binary search finds one without building a 77,000-entry map at every start.
  const idOf = {
    get(word: string): number | undefined {
      let lo = 0;
      let hi = lemmas.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const at = lemmas[mid]!;
        if (at === word) return mid;
        if (at < word) lo = mid + 1;
        else hi = mid - 1;
      }
      return undefined;
    },
  };
  const isLemma = (word: string, part: PartOfSpeech) => {
    const id = idOf.get(word);
    return id !== undefined && (parseInt(file.parts[id]!, 16) & POS_BITS[part]) !== 0;
  };
  // Lists stay encoded until asked for: decoding all of them up front took longer than the rest of the load together.
  const synLists = indexLists(file.syn, 'syn', lemmas.length);
  const nounSynLists = indexLists(file.nounSyn, 'nounSyn', lemmas.length);
  const derLists = indexLists(file.der, 'der', lemmas.length);
  const antLists = indexLists(file.ant, 'ant', lemmas.length);

  const irregular = new Map(PARTS.map((part) => [part, new Map(Object.entries(file.exceptions[part]).map(([form, bases]) => [form, bases.split(' ')]))]));

  function lemma(word: string): string[] {
    const form = word.toLowerCase();
    const found = new Set<string>();
    for (const part of PARTS) {
      const bases = irregular.get(part)!.get(form);
      // As in WordNet, an irregular form skips the suffix rules: the noun "leaves" is "leaf", not also "leave".
      const candidates = bases
        ? [form, ...bases]
        : [form, ...RULES[part].filter(([suffix, ending]) => form.endsWith(suffix) && !needsDoubling(form, suffix, ending)).map(([suffix, ending]) => form.slice(0, -suffix.length) + ending)];
      for (const candidate of candidates) if (isLemma(candidate, part)) found.add(candidate);
    }
    return [...found];
  }

  function related(word: string, as?: 'noun'): RelatedWord[] {
    const own = lemma(word);
    const skip = new Set([word.toLowerCase(), ...own]);
    const result: RelatedWord[] = [];
    // Used as a noun, a word that is one takes its noun lemmas' noun-sense synonyms; "the running" still has the verb's.
    const nouns = as === 'noun' ? own.filter((base) => isLemma(base, 'noun')) : [];
    const synonyms = nouns.length > 0 ? { lists: nounSynLists, bases: nouns } : { lists: synLists, bases: own };
    // Synonyms of every lemma before any derived form.
    for (const [relation, lists, bases] of [['syn', synonyms.lists, synonyms.bases], ['der', derLists, own]] as const) {
      for (const base of bases) {
        for (const other of decodeList(lists, idOf.get(base)!, lemmas)) {
          if (skip.has(other)) continue;
          skip.add(other);
          result.push({ word: other, relation });
        }
      }
    }
    return result;
  }

  const verbForms = irregular.get('verb')!;
  function irregularVerb(word: string): string | undefined {
    const bases = verbForms.get(word);
    return bases?.length === 1 && !isLemma(word, 'verb') ? bases[0] : undefined;
  }

  function antonyms(word: string): string[] {
    return [...new Set(lemma(word).flatMap((base) => decodeList(antLists, idOf.get(base)!, lemmas)))];
  }

  function phrasal(verb: string, particle: string): string[] {
    const form = verb.toLowerCase();
    for (const base of [form, ...lemma(form)]) {
      // Read straight off the parsed table: no map of its 2,800 phrases is built at every start.
      const phrase = `${base} ${particle.toLowerCase()}`;
      if (Object.hasOwn(file.phrasal, phrase)) return file.phrasal[phrase]!.split(' ');
    }
    return [];
  }

  return { related, lemma, irregularVerb, antonyms, phrasal };
}
