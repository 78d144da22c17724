/**
 * Text analysis for English news: the same function turns passages and questions
 * into index terms, so both sides agree on stems, numbers and acronyms.
 */
import { stemmer } from 'stemmer';
import { STOP_WORDS } from './stopwords.js';

/** A learned acronym: `faa` stands for the stemmed words `feder aviat administr`. */
export interface Acronym {
  /** Lower-case acronym, used as the index term. */
  term: string;
  /** The long form as written in the article, e.g. "Federal Aviation Administration". */
  longForm: string;
  /** The long form's content stems, in order. */
  stems: string[];
}

// Irregular forms the Porter stemmer leaves apart from their base (paid/pay, led/lead). A stop word
// (said, told, won) is dropped before this table is read, so none is listed; nor is a word the
// stemmer leaves as it is, in any case (shut, data, media).
const IRREGULAR: Record<string, string> = {
  paid: 'pay', pays: 'pay', led: 'lead', leads: 'lead', made: 'make',
  makes: 'make', gave: 'give', given: 'give', gives: 'give', took: 'take', taken: 'take', sent: 'send', kept: 'keep',
  left: 'leave', began: 'begin', begun: 'begin', brought: 'bring', bought: 'buy', caught: 'catch', chose: 'choose',
  chosen: 'choose', came: 'come', fell: 'fall', fallen: 'fall', felt: 'feel', found: 'find', held: 'hold', knew: 'know',
  known: 'know', lost: 'lose', met: 'meet', ran: 'run', saw: 'see', seen: 'see', sold: 'sell', spent: 'spend',
  stood: 'stand', thought: 'think', understood: 'understand', wrote: 'write', written: 'write',
  sought: 'seek', struck: 'strike', withdrew: 'withdraw', withdrawn: 'withdraw', overseen: 'oversee', oversaw: 'oversee',
  arose: 'arise', drove: 'drive', driven: 'drive', rose: 'rise', risen: 'rise', hid: 'hide', hidden: 'hide',
  men: 'man', women: 'woman', children: 'child', people: 'person', lawyers: 'lawyer',
};

/**
 * The form a word's term is made from: "people" is indexed as "person". Related words are
 * looked up for that form too, or "ppl" would never find the person synset's *individuals*.
 */
export function baseForm(word: string): string {
  return IRREGULAR[word] ?? word;
}

const SCALE: Record<string, string> = { bn: 'billion', b: 'billion', mn: 'million', m: 'million', k: 'thousand', tn: 'trillion', t: 'trillion' };

