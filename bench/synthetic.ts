/**
 * A deterministic generator of news articles about the story (the IRS sharing
 * taxpayer data with ICE) mixed with general news English, for benchmarks at
 * sizes the real corpus does not reach. Articles are rendered as Markdown files
 * with front matter and parsed with {@link parseArticle}, so passages are cut
 * exactly as for real files. Same seed and size: byte-identical output.
 */
import { parseArticle } from '../src/corpus/article.js';
import type { Article, Corpus, Passage } from '../src/corpus/types.js';

/** mulberry32: a small, fast, well-mixed 32-bit PRNG. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  float(): number {
    return this.next();
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}

/** Draws items with probability ∝ 1 / rank^s: the head is common, the tail long. */
export class Zipf<T> {
  private readonly cumulative: Float64Array;

  constructor(
    private readonly items: readonly T[],
    s = 1.05,
  ) {
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    for (let r = 0; r < items.length; r++) {
      sum += 1 / Math.pow(r + 1, s);
      this.cumulative[r] = sum;
    }
  }

  sample(rng: Rng): T {
    const total = this.cumulative[this.cumulative.length - 1] ?? 0;
    const x = rng.float() * total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    return this.items[lo]!;
  }
}

const words = (text: string): string[] => text.trim().split(/\s+/);

// General news vocabulary, roughly by frequency within each part of speech.
const COMMON_NOUNS = words(`
  government year people week official report city state company plan law court country time police school family
  group president bill election vote policy budget economy job worker price health hospital water road energy team
  game season player money month day business market house home program service system area community member
  statement decision investigation case campaign party leader minister agency department project study research
  university student teacher parent child council mayor governor senator lawmaker committee board office spokesperson
  industry factory farm farmer crop weather storm fire flood car train airport flight bridge building housing rent
  tax rate inflation bank loan debt deal contract union strike protest rally crowd election voter poll candidate
  debate speech interview issue question problem concern risk safety security threat attack war troops military
  border trade tariff export import oil gas power plant climate emission water drought heat summer winter spring
  night morning weekend record history future change growth decline increase loss profit revenue sale share stock
  investor analyst economist expert scientist doctor nurse patient vaccine disease virus treatment drug hospital
  clinic insurance coverage benefit pension wage salary employee employer staff hearing trial jury verdict sentence
  prison officer detective suspect victim witness charge lawsuit settlement ruling appeal order rule regulation
  agency network platform app software computer phone internet website data privacy user account message video
  film music artist album song concert festival museum book author library church neighborhood street park river
  coast island region province village town county district capital county center station port ship fleet
`);

const COMMON_ADJECTIVES = words(`
  new last first local federal national public former other major large small high low long short big good bad
  political economic social financial legal public private international foreign domestic military medical
  senior early late recent annual final key main important significant serious critical major possible likely
  independent democratic republican conservative liberal rural urban northern southern eastern western central
  strong weak full open free fair clear real recent current previous next top old young safe dangerous
  historic unprecedented controversial popular rising falling heavy light busy quiet wide deep rapid slow
`);

const COMMON_VERBS_PAST = words(`
  said announced reported added noted warned argued claimed confirmed denied approved rejected passed signed
  launched opened closed raised cut increased reduced expanded announced released published revealed found showed
  told asked called urged criticized praised defended blamed accused charged sued filed won lost agreed decided
  planned expected estimated received sent shared provided offered requested demanded proposed introduced delayed
  blocked halted suspended resumed ended started began continued completed built hired fired replaced appointed
  visited met discussed reviewed examined investigated tested measured compared ranked improved damaged destroyed
  collected spent paid earned saved invested bought sold moved left returned joined supported opposed
`);

