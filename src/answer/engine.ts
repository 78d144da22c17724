/**
 * The answer engine: question in, verbatim passages with their sources and the
 * one sentence that answers it out, with how sure it is, or an honest "the articles don't say".
 *
 * Candidates come from the BM25+ index; every signal that re-ranks them, picks the
 * sentence and sets the confidence is named and weighted in `ranking.ts`.
 */
import { isTweetAttribution } from '../corpus/passages.js';
import { pickMeta } from '../corpus/frontmatter.js';
import type { Article, Corpus, Passage } from '../corpus/types.js';
import type { Lexicon } from '../lexicon/wordnet.js';
import { impliedAcronyms, learnAcronyms } from '../search/acronyms.js';
import { createAnalyzer, type Acronym } from '../search/analyze.js';
import { PassageIndex, type BuildProgress, type IndexHit, type IndexParts, type TermGroup } from '../search/index.js';
import type { LanguageVerdict } from '../text/english.js';
import { splitSentences, type Span } from '../text/sentences.js';
import { allSteps, type Steps } from '../text/steps.js';
import { overlap, SAME_QUOTE, shingles } from './dedupe.js';
import { agentCue, reportsWords, shapeFit, TextShape, typeFit } from './features.js';
import { questionLanguage, storyWords } from './language.js';
import { analyzeQuestion, NEGATION, type AnalyzedQuestion, type QuestionVocabulary } from './question.js';
import {
  chooseSentence,
  CONFIDENCE_FEATURES,
  CONFIDENCE_INPUTS,
  confidenceInputs,
  decide,
  dot,
  fitName,
  fitSlot,
  nearFitSlot,
  PASSAGE,
  record,
  MODEL,
  PASSAGE_FEATURES,
  SENTENCE_FEATURES,
  SENTENCE_POOL,
  SHORTLIST,
  SHORTLIST_FEATURES,
  SHORTLIST_IN_PASSAGE,
  CANDIDATES,
  sigmoid,
  TOPIC_FEATURES,
  TYPED,
  vector,
  weightVector,
  type ConfidenceFeature,
  type Model,
  type PassageFeature,
  type SentenceFeature,
  type TopicFeature,
} from './ranking.js';
import { Suggester } from './suggest.js';
import type { Answer, RankedPassage, Source } from './types.js';

export interface AskOptions {
  /** How many passages to return (default 3). */
  top?: number;
}

export interface EngineOptions {
  /** Related words for questions (synonyms, derivations); without it, only the words typed count. */
  lexicon?: Lexicon | undefined;
  /** Learned weights; the committed ones by default (training passes its own). */
  model?: Model | undefined;
}

const MAX_SUGGESTIONS = 3;
/** A term that is a number ("2023", "90bn"): what a question asks about by number. */
const isNumberTerm = (term: string) => /^\d/.test(term);
/** A sentence with one of these leans on the one before for what it is about. */
const REFERS_BACK = /\b(?:it|its|they|their|them|he|his|him|she|her|this|these|those)\b/i;
/** Question terms within this many positions count as standing together (a bigram). */
const NEAR = 3;

interface Candidate {
  hit: IndexHit;
  /** Its signals, in PASSAGE_FEATURES order (the sentence-level ones 0 when not shortlisted). */
  features: Float64Array;
  /** Re-ranked by the full passage model; the others have no sentence-level signals and no probability. */
  shortlisted: boolean;
  score: number;
  /** Softmax of the scores over all candidates. */
  probability: number;
  /** Terms of the passage and its heading, for sentence choice (made on first use). */
  readonly terms: Set<string>;
  fit: number;
  sources: Article[];
}

interface SentenceChoice {
  text: string;
  poolIndex: number;
  signals: Record<SentenceFeature, number>;
  features: Float64Array;
  score: number;
  fit: number;
}

/** Everything the engine measured for one question: for `--explain` and for training. */
export interface Inspection {
  question: AnalyzedQuestion;
  candidates: Candidate[];
  /** The passages whose sentences were considered: the top candidates and the best one's neighbours. */
  pool: Candidate[];
  /** Every sentence considered, best first; `poolIndex` says whose. */
  sentences: SentenceChoice[];
  confidence: Record<ConfidenceFeature, number> | undefined;
  topic: Record<TopicFeature, number>;
  onTopic: number;
  right: number;
}

/** Why a passage ranked where it did: for tuning and `ask --explain`. */
export interface Explained {
  passageId: string;
  score: number;
  parts: Record<PassageFeature, number>;
  matched: string[];
}

function sourceOf(article: Article): Source {
  return { id: article.id, ...pickMeta(article) };
}

interface SentenceTerms {
  spans: Span[];
  terms: string[][];
}

/** A bounded memo: the same passages come back question after question. */
class Memo<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string, make: () => V): V {
    let value = this.map.get(key);
    if (value === undefined) {
      value = make();
      if (this.map.size >= this.max) this.map.clear();
      this.map.set(key, value);
    }
    return value;
  }

  /** Takes `other`'s entries that `keep` accepts (up to this memo's size). */
  adopt(other: Memo<V>, keep: (key: string) => boolean): void {
    for (const [key, value] of other.map) {
      if (this.map.size >= this.max) break;
      if (keep(key)) this.map.set(key, value);
    }
  }
}

/** The lexicon's irregular verbs, for the analyzer: the same terms for "proven" and "prove". */
const irregularVerbsOf = (lexicon: Lexicon | undefined) => lexicon && ((word: string) => lexicon.irregularVerb(word));

