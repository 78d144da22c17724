import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_PASSAGE_CHARS, segmentArticle, type SegmentedArticle } from '../../src/corpus/passages.js';
import type { Article } from '../../src/corpus/types.js';
import { splitSentences } from '../../src/text/sentences.js';
import { loadRealCorpus } from './helpers.js';

const FURNITURE_LINES = [
  'See the tweet below!',
  'Listen To Story Above',
  'Quick Takes',
  'Sources:',
  'IRS and DHS reach historic deal to aid in pursuit of illegal immigrants subject to deportation',
  'Head of IRS to resign in protest as agency inks deal to share tax data on illegal immigrants with DHS',
  'IRS Agrees to Share Data With Homeland Security on Illegal Immigrants',
];

describe('segmentArticle', () => {
  describe('when splitting the real articles', () => {
    let articles: Article[];
    let segmented: Map<string, SegmentedArticle>;
    beforeAll(async () => {
      articles = (await loadRealCorpus()).corpus.articles;
      segmented = new Map(articles.map((a) => [a.id, segmentArticle(a.id, a.body)]));
    });
    const all = () => [...segmented.values()].flatMap((s) => s.passages);
    const inArticle = (id: string) => segmented.get(id)!.passages;

    it('quotes every passage exactly as it stands in the article body', () => {
      for (const article of articles) {
        for (const p of segmented.get(article.id)!.passages) expect(article.body.slice(p.start, p.end)).toBe(p.text);
      }
      expect(all().length).toBeGreaterThan(50);
    });

    it('gives the same passages as the corpus loader', async () => {
      expect(all()).toEqual((await loadRealCorpus()).corpus.passages);
    });

    it(`keeps every passage within ${MAX_PASSAGE_CHARS} characters`, () => {
      expect(MAX_PASSAGE_CHARS).toBe(700);
      for (const p of all()) expect(p.text.length, p.id).toBeLessThanOrEqual(700);
    });

    it('numbers passages from 1 within each article', () => {
      for (const [id, { passages }] of segmented) {
        expect(passages.map((p) => p.id)).toEqual(passages.map((_, i) => `${id}#${i + 1}`));
      }
    });

    it('never quotes page furniture or the source list under "Sources:"', () => {
      for (const line of FURNITURE_LINES) {
        for (const p of all()) expect(p.text, `${p.id} quotes "${line}"`).not.toContain(line);
      }
    });

    it('records the furniture it left out as skipped', () => {
      const furniture = [...segmented.values()].flatMap((s) => s.skipped.filter((k) => k.reason === 'furniture').map((k) => k.text));
      expect(furniture.sort()).toEqual([...FURNITURE_LINES].sort());
    });

    it('keeps an embedded tweet together with its attribution line as one tweet passage', () => {
      const fox = all().filter((p) => p.text.includes('— Fox News (@FoxNews) March 28, 2025'));
      expect(fox).toHaveLength(1);
      expect(fox[0]!.kind).toBe('tweet');
      expect(fox[0]!.text.startsWith('‘UNPRECEDENTED’: The potential deal would allow ICE')).toBe(true);
      expect(fox[0]!.text.endsWith('\n— Fox News (@FoxNews) March 28, 2025')).toBe(true);
    });

    it('turns every tweet in the corpus into one tweet passage with its text and attribution', () => {
      const tweets = all().filter((p) => p.kind === 'tweet');
      expect(tweets.map((p) => [p.articleId, p.text.split('\n').at(-1)])).toEqual([
        ['001-irs-ice-memorandum-privacy-concerns', '— Fox News (@FoxNews) March 28, 2025'],
        ['002-irs-sending-private-tax-files', '— Robbie Mouton (@mcgmouton57) April 8, 2025'],
        ['002-irs-sending-private-tax-files', '— Pop Base (@PopBase) April 8, 2025'],
        ['004-irs-dhs-historic-agreement-commissioner-resigns', '— Pop Base (@PopBase) April 8, 2025'],
      ]);
      for (const tweet of tweets) expect(tweet.text.split('\n')).toHaveLength(2);
      // No attribution line is left to stand on its own.
      for (const p of all().filter((q) => q.kind === 'text')) expect(p.text).not.toMatch(/\(@\w+\) [A-Z][a-z]+ \d{1,2}, \d{4}/);
    });

    it('does not quote headings, but gives them as the heading of the passages below', () => {
      const headings = [
        'Historic Agreement Between IRS and DHS Targets Illegal Immigrants',
        'IRS Leadership Crisis Erupts Over Data-Sharing Deal',
        'Legal Challenges and Privacy Safeguards',
      ];
      const passages = inArticle('004-irs-dhs-historic-agreement-commissioner-resigns');
      for (const heading of headings) {
        for (const p of all()) expect(p.text).not.toContain(heading);
      }
      const under = (start: string) => passages.find((p) => p.text.startsWith(start))?.heading;
      expect(under('The IRS and DHS have finalized a historic')).toBeUndefined();
      expect(under('A memorandum of understanding between DHS and IRS now allows')).toBeUndefined();
      expect(under('The Department of Homeland Security (DHS) and the Internal Revenue Service')).toBe(headings[0]);
      expect(under('The Treasury Department has defended the agreement')).toBe(headings[0]);
      expect(under('The IRS has agreed to share immigrants’ tax information')).toBe(headings[0]);
      expect(under('The controversial agreement has already sparked')).toBe(headings[1]);
      expect(under('Internal legal experts at the IRS')).toBe(headings[1]);
      expect(under('Immigrant advocacy groups moved quickly')).toBe(headings[2]);
      expect(under('According to court filings')).toBe(headings[2]);
    });

    it('treats the questions of an FAQ as headings of their answers', () => {
      const passages = inArticle('000-irs-begins-sharing-taxpayer-data');
      const faq = passages.filter((p) => p.heading !== undefined).map((p) => [p.heading, p.text.slice(0, 40)]);
      expect(faq).toEqual([
        ['What type of taxpayer information is the IRS sharing with ICE?', 'The IRS is sharing names, addresses, and'],
        ['Why is the IRS sharing this information with ICE?', 'The sharing of information is part of an'],
        ["What has been the response to the IRS's agreement with ICE?", 'The agreement has led to internal confli'],
      ]);
      for (const p of passages) expect(p.text).not.toContain('Impact of IRS Data Sharing with ICE');
    });

    it('treats a headline on the first line as the heading of the whole article', () => {
      const passages = inArticle('002-irs-sending-private-tax-files');
      expect(passages[0]!.text.startsWith('The Internal Revenue Service has reached an agreement')).toBe(true);
      for (const p of passages) expect(p.heading).toBe('IRS sending private tax files to immigration officers');
    });

    it('quotes a list item without its list marker', () => {
      const item = inArticle('004-irs-dhs-historic-agreement-commissioner-resigns').find((p) => p.text.includes('Melanie Krause has resigned'));
      expect(item?.text.startsWith('Acting IRS Commissioner Melanie Krause has resigned')).toBe(true);
    });
  });

  describe('when given generated articles (property)', () => {
    const letters = 'abcdefghijklmnopqrstuvwxyz'.split('');
    const word = (minLength: number) => fc.string({ unit: fc.constantFrom(...letters), minLength, maxLength: 10 });
    // The last word has 7+ letters so no sentence ends in an abbreviation like "no." or "est.",
    // which `splitSentences` would (rightly) not treat as a sentence end.
    const sentence = (minWords: number, maxWords: number) =>
      fc
        .tuple(word(2), fc.array(word(1), { minLength: minWords, maxLength: maxWords }), word(7), fc.constantFrom('.', '!', '?', '.', '.'))
        .map(([first, middle, last, stop]) => `${first[0]!.toUpperCase()}${first.slice(1)} ${[...middle, last].join(' ')}${stop}`);
    const anySentence = fc.oneof({ arbitrary: sentence(0, 15), weight: 4 }, { arbitrary: sentence(30, 58), weight: 1 });
    const paragraph = fc
      .oneof(fc.array(anySentence, { minLength: 1, maxLength: 4 }), fc.array(anySentence, { minLength: 6, maxLength: 14 }))
      .map((s) => s.join(' '));
    const separator = fc.constantFrom('\n', '\n\n', '\r\n', '\n\n\n', '\n  \n');
    const indent = fc.constantFrom('', '', '', '  ', '\t');

    interface Generated {
      body: string;
      paragraphs: { start: number; end: number; text: string }[];
    }
    const article: fc.Arbitrary<Generated> = fc
      .array(fc.tuple(indent, paragraph, separator), { minLength: 1, maxLength: 8 })
      .map((parts) => {
        let body = '';
        const paragraphs: Generated['paragraphs'] = [];
        for (const [lead, text, sep] of parts) {
          body += lead;
          paragraphs.push({ start: body.length, end: body.length + text.length, text });
          body += text + sep;
        }
        return { body, paragraphs };
      });

    const runs = { numRuns: 150 };

    it('puts every non-blank character in a passage or a skipped span', () => {
      fc.assert(
        fc.property(article, ({ body }) => {
          const { passages, skipped } = segmentArticle('gen', body);
          const spans = [...passages, ...skipped];
          for (let i = 0; i < body.length; i++) {
            if (/\s/.test(body[i]!)) continue;
            if (!spans.some((s) => s.start <= i && i < s.end)) {
              throw new Error(`character ${i} (${JSON.stringify(body.slice(Math.max(0, i - 20), i + 20))}) is in no passage and no skipped span`);
            }
          }
        }),
        runs,
      );
    });

    it(`never makes a passage longer than ${MAX_PASSAGE_CHARS} characters`, () => {
      fc.assert(
        fc.property(article, ({ body }) => {
          for (const p of segmentArticle('gen', body).passages) expect(p.text.length).toBeLessThanOrEqual(MAX_PASSAGE_CHARS);
        }),
        runs,
      );
    });

    it('never cuts a passage inside a sentence', () => {
      fc.assert(
        fc.property(article, ({ body, paragraphs }) => {
          for (const p of segmentArticle('gen', body).passages) {
            const para = paragraphs.find((q) => q.start <= p.start && p.start < q.end);
            expect(para, `passage ${p.id} starts outside every paragraph`).toBeDefined();
            expect(p.end).toBeLessThanOrEqual(para!.end);
            const sentences = splitSentences(para!.text);
            const starts = new Set([para!.start, ...sentences.map((s) => para!.start + s.start)]);
            const ends = new Set([para!.end, ...sentences.map((s) => para!.start + s.end)]);
            expect(starts.has(p.start), `passage ${p.id} starts mid-sentence: ${JSON.stringify(p.text.slice(0, 40))}`).toBe(true);
            expect(ends.has(p.end), `passage ${p.id} ends mid-sentence: ${JSON.stringify(p.text.slice(-40))}`).toBe(true);
          }
        }),
        runs,
      );
    });

    it('keeps a paragraph that fits in one passage whole', () => {
      fc.assert(
        fc.property(article, ({ body, paragraphs }) => {
          const { passages } = segmentArticle('gen', body);
          for (const para of paragraphs.filter((q) => q.text.length <= MAX_PASSAGE_CHARS)) {
            const inside = passages.filter((p) => para.start <= p.start && p.start < para.end);
            expect(inside.length).toBeLessThanOrEqual(1);
            if (inside.length === 1) expect(inside[0]!.text).toBe(para.text);
          }
        }),
        runs,
      );
    });

    it('gives offsets that point exactly at the quoted text', () => {
      fc.assert(
        fc.property(article, ({ body }) => {
          const { passages, skipped } = segmentArticle('gen', body);
          for (const p of passages) expect(body.slice(p.start, p.end)).toBe(p.text);
          for (const s of skipped) expect(body.slice(s.start, s.end)).toBe(s.text);
        }),
        runs,
      );
    });
  });
});

describe('splitSentences on hard-wrapped text (regression)', () => {
  it('does not end a sentence at a line break inside a paragraph', async () => {
    const { splitSentences } = await import('../../src/text/sentences.js');
    const spans = splitSentences('The council met to discuss the proposed\nbudget for the new bridge. It passed.');
    expect(spans.map((s) => s.text)).toEqual(['The council met to discuss the proposed\nbudget for the new bridge.', 'It passed.']);
  });
});