const PREPOSITIONS = words('in on at for with from about after before during over under against between across near without');
const DETERMINERS = words('the the the the a a an this that its their our several many some two three');
const PLURAL_DETERMINERS = new Set(['many', 'some', 'two', 'three', 'several']);
const SINGULAR_DETERMINERS = new Set(['a', 'an', 'this', 'that']);
const CONJUNCTIONS = [', and', ', but', ' while', ' because', ' although', ' after', ' as', ', so'];
const WEEKDAYS = words('Monday Tuesday Wednesday Thursday Friday Saturday Sunday');
const MONTHS = words('January February March April May June July August September October November December');
const FIRST_NAMES = words(`
  James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph Jessica
  Thomas Sarah Charles Karen Daniel Lisa Matthew Nancy Anthony Betty Mark Sandra Paul Ashley Steven Emily Andrew Donna
  Maria Carlos Ana Luis Wei Mei Ahmed Fatima Priya Raj Olga Ivan Kenji Yuki Amara Kwame Sofia Diego Elena Omar
`);
const ROLES = words(`
  spokesperson director chairman chairwoman analyst professor economist senator representative governor mayor
  commissioner secretary president chief attorney adviser researcher executive founder organizer official
`);
const OUTLETS = [
  'The Daily Ledger', 'Metro Courier', 'The Evening Standard-Post', 'Capitol Wire', 'Northern Herald', 'Valley Times',
  'National Observer', 'The Morning Dispatch', 'Harbor City News', 'Plains Tribune',
];

const ONSETS = words('b br c ch cl d dr f fl g gr h j k l m n p pl pr r s sh sl st t tr v w z');
const VOWELS = words('a e i o u a e i o ai ea ou io');
const CODAS = ['', '', '', 'n', 'r', 'l', 's', 't', 'nd', 'st', 'm', 'ck', 'rt', 'ng'];

/** Pronounceable pseudo-words for the long tail of the vocabulary (rare nouns, names, places). */
function pseudoWords(rng: Rng, count: number, suffixes: readonly string[] = ['']): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  while (out.length < count) {
    let word = '';
    const syllables = rng.chance(0.8) ? 2 : 3;
    for (let s = 0; s < syllables; s++) word += rng.pick(ONSETS) + rng.pick(VOWELS) + rng.pick(CODAS);
    word += rng.pick(suffixes);
    if (word.length < 4 || seen.has(word)) continue;
    seen.add(word);
    out.push(word);
  }
  return out;
}

const capitalize = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

/** Real common words most of the time, a rare word from a long Zipf tail otherwise. */
class HeadAndTail {
  private readonly head: Zipf<string>;
  private readonly tail: Zipf<string>;

  constructor(
    head: readonly string[],
    tail: readonly string[],
    private readonly tailShare: number,
  ) {
    this.head = new Zipf(head, 0.75);
    this.tail = new Zipf(tail, 1.0);
  }

  sample(rng: Rng): string {
    return rng.chance(this.tailShare) ? this.tail.sample(rng) : this.head.sample(rng);
  }
}

interface Vocabulary {
  nouns: HeadAndTail;
  adjectives: HeadAndTail;
  verbs: HeadAndTail;
  surnames: Zipf<string>;
  places: Zipf<string>;
  organisations: Zipf<string>;
}

function vocabulary(seed: number): Vocabulary {
  const rng = new Rng(seed ^ 0x5eed);
  const tailNouns = pseudoWords(rng, 30_000);
  const tailAdjectives = pseudoWords(rng, 6_000, ['al', 'ic', 'ous', 'ive', 'ian']);
  const tailVerbs = pseudoWords(rng, 3_000, ['ed']);
  const surnames = pseudoWords(rng, 8_000).map(capitalize);
  const places = pseudoWords(rng, 3_000, ['', 'ville', 'ton', 'burg', ' City', 'ford']).map(capitalize);
  const orgWords = pseudoWords(rng, 1_500).map(capitalize);
  const organisations = orgWords.map(
    (w, i) => `${w} ${['Institute', 'Foundation', 'Council', 'Group', 'Partners', 'Coalition', 'Association'][i % 7]}`,
  );
  return {
    nouns: new HeadAndTail(COMMON_NOUNS, tailNouns, 0.12),
    adjectives: new HeadAndTail(COMMON_ADJECTIVES, tailAdjectives, 0.1),
    verbs: new HeadAndTail(COMMON_VERBS_PAST, tailVerbs, 0.05),
    surnames: new Zipf(surnames, 0.9),
    places: new Zipf(places, 1.0),
    organisations: new Zipf(organisations, 1.0),
  };
}

/** Sentence and paragraph makers over one vocabulary and one random stream. */
class Writer {
  constructor(
    private readonly rng: Rng,
    private readonly v: Vocabulary,
  ) {}