/** Articles read for acronyms between two steps of a build. */
const ARTICLES_A_STEP = 16;
/** Passages grouped by article (or numbered) between two steps, and titles read for the story's words. */
const PASSAGES_A_STEP = 4096;
const TITLES_A_STEP = 256;

/** Each article's passages, in order, in steps of a few thousand passages. */
function* groupingByArticle(passages: readonly Passage[]): Steps<Map<string, Passage[]>> {
  const byArticle = new Map<string, Passage[]>();
  // An article's passages come one after another: take each run in one slice rather than 100k pushes.
  for (let start = 0, i = 1; start < passages.length; i++) {
    if (i < passages.length && passages[i]!.articleId === passages[start]!.articleId) continue;
    const run = passages.slice(start, i);
    const list = byArticle.get(passages[start]!.articleId);
    if (list) list.push(...run);
    else byArticle.set(passages[start]!.articleId, run);
    if (Math.floor(start / PASSAGES_A_STEP) !== Math.floor(i / PASSAGES_A_STEP)) yield;
    start = i;
  }
  return byArticle;
}

/** The same acronyms with the same long forms, in the same order: an analyzer of either gives the same terms. */
function sameAcronyms(a: readonly Acronym[], b: readonly Acronym[]): boolean {
  return a.length === b.length && a.every((x, i) => x.term === b[i]!.term && x.longForm === b[i]!.longForm && x.stems.join(' ') === b[i]!.stems.join(' '));
}

export class AnswerEngine {
  private readonly articlesById: Map<string, Article>;
  private readonly passagesByArticle: ReadonlyMap<string, Passage[]>;
  private readonly model: Model;
  private readonly weights: { shortlist: Float64Array; passage: Float64Array; sentence: Float64Array; confidence: Float64Array; topic: Float64Array };
  private readonly vocabulary: QuestionVocabulary;
  private readonly lexicon: Lexicon | undefined;
  /** The story's own words, for the English check: found on first use. */
  private ownWords: Set<string> | undefined;
  private suggester: Suggester | undefined;
  private buildingSuggestions = false;
  private readonly shingleCache = new Memo<Set<number>>(2000);
  private readonly sentenceCache = new Memo<SentenceTerms>(2000);
  private readonly shapeCache = new Memo<TextShape>(4000);

  private constructor(
    readonly corpus: Corpus,
    readonly index: PassageIndex,
    options: EngineOptions,
    /** Acronyms the articles use undefined ("dod" for "Department of Defense"): read in questions only, never indexed. */
    readonly impliedAcronyms: readonly Acronym[],
    passagesByArticle?: ReadonlyMap<string, Passage[]>,
  ) {
    const implied = new Map(impliedAcronyms.map((a) => [a.term, a]));
    this.articlesById = new Map(corpus.articles.map((a) => [a.id, a]));
    this.passagesByArticle = passagesByArticle ?? allSteps(groupingByArticle(corpus.passages));
    this.model = options.model ?? MODEL;
    this.weights = {
      shortlist: weightVector(SHORTLIST_FEATURES, this.model.shortlist),
      passage: weightVector(PASSAGE_FEATURES, this.model.passage),
      sentence: weightVector(SENTENCE_FEATURES, this.model.sentence),
      confidence: weightVector(CONFIDENCE_INPUTS, this.model.confidence),
      topic: weightVector(TOPIC_FEATURES, this.model.topic),
    };
    const lexicon = options.lexicon;
    this.lexicon = lexicon;
    this.vocabulary = {
      has: (term) => index.df(term) > 0,
      correct: (term, word) => index.nearestTerm(term, word),
      spelledOut: (term) => implied.get(term),
      related: (word, as) => (lexicon ? lexicon.related(word, as).map((r) => r.word) : []),
      phrasal: (verb, particle) => (lexicon ? lexicon.phrasal(verb, particle) : []),
      isWord: (word) => (lexicon ? lexicon.lemma(word).length > 0 : false),
      relatedWeight: this.model.relatedWeight,
    };
  }

  /** Indexes a corpus; `onProgress` sees the passages indexed so far. */
  static create(corpus: Corpus, onProgress?: (progress: BuildProgress) => void, options: EngineOptions = {}): AnswerEngine {
    return allSteps(AnswerEngine.creating(corpus, options), onProgress);
  }

