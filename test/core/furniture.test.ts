import { describe, expect, it } from 'vitest';
import { segmentArticle } from '../../src/corpus/passages.js';
import { extractArticle } from '../../src/ingest/extract.js';

const PROSE = [
  'The IRS shared records with ICE under an agreement signed in April, officials said on Tuesday.',
  'Officials said the arrangement would continue for now, while lawyers for both agencies review it.',
  'Advocates said the change had already made some immigrants afraid to file their tax returns.',
  'A spokesperson for the Treasury said every request was checked against the law before any data moved.',
];

/** Furniture that once only one side knew: the first three only passage splitting, the last three only extraction. */
const FURNITURE = ['See the tweet below!', 'Listen To Story Above', 'Quick Takes', 'Most read this week', 'By Jane Doe', 'Updated 3:05 p.m. ET'];

describe('page furniture, one list for extraction and passages', () => {
  it.each(FURNITURE)('"%s" is left out of a page and out of a file\'s passages', (line) => {
    const html = `<html><head><title>IRS and ICE</title><meta property="og:type" content="article"></head><body><article><h1>IRS and ICE</h1>${[PROSE[0], line, ...PROSE.slice(1)].map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
    const { text } = extractArticle(html, 'https://example.com/news/irs-ice');
    expect(text).not.toContain(line);
    expect(text).toContain(PROSE[3]);

    const body = [PROSE[0], line, ...PROSE.slice(1)].join('\n\n');
    const { passages, skipped } = segmentArticle('a', body);
    expect(passages.map((p) => p.text)).toEqual(PROSE);
    expect(skipped).toEqual([expect.objectContaining({ text: line, reason: 'furniture' })]);
  });

  it('leaves out the links under a "Sources:" heading in a page as in a file', () => {
    const links = ['IRS and DHS reach historic deal', 'Head of IRS to resign in protest'];
    const html = `<html><head><title>IRS and ICE</title><meta property="og:type" content="article"></head><body><article><h1>IRS and ICE</h1>${PROSE.map((p) => `<p>${p}</p>`).join('')}<h2>Sources</h2><ul>${links.map((l) => `<li>${l}</li>`).join('')}</ul></article></body></html>`;
    const { text } = extractArticle(html, 'https://example.com/news/irs-ice');
    for (const link of links) expect(text).not.toContain(link);

    const { passages } = segmentArticle('a', [...PROSE, '## Sources', ...links.map((l) => `- ${l}`)].join('\n\n'));
    expect(passages.map((p) => p.text)).toEqual(PROSE);
  });
});