  person(): string {
    const r = this.rng;
    return `${r.pick(FIRST_NAMES)} ${r.chance(0.1) ? `${String.fromCharCode(65 + r.int(0, 25))}. ` : ''}${this.v.surnames.sample(r)}`;
  }

  date(): string {
    const r = this.rng;
    switch (r.int(0, 3)) {
      case 0:
        return `${r.pick(MONTHS)} ${r.int(1, 28)}`;
      case 1:
        return `${r.pick(MONTHS)} ${r.int(1, 28)}, ${r.int(2015, 2025)}`;
      case 2:
        return `on ${r.pick(WEEKDAYS)}`;
      default:
        return `in ${r.pick(MONTHS)}`;
    }
  }

  number(): string {
    const r = this.rng;
    switch (r.int(0, 5)) {
      case 0:
        return `${r.int(2, 99)}%`;
      case 1:
        return `$${r.int(1, 950)} million`;
      case 2:
        return `$${(r.int(10, 990) / 10).toFixed(1)} billion`;
      case 3:
        return `${r.int(1, 9)},${String(r.int(0, 999)).padStart(3, '0')}`;
      case 4:
        return String(r.int(2, 60));
      default:
        return `${r.int(1, 9)}.${r.int(1, 99)} million`;
    }
  }

  nounPhrase(depth = 0): string {
    const r = this.rng;
    const determiner = r.chance(0.8) ? r.pick(DETERMINERS) : '';
    const parts: string[] = [];
    const adjectives = r.chance(0.45) ? r.int(1, 2) : 0;
    for (let i = 0; i < adjectives; i++) parts.push(this.v.adjectives.sample(r));
    let noun = this.v.nouns.sample(r);
    const plural = PLURAL_DETERMINERS.has(determiner) || (!SINGULAR_DETERMINERS.has(determiner) && r.chance(0.3));
    if (plural) noun = /[^aeiou]y$/.test(noun) ? `${noun.slice(0, -1)}ies` : /(s|sh|ch|x)$/.test(noun) ? `${noun}es` : `${noun}s`;
    parts.push(noun);
    if (determiner === 'a' || determiner === 'an') parts.unshift(/^[aeiou]/.test(parts[0] ?? '') ? 'an' : 'a');
    else if (determiner !== '') parts.unshift(determiner);
    if (depth < 1 && r.chance(0.3)) parts.push(r.pick(PREPOSITIONS), this.nounPhrase(depth + 1));
    else if (r.chance(0.08)) parts.push('in', this.v.places.sample(r));
    return parts.join(' ');
  }

  clause(): string {
    const r = this.rng;
    const subject = r.chance(0.2) ? this.person() : r.chance(0.1) ? this.v.organisations.sample(r) : this.nounPhrase();
    const parts = [subject, this.v.verbs.sample(r), this.nounPhrase()];
    if (r.chance(0.4)) parts.push(r.pick(PREPOSITIONS), this.nounPhrase());
    if (r.chance(0.15)) parts.push(this.date());
    if (r.chance(0.12)) parts.push('by', this.number());
    return parts.join(' ');
  }

  /** A general news sentence: 1 to 3 clauses, sometimes a quote or an attribution. */
  sentence(): string {
    const r = this.rng;
    let text = this.clause();
    const extra = r.chance(0.5) ? r.int(1, 2) : 0;
    for (let i = 0; i < extra; i++) text += `${r.pick(CONJUNCTIONS)} ${this.clause()}`;
    text = capitalize(text);
    const roll = r.float();
    if (roll < 0.1) return `“${text},” said ${this.person()}, ${r.pick(['a', 'the'])} ${r.pick(ROLES)} at ${this.v.organisations.sample(r)}.`;
    if (roll < 0.16) return `"${text}," ${this.person()} told reporters ${this.date()}.`;
    if (roll < 0.22) return `${text}, according to ${r.chance(0.5) ? this.v.organisations.sample(r) : r.pick(OUTLETS)}.`;
    if (roll < 0.24) return `${text}?`;
    return `${text}.`;
  }