  /**
   * Indexes a corpus in steps (see `text/steps.ts`).
   * Passages of `previous` found in `corpus` (the same objects, as a refresh keeps for files
   * that did not change) are not analysed again when the acronyms learned are the same, so
   * the terms would be too: the index is the one {@link create} would build, made faster.
   */
  static *creating(corpus: Corpus, options: EngineOptions = {}, previous?: AnswerEngine): Steps<AnswerEngine> {
    // Acronyms article by article (first definition wins, as in one call).
    const acronyms = new Map<string, Acronym>();
    const implied = new Map<string, Acronym>();
    for (const [n, article] of corpus.articles.entries()) {
      for (const acronym of learnAcronyms([article.body])) if (!acronyms.has(acronym.term)) acronyms.set(acronym.term, acronym);
      for (const acronym of impliedAcronyms(article.body)) if (!implied.has(acronym.term)) implied.set(acronym.term, acronym);
      if (n % ARTICLES_A_STEP === ARTICLES_A_STEP - 1) yield;
    }
    const learned = [...acronyms.values()];
    // A defined acronym wins, in any article: "Department of Defense (DOD)" over initials read elsewhere.
    for (const term of acronyms.keys()) implied.delete(term);
    const analyzer = createAnalyzer(learned, irregularVerbsOf(options.lexicon));
    let knownTerms: ((passage: Passage) => string | undefined) | undefined;
    const sameAnalysis = previous !== undefined && sameAcronyms(previous.acronyms, learned);
    if (previous && sameAnalysis) {
      const { index } = previous;
      const docOf = new Map<Passage, number>();
      for (const [doc, passage] of index.passages.entries()) {
        docOf.set(passage, doc);
        if (doc % PASSAGES_A_STEP === PASSAGES_A_STEP - 1) yield;
      }
      knownTerms = (passage) => {
        const doc = docOf.get(passage);
        return doc === undefined ? undefined : index.joinedTermsAt(doc);
      };
    }
    // A refresh changes a few articles: room for the old index's postings and a little more.
    const expected = previous ? Math.ceil(previous.index.postings * 1.05) : 0;
    const index = yield* PassageIndex.building(corpus.passages, analyzer, knownTerms, expected);
    const engine = new AnswerEngine(corpus, index, options, [...implied.values()], yield* groupingByArticle(corpus.passages));
    if (previous) engine.adoptMemos(previous, sameAnalysis);
    return engine;
  }

  /**
   * Takes what `previous` worked out about the passages both hold (the same objects, from files that
   * did not change): their shapes and shingles, and their sentences' terms when the analysis is the
   * same. Otherwise the first questions after a refresh would work all of it out again.
   */
  private adoptMemos(previous: AnswerEngine, sameAnalysis: boolean): void {
    // A passage's id is `${articleId}#${n}`: the n-th of its article's passages.
    const passageWithId = (engine: AnswerEngine, id: string) => engine.passagesOf(id.slice(0, id.lastIndexOf('#')))[Number(id.slice(id.lastIndexOf('#') + 1)) - 1];
    const shared = (id: string) => {
      const passage = passageWithId(this, id);
      return passage !== undefined && passage === passageWithId(previous, id);
    };
    this.shapeCache.adopt(previous.shapeCache, shared);
    this.shingleCache.adopt(previous.shingleCache, shared);
    if (sameAnalysis) this.sentenceCache.adopt(previous.sentenceCache, shared);
  }

  /** An engine from a built index's parts (a snapshot): no text is analysed again. */
  static restore(corpus: Corpus, acronyms: readonly Acronym[], impliedAcronyms: readonly Acronym[], parts: IndexParts, options: EngineOptions = {}): AnswerEngine {
    const index = PassageIndex.fromParts(corpus.passages, createAnalyzer([...acronyms], irregularVerbsOf(options.lexicon)), parts);
    return new AnswerEngine(corpus, index, options, impliedAcronyms);
  }

  /** The same index with other weights: for training and evaluation. */
  withModel(model: Model, lexicon?: Lexicon): AnswerEngine {
    return new AnswerEngine(this.corpus, this.index, { model, lexicon }, this.impliedAcronyms, this.passagesByArticle);
  }

  /** The acronyms learned from the corpus, in the order they were learned. */
  get acronyms(): Acronym[] {
    return [...this.index.analyzer.acronyms.values()];
  }

  get articles(): readonly Article[] {
    return this.corpus.articles;
  }

  article(id: string): Article | undefined {
    return this.articlesById.get(id);
  }

  /** The passages of one article, in order (none for an unknown id). */
  passagesOf(articleId: string): readonly Passage[] {
    return this.passagesByArticle.get(articleId) ?? [];
  }

  /** Answers one question. Never throws for any question string. */
  ask(question: string, options: AskOptions = {}): Answer {
    const top = Number.isFinite(options.top) ? Math.max(1, Math.floor(options.top!)) : 3;
    const seen = this.inspect(question);
    const best = seen.sentences[0];
    const decision = decide(seen.onTopic, seen.right, this.model.thresholds);
    if (decision === 'abstain' || !best) return this.abstain(question, seen.question);
    // The passage holding the answer sentence comes first, so the sentence is always in the passage quoted with it.
    const holder = seen.pool[best.poolIndex]!;
    const kept = [holder, ...seen.candidates.filter((c) => c !== holder)];
    const answer: Answer = {
      question,
      answer: best.text,
      confidence: decision,
      passages: kept.slice(0, top).map((c) => this.toRanked(c)),
    };
    if (decision === 'low') answer.suggestions = this.suggestionsFor(question);
    return answer;
  }

  /**
   * Whether the question reads as English. The story's titles and questions count as English
   * words, so its names and acronyms do. Without a lexicon nothing can be judged: every question is.
   */
  language(question: string): LanguageVerdict {
    if (!this.lexicon) return { english: true, words: 0, known: 0 };
    return questionLanguage(question, this.lexicon, this.ownWords ?? allSteps(this.findingOwnWords()));
  }

  /** The words of the story's titles and suggested questions, found in steps (see `text/steps.ts`). */
  private *findingOwnWords(): Steps<Set<string>> {
    if (!this.ownWords) {
      const words = new Set<string>();
      const titles = this.corpus.articles.map((a) => a.title);
      for (let from = 0; from < titles.length; from += TITLES_A_STEP) {
        for (const word of storyWords(titles.slice(from, from + TITLES_A_STEP))) words.add(word);
        yield;
      }
      for (const word of storyWords((yield* this.findingSuggestions()).questions)) words.add(word);
      this.ownWords = words;
    }
    return this.ownWords;
  }