// Money and numbers first, then dotted acronyms (U.S.), then words (keeping inner apostrophes).
const TOKEN = /\$?\d+(?:[.,]\d+)*(?:%|bn|mn|tn|[bmkt](?![\p{L}]))?|(?:\p{L}\.){2,}|[\p{L}\p{N}]+(?:['’]\p{L}+)*/gu;

function fold(text: string): string {
  return text.normalize('NFKC').replace(/[’‘`]/g, "'");
}

/** A verb's irregular form to its base ("proven" → "prove"), from a lexicon; undefined when it is not one. */
export type IrregularVerbs = (word: string) => string | undefined;

function wordTerm(raw: string, acronyms: ReadonlySet<string>, irregularVerbs?: IrregularVerbs): string | undefined {
  // "U.S." and the all-caps "US" mean the country, not the pronoun.
  if (/^U\.?S\.?$/.test(raw) && raw !== 'us') return raw === 'US' || raw.includes('.') ? 'usa' : undefined;
  const isAllCaps = /^\p{Lu}{2,}(?:['’]?s)?$/u.test(raw);
  let word = raw.toLowerCase().replace(/\./g, '');
  word = word.replace(/'s$/, '').replace(/'$/, '');
  if (isAllCaps && /s$/.test(raw)) word = word.replace(/s$/, ''); // plural acronyms: "CEOs" → ceo
  // "Nasa" in a house style that capitalises acronyms as names is still NASA.
  if (acronyms.has(word)) return word;
  if (word.includes("'")) word = word.split("'")[0] ?? word; // don't → don, caught by stop words
  if (word.length === 0 || STOP_WORDS.has(word)) return undefined;
  const irregular = IRREGULAR[word] ?? irregularVerbs?.(word);
  if (irregular) return stemmer(irregular);
  if (/^\d/.test(word) || isAllCaps) return word;
  return stemmer(word);
}

/** Number tokens: "$90bn" → 90, billion; "5%" → 5, percent; "1,000" → 1000. */
function numberTerms(raw: string): string[] {
  const match = /^\$?(\d+(?:[.,]\d+)*)(%|bn|mn|tn|[bmkt])?$/.exec(raw);
  if (!match) return [];
  const digits = match[1]!.replace(/,(?=\d{3}\b)/g, '');
  const suffix = match[2];
  const terms = [digits];
  if (suffix === '%') terms.push('percent');
  else if (suffix) terms.push(SCALE[suffix] ?? suffix);
  return terms;
}

const NO_ACRONYMS: ReadonlySet<string> = new Set();

// Per-analyzer memo of raw word → term ('' for a stop word): news text reuses few words, so nearly every lookup hits.
const TERM_CACHE_MAX = 200_000;

/** Raw terms of `text` in order, before acronym folding. */
function baseTerms(text: string, acronyms: ReadonlySet<string> = NO_ACRONYMS, cache?: Map<string, string>, irregularVerbs?: IrregularVerbs): string[] {
  const terms: string[] = [];
  for (const match of fold(text).matchAll(TOKEN)) {
    const raw = match[0];
    if (/^\$?\d/.test(raw)) {
      terms.push(...numberTerms(raw));
      continue;
    }
    let term: string | undefined;
    if (cache) {
      let cached = cache.get(raw);
      if (cached === undefined) {
        cached = wordTerm(raw, acronyms, irregularVerbs) ?? '';
        if (cache.size >= TERM_CACHE_MAX) cache.clear();
        cache.set(raw, cached);
      }
      term = cached === '' ? undefined : cached;
    } else term = wordTerm(raw, acronyms, irregularVerbs);
    if (term) terms.push(term === 'perc' ? 'percent' : term);
  }
  return terms;
}

export interface Analyzer {
  /** Index terms of `text`, in order; a long form is followed by its acronym's term. */
  terms(text: string): string[];
  acronyms: ReadonlyMap<string, Acronym>;
}

/**
 * Makes the analyzer for a corpus. With acronyms, "Federal Aviation
 * Administration" also yields `faa`, so a question that spells it out finds passages
 * that abbreviate it, and the other way round. With `irregularVerbs`, a verb's
 * irregular forms count as its base ("proven" as "prove", "spoke" as "speak").
 */
export function createAnalyzer(acronyms: Acronym[] = [], irregularVerbs?: IrregularVerbs): Analyzer {
  const byTerm = new Map(acronyms.map((a) => [a.term, a]));
  const byFirstStem = new Map<string, Acronym[]>();
  for (const acronym of acronyms) {
    const first = acronym.stems[0];
    if (first === undefined) continue;
    const list = byFirstStem.get(first) ?? [];
    list.push(acronym);
    byFirstStem.set(first, list);
  }
  const known = new Set(byTerm.keys());
  const cache = new Map<string, string>();
  const terms = (text: string): string[] => {
    const base = baseTerms(text, known, cache, irregularVerbs);
    if (byFirstStem.size === 0) return base;
    const out: string[] = [];
    for (let i = 0; i < base.length; i++) {
      const term = base[i]!;
      out.push(term);
      for (const acronym of byFirstStem.get(term) ?? []) {
        const n = acronym.stems.length;
        if (acronym.stems.every((stem, k) => base[i + k] === stem)) {
          out.push(...base.slice(i + 1, i + n), acronym.term);
          i += n - 1;
          break;
        }
      }
    }
    return out;
  };
  return { terms, acronyms: byTerm };
}

export { baseTerms as analyzeWithoutAcronyms };