  storySentence(): string {
    const r = this.rng;
    const template = r.pick(STORY_SENTENCES);
    return template.replace(/\{(\w+)\}/g, (_, slot: string) => {
      switch (slot) {
        case 'irs':
          return r.pick(['the IRS', 'the IRS', 'the Internal Revenue Service', 'the tax agency']);
        case 'IRS':
          return r.pick(['The IRS', 'The IRS', 'The Internal Revenue Service', 'The tax agency']);
        case 'ice':
          return r.pick(['ICE', 'ICE', 'Immigration and Customs Enforcement', 'immigration enforcement officials']);
        case 'dhs':
          return r.pick(['DHS', 'the Department of Homeland Security', 'homeland security officials']);
        case 'mou':
          return r.pick(['memorandum of understanding', 'MOU', 'agreement', 'data-sharing agreement', 'memo']);
        case 'day':
          return r.pick(WEEKDAYS);
        case 'person':
          return this.person();
        case 'role':
          return r.pick(ROLES);
        case 'org':
          return this.v.organisations.sample(r);
        case 'outlet':
          return r.pick(OUTLETS);
        case 'noun':
          return this.nounPhrase(1);
        case 'number':
          return this.number();
        default:
          return slot;
      }
    });
  }

  paragraph(storyShare: number): string {
    const r = this.rng;
    const n = r.pick([1, 1, 2, 2, 2, 3, 3, 4, 5]);
    const sentences: string[] = [];
    for (let i = 0; i < n; i++) sentences.push(r.chance(storyShare) ? this.storySentence() : this.sentence());
    return sentences.join(' ');
  }

  headline(story: boolean): string {
    const r = this.rng;
    if (story) return r.pick(STORY_HEADLINES);
    return capitalize(`${this.nounPhrase(1)} ${this.v.verbs.sample(r)} ${this.nounPhrase(1)}`);
  }
}

// Facts of the story in varied wording; slots in braces are filled per use.
const STORY_SENTENCES = [
  'The Internal Revenue Service (IRS) has begun sharing taxpayer information with Immigration and Customs Enforcement (ICE) under a {mou} signed in April.',
  '{IRS} and {dhs} signed a memorandum of understanding (MOU) that lets {ice} request the names and addresses of taxpayers.',
  'Treasury Secretary Scott Bessent signed the {mou} with Homeland Security Secretary Kristi Noem on April 7.',
  'The {mou} was signed by the treasury secretary, Scott Bessent, and the homeland security secretary, Kristi Noem.',
  'Acting IRS Commissioner Melanie Krause resigned after she was bypassed in the decision to share data with {ice}.',
  'Melanie Krause, the interim IRS commissioner, resigned in protest over the {mou}, according to {outlet}.',
  'Krause became the third IRS leader to resign in 2025, {person} of {org} said.',
  'Undocumented immigrants paid nearly $90 billion in taxes in 2023, according to the American Immigration Council.',
  'About $56 billion of the $90 billion that undocumented immigrants paid in 2023 went to federal taxes.',
  '{ice} asked for data on 1.23 million people, but {irs} could match fewer than 5% of the records.',
  'Undocumented immigrants file taxes with an individual taxpayer identification number, or ITIN, instead of a Social Security number.',
  'An Individual Taxpayer Identification Number (ITIN) is a tax processing number issued by {irs} to people who cannot get a Social Security number.',
  'Public Citizen, which represents the immigrant groups, called the {mou} “an unprecedented breach of taxpayer privacy laws.”',
  '“Taxpayer privacy is a cornerstone of the US tax system,” said Lisa Gilbert, co-president of Public Citizen.',
  'A federal judge denied an emergency injunction that immigrant rights groups had requested to block the data sharing.',
  'Judge Dabney Friedrich ruled that the groups had not established a likelihood of success, and refused the injunction.',
  'Centro de Trabajadores Unidos and Immigrant Solidarity DuPage sued {irs} in March to stop it from sharing taxpayer data with {dhs}.',
  'The {mou} lets {ice} request tax information about immigrants who remain in the country 90 days after a final removal order.',
  '{IRS} lawyers warned that sharing taxpayer data with {ice} could violate federal privacy law.',
  'William Paul, the acting chief counsel, was replaced as the agency’s top lawyer in March amid concerns over the information sharing.',
  'The White House said the initiative would “end fraud and abuse” and keep benefits for American taxpayers.',
  'Advocates fear that immigrants will stop filing tax returns now that {irs} shares data with {ice}, {person} said.',
  'Critics said the deportation push turns {irs} into an arm of immigration enforcement, {person}, a {role} at {org}, said {day}.',
  'Democratic senators asked Treasury Secretary Scott Bessent for details of the {mou} and how many requests {dhs} had made.',
  '{IRS} had not yet received any requests from {dhs} as of April 7, the court filing said.',
  'In its requests, {ice} must give the name and address of the taxpayer and the criminal statute under investigation.',
  'Undocumented workers made up nearly 5% of the US workforce that year, the council estimates.',
  '“It is a complete betrayal of 30 years of the government telling immigrants to file their taxes,” a former IRS official said.',
  'The Department of Homeland Security (DHS) says the {mou} will help locate people with final deportation orders.',
  'Tax returns are confidential under Section 6103 of the Internal Revenue Code, with narrow exceptions for criminal investigations.',
  'The deportation effort has relied on {noun} and on data from {irs}, {outlet} reported {day}.',
  'Officials at {irs} said {number} of the requests were returned without a match.',
];