  /** Finds now, in steps, what the engine would otherwise find on the first question: its suggested questions and its own words. */
  *warming(): Steps<void> {
    yield* this.findingOwnWords();
  }

  /** Every signal measured for a question, before the decision. */
  inspect(question: string): Inspection {
    const q = analyzeQuestion(question, this.index.analyzer, this.vocabulary);
    const candidates = q.groups.length === 0 ? [] : this.mergeSameQuotes(this.rank(q));
    const pool = this.sentencePool(candidates);
    const ranked = this.rankSentences(q, pool);
    const chosen = chooseSentence(ranked, TYPED.includes(q.type), this.model.factMargin);
    const sentences = chosen === 0 ? ranked : [ranked[chosen]!, ...ranked.filter((_, i) => i !== chosen)];
    const topic = this.topicSignals(q, candidates[0]);
    const onTopic = candidates.length === 0 ? 0 : sigmoid(dot(this.weights.topic, vector(TOPIC_FEATURES, topic)));
    const confidence = candidates[0] && sentences[0] ? this.confidenceSignals(q, candidates, pool[sentences[0].poolIndex]!, sentences[0]) : undefined;
    const right = confidence ? sigmoid(dot(this.weights.confidence, confidenceInputs(vector(CONFIDENCE_FEATURES, confidence)))) : 0;
    return { question: q, candidates, pool, sentences, confidence, topic, onTopic, right };
  }

  /** The ranked candidates with their signals, before sentence choice. */
  explain(question: string, limit = 5): { type: string; groups: TermGroup[]; candidates: Explained[]; onTopic: number; right: number } {
    const seen = this.inspect(question);
    const candidates = seen.candidates.slice(0, limit).map((c) => ({
      passageId: c.hit.passage.id,
      score: Math.round(c.score * 1000) / 1000,
      parts: record(PASSAGE_FEATURES, c.features),
      matched: c.hit.matched,
    }));
    return { type: seen.question.type, groups: seen.question.groups, candidates, onTopic: seen.onTopic, right: seen.right };
  }

  private abstain(question: string, q: AnalyzedQuestion): Answer {
    const titles = this.corpus.articles.slice(0, 3).map((a) => a.title);
    const hint =
      q.groups.length === 0
        ? `Ask a question about the story, for example about: ${titles.join('; ')}.`
        : `The articles cover: ${titles.join('; ')}${this.corpus.articles.length > 3 ? `; and ${this.corpus.articles.length - 3} more` : ''}.`;
    const answer: Answer = { question, answer: null, passages: [], hint };
    if (q.groups.length > 0) answer.suggestions = this.suggestionsFor(question);
    return answer;
  }

  /**
   * The questions this corpus answers with confidence (for autocomplete and suggestions),
   * found on first use by asking them.
   */
  get suggestions(): Suggester {
    return this.suggester ?? allSteps(this.findingSuggestions());
  }

  /** {@link suggestions}, found now and in steps (see `text/steps.ts`) rather than on first use. */
  *findingSuggestions(): Steps<Suggester> {
    if (!this.suggester) {
      this.buildingSuggestions = true;
      try {
        this.suggester = yield* Suggester.building(this);
      } finally {
        this.buildingSuggestions = false;
      }
    }
    return this.suggester;
  }

  /** Takes questions already checked to be answerable (a snapshot's) instead of asking them again. */
  adoptSuggestions(questions: readonly string[]): void {
    this.suggester = Suggester.fromQuestions(questions);
  }

  /** Up to three questions the articles answer confidently, close to the one asked. */
  private suggestionsFor(question: string): string[] {
    // While the bank is being built, its own questions are being asked: they get none.
    if (this.buildingSuggestions) return [];
    const typed = question.trim().toLowerCase();
    return this.suggestions.related(question, MAX_SUGGESTIONS).filter((s) => s.toLowerCase() !== typed);
  }

  /** Weight of a question term: its rarity in the corpus. */
  private groupWeight(group: TermGroup): number {
    return this.index.idf(group.term);
  }

  /** Share of the question's weight that `matched` covers, and how much of it came from related words. */
  private coverage(groups: readonly TermGroup[], matched: ReadonlySet<string>): { share: number; related: number; count: number } {
    let total = 0;
    let found = 0;
    let related = 0;
    let count = 0;
    for (const group of groups) {
      const weight = this.groupWeight(group) * group.weight;
      total += weight;
      if (matched.has(group.term)) {
        found += weight;
        count++;
      } else {
        let alt = 0;
        for (const a of group.alternatives) if (a.weight > alt && matched.has(a.term)) alt = a.weight;
        if (alt > 0) {
          found += weight * alt;
          related += weight * alt;
          count += alt;
        }
      }
    }
    return total === 0 ? { share: 0, related: 0, count: 0 } : { share: found / total, related: found === 0 ? 0 : related / found, count: count / groups.length };
  }

  private share(groups: readonly TermGroup[], matched: ReadonlySet<string>): number {
    return this.coverage(groups, matched).share;
  }

  /** Whether a word of a passage is one the question asks about (by its term). */
  private askedBy(groupOf: ReadonlyMap<string, number>): (word: string) => boolean {
    return (word) => {
      const term = this.index.analyzer.terms(word)[0];
      return term !== undefined && groupOf.has(term);
    };
  }