const STORY_HEADLINES = [
  'IRS agrees to share taxpayer data with ICE',
  'Acting IRS commissioner Melanie Krause resigns over data deal',
  'Judge declines to block IRS data sharing with immigration officials',
  'What the IRS-ICE memorandum of understanding says',
  'Immigrant groups sue over IRS information sharing',
  'Bessent and Noem sign tax data agreement',
  'ICE sought data on 1.23 million people; IRS matched under 5%',
  'Undocumented immigrants paid $90 billion in taxes, study finds',
];

const SUBHEADINGS = ['What happens next', 'Background', 'The legal fight', 'Reaction', 'What the numbers show', 'Why it matters', 'The agreement'];
const TWEETERS = [
  ['Fox News', 'FoxNews'],
  ['Public Citizen', 'Public_Citizen'],
  ['Capitol Wire', 'CapitolWire'],
];

export interface SyntheticOptions {
  /** Exact number of passages in the corpus. */
  passages: number;
  seed?: number;
  /** Share of articles about the story (default 0.4); the rest are general news that may mention it. */
  storyArticles?: number;
}

/** The Markdown text of article `n`, with front matter, as it would sit in the corpus folder. */
function renderArticle(w: Writer, rng: Rng, n: number, story: boolean): string {
  const title = w.headline(story);
  const lines = ['---', `title: ${JSON.stringify(title)}`];
  if (rng.chance(0.9)) lines.push(`outlet: ${JSON.stringify(rng.pick(OUTLETS))}`);
  if (rng.chance(0.7)) lines.push(`author: ${JSON.stringify(w.person())}`);
  if (rng.chance(0.8)) lines.push(`published: 20${rng.int(24, 25)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`);
  lines.push('---', '');
  const storyShare = story ? 0.45 : 0.03;
  const paragraphs = rng.int(4, 14);
  for (let p = 0; p < paragraphs; p++) {
    if (p > 1 && rng.chance(0.08)) lines.push(`## ${rng.pick(SUBHEADINGS)}`, '');
    if (story && rng.chance(0.02)) {
      const [name, handle] = rng.pick(TWEETERS);
      lines.push(`${w.storySentence()}`, `— ${name} (@${handle}) ${rng.pick(MONTHS)} ${rng.int(1, 28)}, 2025`, '');
      continue;
    }
    lines.push(w.paragraph(storyShare), '');
  }
  if (n % 50 === 0) lines.push('Advertisement', '');
  return lines.join('\n');
}

/** A corpus of exactly `options.passages` passages; deterministic for a given seed. */
export function syntheticCorpus(options: SyntheticOptions): Corpus {
  const seed = options.seed ?? 20250407;
  const storyArticles = options.storyArticles ?? 0.4;
  const rng = new Rng(seed);
  const w = new Writer(rng, vocabulary(seed));
  const articles: Article[] = [];
  const passages: Passage[] = [];
  for (let n = 0; passages.length < options.passages; n++) {
    const story = rng.chance(storyArticles);
    const file = `${String(n).padStart(6, '0')}-${story ? 'story' : 'news'}.md`;
    const parsed = parseArticle(file, renderArticle(w, rng, n, story));
    articles.push(parsed.article);
    passages.push(...parsed.passages);
  }
  passages.length = options.passages;
  const used = new Set(passages.map((p) => p.articleId));
  return { dir: `synthetic:${seed}:${options.passages}`, articles: articles.filter((a) => used.has(a.id)), passages };
}