  /** Group number of each term a group matches by. */
  private groupsByTerm(groups: readonly TermGroup[]): Map<string, number> {
    const groupOf = new Map<string, number>();
    groups.forEach((g, i) => {
      groupOf.set(g.term, i);
      for (const alt of g.alternatives) if (!groupOf.has(alt.term)) groupOf.set(alt.term, i);
    });
    return groupOf;
  }

  /**
   * Smallest token window holding every matched group, scored 1 for adjacent terms,
   * toward 0 as they spread; and the share of the question's adjacent pairs standing near each other.
   */
  private closeness(groupOf: ReadonlyMap<string, number>, groupCount: number, terms: readonly string[]): { proximity: number; bigrams: number } {
    const hits: { pos: number; group: number }[] = [];
    terms.forEach((term, pos) => {
      const group = groupOf.get(term);
      if (group !== undefined) hits.push({ pos, group });
    });
    let pairs = 0;
    if (groupCount > 1) {
      for (let g = 0; g + 1 < groupCount; g++) {
        const near = hits.some((a) => a.group === g && hits.some((b) => b.group === g + 1 && Math.abs(b.pos - a.pos) <= NEAR));
        if (near) pairs++;
      }
    }
    const bigrams = groupCount > 1 ? pairs / (groupCount - 1) : 0;
    const distinct = new Set(hits.map((h) => h.group)).size;
    if (distinct < 2) return { proximity: 0, bigrams };
    const counts = new Map<number, number>();
    let covered = 0;
    let best = Infinity;
    for (let right = 0, left = 0; right < hits.length; right++) {
      const g = hits[right]!.group;
      counts.set(g, (counts.get(g) ?? 0) + 1);
      if (counts.get(g) === 1) covered++;
      while (covered === distinct) {
        best = Math.min(best, hits[right]!.pos - hits[left]!.pos + 1);
        const lg = hits[left]!.group;
        counts.set(lg, counts.get(lg)! - 1);
        if (counts.get(lg) === 0) covered--;
        left++;
      }
    }
    return { proximity: distinct / best, bigrams };
  }

  private shapeOf(passage: Passage): TextShape {
    return this.shapeCache.get(passage.id, () => new TextShape(passage.text));
  }

  private sentencesOf(passage: Passage): SentenceTerms {
    return this.sentenceCache.get(passage.id, () => {
      const spans = splitSentences(passage.text);
      return { spans, terms: spans.map((s) => this.index.analyzer.terms(s.text)) };
    });
  }

  /** The passage next to `hit`'s in the same article, if any. */
  private neighbourTerms(hit: IndexHit): string[][] {
    const out: string[][] = [];
    for (const doc of [hit.doc - 1, hit.doc + 1]) {
      const passage = this.index.passages[doc];
      if (passage && passage.articleId === hit.passage.articleId) out.push(this.index.termsAt(doc));
    }
    return out;
  }

  /**
   * Ranks the BM25+ candidates in two stages: cheap signals for all of them pick a
   * shortlist, and only the shortlist is measured sentence by sentence and scored by
   * the full passage model. The rest follow, in stage-1 order, with no probability.
   */
  private rank(q: AnalyzedQuestion): Candidate[] {
    const hits = this.index.find(q.groups, CANDIDATES);
    if (hits.length === 0) return [];
    const maxScore = hits[0]!.score;
    const groupOf = this.groupsByTerm(q.groups);
    const typed = TYPED.includes(q.type);
    const fitAt = fitSlot(q.type);
    const nearAt = nearFitSlot(q.type);
    const measured = hits.map((hit, rank) => {
      const matched = new Set(hit.matched);
      const own = this.coverage(q.groups, matched);
      const { proximity, bigrams } = this.closeness(groupOf, q.groups.length, hit.terms);
      const fit = typed ? shapeFit(q.type, this.shapeOf(hit.passage), q.words) : 0;
      const headingTerms = this.index.headingTerms(hit.passage);
      const features = new Float64Array(PASSAGE_FEATURES.length);
      features[PASSAGE.bm25] = hit.score / maxScore;
      features[PASSAGE.bm25Rank] = 1 / (1 + rank);
      features[PASSAGE.coverage] = own.share;
      features[PASSAGE.matchedShare] = own.count;
      features[PASSAGE.proximity] = proximity;
      features[PASSAGE.bigrams] = bigrams;
      features[PASSAGE.heading] = headingTerms.length > 0 ? this.share(q.groups, new Set(headingTerms)) : 0;
      features[PASSAGE.first] = hit.passage.paragraph === 1 ? 1 : 0;
      features[PASSAGE.synonymShare] = own.related;
      if (fitAt >= 0) features[fitAt] = fit;
      let shortScore = 0;
      for (let i = 0; i < SHORTLIST_IN_PASSAGE.length; i++) shortScore += this.weights.shortlist[i]! * features[SHORTLIST_IN_PASSAGE[i]!]!;
      return { hit, matched, own, fit, features, shortScore, headingTerms };
    });
    measured.sort((a, b) => b.shortScore - a.shortScore);
    const isAsked = this.askedBy(groupOf);
    const candidates = measured.map(({ hit, matched, own, fit, features, shortScore, headingTerms }, place): Candidate => {
      const shortlisted = place < SHORTLIST;
      if (shortlisted) {
        const sentences = this.sentencesOf(hit.passage);
        // The sentence holding most of the question, and whether it holds the asked-for fact too.
        let bestSentence = 0;
        let nearFit = 0;
        sentences.terms.forEach((terms, i) => {
          const share = this.share(q.groups, new Set(terms));
          if (share < bestSentence || share === 0) return;
          const sentenceFit = typed ? typeFit(q.type, sentences.spans[i]!.text, q.words) : 0;
          nearFit = share > bestSentence ? sentenceFit : Math.max(nearFit, sentenceFit);
          bestSentence = share;
        });
        const neighbours = this.neighbourTerms(hit);
        features[PASSAGE.bestSentence] = bestSentence;
        if (neighbours.length > 0) {
          const around = new Set(matched);
          for (const terms of neighbours) for (const term of terms) around.add(term);
          features[PASSAGE.neighbour] = Math.max(0, this.share(q.groups, around) - own.share);
        }
        if (typed && fit === 0) {
          for (const doc of [hit.doc - 1, hit.doc + 1]) {
            const next = this.index.passages[doc];
            if (next && next.articleId === hit.passage.articleId) features[PASSAGE.neighbourFit] = Math.max(features[PASSAGE.neighbourFit]!, shapeFit(q.type, this.shapeOf(next), q.words));
          }
        }
        if (q.type === 'who') features[PASSAGE.agent] = Math.max(0, ...sentences.spans.map((span) => agentCue(span.text, isAsked, q.words)));
        if (typed) features[PASSAGE.decoy] = bestSentence * (1 - nearFit);
        if (nearAt >= 0) features[nearAt] = nearFit;
      }
      const score = shortlisted ? dot(this.weights.passage, features) : shortScore;
      let terms: Set<string> | undefined;
      return {
        hit,
        features,
        shortlisted,
        score,
        probability: 0,
        // Only the few passages whose sentences compete need it.
        get terms() {
          return (terms ??= new Set([...headingTerms, ...hit.terms]));
        },
        fit,
        sources: [this.articlesById.get(hit.passage.articleId)!],
      };
    });
    const shortlist = candidates.slice(0, SHORTLIST).sort((a, b) => b.score - a.score);
    const top = shortlist[0]!.score;
    let sum = 0;
    for (const c of shortlist) sum += Math.exp(c.score - top);
    for (const c of shortlist) c.probability = Math.exp(c.score - top) / sum;
    // The rest rank below the shortlist, in their stage-1 order.
    const floor = Math.min(...shortlist.map((c) => c.score));
    const rest = candidates.slice(SHORTLIST);
    const restTop = rest[0]?.score ?? 0;
    for (const c of rest) c.score = floor - 1 + (c.score - restTop);
    return [...shortlist, ...rest];
  }

  private shinglesOf(passage: Passage): Set<number> {
    return this.shingleCache.get(passage.id, () => shingles(passage.text));
  }

  /** Merges shortlisted candidates that quote the same text (the rest are only listed, so left as they are). */
  private mergeSameQuotes(candidates: Candidate[]): Candidate[] {
    const kept: { candidate: Candidate; shingles: Set<number> }[] = [];
    for (const candidate of candidates.slice(0, SHORTLIST)) {
      const own = this.shinglesOf(candidate.hit.passage);
      const same = kept.find((k) => overlap(k.shingles, own) >= SAME_QUOTE);
      if (same) {
        // One quote in several articles is one answer: its chances add up.
        same.candidate.probability += candidate.probability;
        for (const article of candidate.sources) {
          if (!same.candidate.sources.includes(article)) same.candidate.sources.push(article);
        }
      } else kept.push({ candidate, shingles: own });
    }
    return [...kept.map((k) => k.candidate), ...candidates.slice(SHORTLIST)];
  }

  /**
   * The passages to choose the answer sentence from: the top candidates, and the
   * passages just before and after the best one, where a name or figure often stands
   * when its paragraph was split ("A federal judge denied…" / "Judge X ruled…").
   */
  private sentencePool(candidates: readonly Candidate[]): Candidate[] {
    const pool = candidates.slice(0, SENTENCE_POOL);
    const best = candidates[0];
    if (!best) return pool;
    for (const doc of [best.hit.doc - 1, best.hit.doc + 1]) {
      const passage = this.index.passages[doc];
      if (!passage || passage.articleId !== best.hit.passage.articleId || pool.some((c) => c.hit.doc === doc)) continue;
      const ranked = candidates.find((c) => c.hit.doc === doc);
      pool.push(ranked ?? this.unranked(doc));
    }
    return pool;
  }

  /** A passage that was not among the candidates, as one with no score. */
  private unranked(doc: number): Candidate {
    const passage = this.index.passages[doc]!;
    const terms = this.index.termsAt(doc);
    return {
      hit: { passage, doc, score: 0, matched: [], terms },
      features: new Float64Array(PASSAGE_FEATURES.length),
      shortlisted: false,
      score: 0, // shown with the answer when it holds the sentence, so a finite number
      probability: 0,
      terms: new Set([...this.index.headingTerms(passage), ...terms]),
      fit: 0,
      sources: [this.articlesById.get(passage.articleId)!],
    };
  }

  /** Every sentence of the pool's passages, best first. */
  private rankSentences(q: AnalyzedQuestion, pool: Candidate[]): SentenceChoice[] {
    const out: SentenceChoice[] = [];
    const groupOf = this.groupsByTerm(q.groups);
    const questionTerms = new Set(groupOf.keys());
    const isAsked = this.askedBy(groupOf);
    // "Who tweeted …", "when was it posted": a tweet's attribution line is the answer, and it stands for the tweet.
    const asksWhoPosted = q.type === 'who' || q.type === 'when';
    const fitKey = fitName(q.type);
    pool.forEach((candidate, poolIndex) => {
      const passage = candidate.hit.passage;
      const heading = passage.heading;
      // A passage right under a question heading (an FAQ) answers that question in its first sentence.
      const asked = heading?.endsWith('?') ? this.index.headingTerms(passage) : [];
      const { spans, terms: sentenceTerms } = this.sentencesOf(passage);
      const tweetTerms = passage.kind === 'tweet' ? ['tweet', ...this.index.analyzer.terms(passage.text)] : [];
      // "What did <the account> post": who posted a tweet is part of what its text is about.
      const authorTerms = passage.kind === 'tweet' ? spans.flatMap((span, i) => (isTweetAttribution(span.text) ? sentenceTerms[i]! : [])) : [];
      // The passage around a sentence sets its topic ("It is signed by …"), so its terms count too.
      const inContext = this.share(q.groups, candidate.terms);
      spans.forEach((span, i) => {
        const attribution = isTweetAttribution(span.text);
        if (attribution && !asksWhoPosted) return; // who posted a tweet, not what it says
        const terms = sentenceTerms[i]!;
        const own = new Set([...terms, ...(i === 0 ? asked : [])]);
        if (attribution) for (const t of tweetTerms) own.add(t);
        else if (passage.kind === 'tweet' && !asksWhoPosted) for (const t of ['tweet', ...authorTerms]) own.add(t);
        const inSentence = this.share(q.groups, own);
        const { proximity, bigrams } = this.closeness(groupOf, q.groups.length, terms);
        const distinct = new Set(terms);
        let novel = 0;
        for (const t of distinct) if (!questionTerms.has(t)) novel++;
        const fit = typeFit(q.type, span.text, q.words);
        const signals: Record<SentenceFeature, number> = {
          coverage: inSentence,
          context: Math.max(0, inContext - inSentence),
          referredContext: REFERS_BACK.test(span.text) ? Math.max(0, inContext - inSentence) : 0,
          passage: candidate.probability,
          proximity,
          bigrams,
          novelty: distinct.size === 0 ? 0 : novel / distinct.size,
          question: span.text.endsWith('?') ? 1 : 0,
          short: span.text.length < 30 ? 1 : 0,
          first: i === 0 ? 1 : 0,
          attribution: attribution ? 1 : 0,
          neighbour: poolIndex >= SENTENCE_POOL ? 1 : 0,
          agent: q.type === 'who' ? agentCue(span.text, isAsked, q.words) : 0,
          decoy: TYPED.includes(q.type) ? inSentence * (1 - fit) : 0,
          rescue: 0,
          fitWho: 0,
          fitQuantity: 0,
          fitWhen: 0,
          fitWhere: 0,
          fitWhy: 0,
          fitDefinition: 0,
        };
        if (fitKey) signals[fitKey] = fit;
        out.push({ text: span.text, poolIndex, signals, features: new Float64Array(0), score: 0, fit });
      });
    });
    // When the sentence that matches the question best lacks the asked-for fact, the ones that have it may answer.
    let closest: SentenceChoice | undefined;
    for (const s of out) if (!closest || s.signals.coverage > closest.signals.coverage) closest = s;
    const rescuing = TYPED.includes(q.type) && closest !== undefined && closest.fit === 0;
    for (const s of out) {
      if (rescuing) s.signals.rescue = s.fit;
      s.features = vector(SENTENCE_FEATURES, s.signals);
      s.score = dot(this.weights.sentence, s.features);
    }
    return out.sort((a, b) => b.score - a.score);
  }

  private confidenceSignals(q: AnalyzedQuestion, candidates: Candidate[], best: Candidate, sentence: SentenceChoice): Record<ConfidenceFeature, number> {
    const typed = TYPED.includes(q.type);
    const known = (g: TermGroup) => this.vocabulary.has(g.term) || g.alternatives.some((a) => this.vocabulary.has(a.term));
    const unknown = q.groups.filter((g) => !known(g)).length;
    const inPassage = (g: TermGroup) => best.terms.has(g.term) || g.alternatives.some((a) => best.terms.has(a.term));
    const rarest = this.index.idf('');
    let missingRare = 0;
    let total = 0;
    let elsewhere = 0;
    for (const g of q.groups) {
      const weight = this.groupWeight(g);
      total += weight;
      if (inPassage(g)) continue;
      missingRare = Math.max(missingRare, weight / rarest);
      if (known(g)) elsewhere += weight;
    }
    const sentenceTerms = new Set(this.index.analyzer.terms(sentence.text));
    const sentenceNegated = NEGATION.test(sentence.text);
    // A sentence that refers back ("It is signed by…") lacks none of what its passage says "it" is.
    const referredTerms = REFERS_BACK.test(sentence.text) ? best.terms : new Set<string>();
    const inSentence = (term: string) => sentenceTerms.has(term) || referredTerms.has(term);
    let sentenceMissing = 0;
    for (const g of q.groups) {
      if (!inSentence(g.term) && !g.alternatives.some((a) => inSentence(a.term))) sentenceMissing = Math.max(sentenceMissing, this.groupWeight(g) / rarest);
    }
    return {
      bias: 1,
      probability: candidates[0]!.probability,
      margin: candidates.length > 1 ? candidates[0]!.score - candidates[1]!.score : 1,
      coverage: best.features[PASSAGE.coverage]!,
      matchedShare: best.features[PASSAGE.matchedShare]!,
      sentenceCoverage: sentence.signals.coverage,
      sentenceFit: typed && sentence.fit > 0 ? 1 : 0,
      sentenceReferred: sentence.signals.coverage + sentence.signals.referredContext,
      typedNoFit: typed && sentence.fit === 0 && best.fit === 0 ? 1 : 0,
      unknownShare: unknown / q.groups.length,
      missingRare,
      missingElsewhere: total === 0 ? 0 : elsewhere / total,
      sentenceMissing,
      negation: q.negated === sentenceNegated ? 0 : 1,
      // Apart from `negation`: a sentence saying what did happen rarely answers a question about what did not,
      // while a "not" in the sentence alone is often only a detail ("not just in a dispute with…").
      askedNegation: q.negated && !sentenceNegated ? 1 : 0,
      opposite: this.saysTheOpposite(q.words, sentence.text) ? 1 : 0,
      missingName: q.nameTerms.length === 0 ? 0 : q.nameTerms.filter((t) => !best.terms.has(t)).length / q.nameTerms.length,
      sentenceMissingName: q.nameTerms.length === 0 ? 0 : q.nameTerms.filter((t) => !sentenceTerms.has(t)).length / q.nameTerms.length,
      missingNumber: q.groups.some((g) => isNumberTerm(g.term) && !best.terms.has(g.term)) ? 1 : 0,
      groups: q.groups.length / 10,
      swappedName: this.swappedName(q, sentence.text),
      unsaid: q.asksWhatSaid && !reportsWords(sentence.text) ? 1 : 0,
    };
  }

  /**
   * 1 when a name or number of the question is missing from the sentence and, next to the question word
   * it stands beside in the question, the sentence has another name or number: the sentence is about
   * something else of the same kind, and the question is often one the articles cannot answer.
   */
  private swappedName(q: AnalyzedQuestion, text: string): number {
    const names = new Set(q.nameTerms);
    const named = (group: TermGroup) => names.has(group.term) || isNumberTerm(group.term);
    // Most questions name nothing and give no number: nothing to look for, and no sentence to read.
    if (!q.groups.some(named)) return 0;
    const asked = this.groupsByTerm(q.groups);
    // The sentence's words as terms, each with the question group it matches and whether it is a name or a number.
    const words: { group: number | undefined; proper: boolean }[] = [];
    let opening = true;
    for (const m of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’]*/gu)) {
      const term = this.index.analyzer.terms(m[0])[0];
      // A capital opening the sentence says nothing about a name.
      const proper = /^\p{N}/u.test(m[0]) || (!opening && /^\p{Lu}/u.test(m[0]));
      opening = false;
      if (term !== undefined) words.push({ group: asked.get(term), proper });
    }
    // A name or number the question does not have, next to where the question's word would stand.
    const another = (at: number) => words[at]?.proper === true && words[at].group === undefined;
    const swapped = q.groups.some(
      (g, i) => named(g) && !words.some((w) => w.group === i) && words.some((w, at) => (w.group === i - 1 && another(at + 1)) || (w.group === i + 1 && another(at - 1))),
    );
    return swapped ? 1 : 0;
  }

  /**
   * The sentence uses the opposite (a WordNet antonym) of a word the question uses and
   * it does not: "dependent" asked, "independent" written. Such a sentence is about the
   * question's subject without answering it.
   */
  private saysTheOpposite(questionWords: ReadonlySet<string>, sentence: string): boolean {
    const lexicon = this.lexicon;
    if (!lexicon) return false;
    const formsOf = (word: string) => [word, ...lexicon.lemma(word)];
    const askedForms = [...questionWords].map(formsOf);
    const asked = new Set(askedForms.flat());
    const written = new Set(sentence.toLowerCase().split(/[^\p{L}]+/u).filter(Boolean).flatMap(formsOf));
    for (const forms of askedForms) {
      if (forms.some((form) => written.has(form))) continue;
      if (lexicon.antonyms(forms[0]!).some((opposite) => written.has(opposite) && !asked.has(opposite))) return true;
    }
    return false;
  }

  private topicSignals(q: AnalyzedQuestion, best: Candidate | undefined): Record<TopicFeature, number> {
    let known = 0;
    let weight = 0;
    let knownWeight = 0;
    for (const g of q.groups) {
      const w = this.groupWeight(g) * g.weight;
      weight += w;
      if (this.vocabulary.has(g.term) || g.alternatives.some((a) => this.vocabulary.has(a.term))) {
        known++;
        knownWeight += w;
      }
    }
    const groups = Math.max(1, q.groups.length);
    return {
      bias: 1,
      known: known / groups,
      knownWeight: weight === 0 ? 0 : knownWeight / weight,
      coverage: best?.features[PASSAGE.coverage] ?? 0,
      matchedShare: best?.features[PASSAGE.matchedShare] ?? 0,
      bestSentence: best?.features[PASSAGE.bestSentence] ?? 0,
      groups: q.groups.length / 10,
    };
  }

  private toRanked(candidate: Candidate): RankedPassage {
    const passage: Passage = candidate.hit.passage;
    const sources = candidate.sources.map(sourceOf);
    return {
      text: passage.text,
      source: sources[0]!,
      sources,
      score: Math.round(candidate.score * 1000) / 1000,
      passageId: passage.id,
      paragraph: passage.paragraph,
      start: passage.start,
      end: passage.end,
      kind: passage.kind,
    };
  }
}
