import { describe, expect, it } from 'vitest';
import { IngestError } from '../../src/ingest/errors.js';
import { extractArticle, extractText, MIN_TEXT_CHARS, toIsoDate } from '../../src/ingest/extract.js';
import { page } from './server.js';

/** Six short paragraphs (under 140 characters each, so Readability's own test alone would not call the page readable). */
const PROSE_LINES = [
  'The IRS shared records with ICE under an agreement signed in April, officials said on Tuesday.',
  'Officials said the arrangement would continue for now, while lawyers for both agencies review it.',
  'Advocates said the change had already made some immigrants afraid to file their tax returns.',
  'A spokesperson for the Treasury said every request was checked against the law before any data moved.',
  'The agreement has been challenged in court by several groups representing immigrant taxpayers.',
  'A hearing is expected in the autumn, when a judge will consider whether to pause the transfers.',
];
const PROSE = PROSE_LINES.map((p) => `<p>${p}</p>`).join('');

const URL_GIVEN = 'https://news.example.com/politics/2025/07/14/judge-pauses-irs-data-transfers';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).message.startsWith('ingest: ')).toBe(true);
    return (error as IngestError).code;
  }
  return undefined;
}

describe('extractArticle', () => {
  describe('on a news page with JSON-LD and Open Graph metadata', () => {
    const article = extractArticle(page('judge-pauses-transfers.html'), URL_GIVEN);

    it('takes title, outlet, author and date from the page metadata', () => {
      expect(article).toMatchObject({
        title: 'Judge pauses IRS data transfers to ICE pending review',
        outlet: 'The Example Ledger',
        author: 'Maria Okafor',
        published: '2025-07-14',
        url: URL_GIVEN,
        canonicalUrl: URL_GIVEN,
      });
    });

    it('keeps the reporting, in order, as paragraphs separated by blank lines', () => {
      const paragraphs = article.text.split('\n\n');
      expect(paragraphs[0]).toMatch(/^A federal judge on Monday ordered the Internal Revenue Service/);
      expect(paragraphs[1]).toMatch(/^Judge Eleanor Whitcombe of the federal district court/);
      expect(article.text).toContain('"The statute does not permit the government');
      expect(article.text).toContain('## What the order covers');
      expect(article.text).toContain('- Transfers of names, addresses and filing records to ICE are suspended for 30 days.');
      expect(article.text).toContain("> \"We will comply with the court's order");
      expect(paragraphs.at(-1)).toMatch(/^Immigrant advocacy groups that brought the case welcomed the ruling/);
      expect(article.text).not.toMatch(/\n{3,}/);
      for (const p of paragraphs) expect(p).toBe(p.trim());
    });

    it('leaves out navigation, ads, share buttons, newsletter boxes, related links, comments and the footer', () => {
      for (const chrome of [
        'Sign in to your account',
        'Politics\n',
        'SuperWidget',
        'MegaLoans',
        'Advertisement',
        'Share on Facebook',
        'Post on X',
        'Copy link',
        'Tweet',
        'Get the morning briefing',
        'Sign up for our newsletter',
        'Related stories',
        'IRS commissioner resigns over data deal',
        'Log in to join the conversation',
        '© 2025',
        'Privacy policy',
        'We use cookies',
        'By Maria Okafor',
        'July 14, 2025, 9:30',
        'Photo: Example Wire',
        'dataLayer',
      ]) {
        expect(article.text, chrome).not.toContain(chrome);
      }
    });

    it('does not repeat the headline in the text', () => {
      expect(article.text).not.toContain(article.title);
    });
  });

  describe('on a page with plain meta tags, a byline and a <time>', () => {
    const article = extractArticle(page('inspector-general-audit.html'), 'https://daily.example.net/news/watchdog-audit');

    it('takes the author from meta name=author and the date from <time datetime>', () => {
      expect(article).toMatchObject({
        title: 'Watchdog opens audit of IRS–ICE data deal',
        outlet: 'Daily Example',
        author: 'Tom Reyes',
        published: '2025-08-02',
        url: 'https://daily.example.net/news/watchdog-audit',
      });
      expect(article.canonicalUrl).toBeUndefined();
    });

    it('keeps the four paragraphs of reporting and nothing else', () => {
      const paragraphs = article.text.split('\n\n');
      expect(paragraphs).toHaveLength(4);
      expect(paragraphs[1]).toContain('Inspector General Priya Natarajan');
      for (const chrome of ['By Tom Reyes', 'Published', 'Facebook', 'RateHawk', 'Sponsored', 'Read more', 'Most popular', 'bakery', 'Subscribe for $1', 'Obituaries', 'Advertise with us']) {
        expect(article.text, chrome).not.toContain(chrome);
      }
    });
  });

  it('invents no outlet, author or date a page does not state', () => {
    const html = `<html><head><title>Plain page</title></head><body><div class="content"><h1>Plain page about the IRS</h1>${PROSE}</div></body></html>`;
    const article = extractArticle(html, 'https://plain.example.org/a');
    expect(article.title).toBe('Plain page about the IRS');
    expect(article.outlet).toBeUndefined();
    expect(article.author).toBeUndefined();
    expect(article.published).toBeUndefined();
  });

  it('uses the canonical link when no URL is given (a saved page)', () => {
    expect(extractArticle(page('judge-pauses-transfers.html')).url).toBe(URL_GIVEN);
  });

  it('refuses a page with too little text with no-text', () => {
    expect(codeOf(() => extractArticle(page('short-item.html'), 'https://news.example.com/short'))).toBe('no-text');
  });

  it('refuses a front page of headlines with not-article', () => {
    expect(codeOf(() => extractArticle(page('front-page.html'), 'https://news.example.com/'))).toBe('not-article');
  });

  it('refuses an empty document and a login form with not-article', () => {
    expect(codeOf(() => extractArticle('', 'https://x.example.com/'))).toBe('not-article');
    expect(
      codeOf(() => extractArticle('<html><body><form><label>Email</label><input><button>Log in</button></form></body></html>', 'https://x.example.com/')),
    ).toBe('not-article');
  });

  it('reads several authors from JSON-LD', () => {
    const ld = JSON.stringify({ '@type': ['NewsArticle'], headline: 'Two reporters', datePublished: '2025-05-01', author: [{ name: 'A. One' }, { name: 'B. Two' }], publisher: { name: 'Example Wire' } });
    const html = `<html><head><script type="application/ld+json">${ld}</script></head><body><article>${PROSE}</article></body></html>`;
    expect(extractArticle(html, 'https://wire.example.com/x')).toMatchObject({ title: 'Two reporters', author: 'A. One and B. Two', outlet: 'Example Wire', published: '2025-05-01' });
  });
});

describe('toIsoDate', () => {
  it.each([
    ['2025-07-14T09:30:00-04:00', '2025-07-14'],
    ['2025-07-14', '2025-07-14'],
    ['Mon, 14 Jul 2025 13:30:00 GMT', '2025-07-14'],
    ['2025-02-30', undefined],
    ['yesterday', undefined],
    ['', undefined],
    ['1850-01-01', undefined],
  ])('%s → %s', (input, want) => {
    expect(toIsoDate(input)).toBe(want);
  });
});

describe('extractText', () => {
  it('takes a .txt file as is, its first line as the title (not repeated in the text)', () => {
    const article = extractText('taxpayer-advocate-report.txt', Buffer.from(page('taxpayer-advocate-report.txt')));
    expect(article.title).toBe('Taxpayer advocate warns data sharing deters filing');
    expect(article.text.startsWith('The National Taxpayer Advocate told Congress')).toBe(true);
    expect(article.outlet).toBeUndefined();
  });

  it('keeps valid front matter of a .md file', () => {
    const md = `---\ntitle: "Advocate: filings fell"\noutlet: Example Wire\npublished: 2025-09-01\nurl: https://wire.example.com/advocate\n---\n${page('taxpayer-advocate-report.txt')}`;
    expect(extractText('advocate.md', md)).toMatchObject({
      title: 'Advocate: filings fell',
      outlet: 'Example Wire',
      published: '2025-09-01',
      url: 'https://wire.example.com/advocate',
    });
  });

  it('refuses broken front matter with bad-file and says why', () => {
    let message = '';
    try {
      extractText('x.md', `---\ntitle: ok\nsubtitle: unknown key\n---\n${page('taxpayer-advocate-report.txt')}`);
    } catch (error) {
      expect((error as IngestError).code).toBe('bad-file');
      message = (error as Error).message;
    }
    expect(message).toMatch(/^ingest: the file \S+ cannot be used: front matter: .*subtitle/);
  });

  it('reads an .html attachment through extractArticle', () => {
    expect(extractText('saved.html', page('judge-pauses-transfers.html')).author).toBe('Maria Okafor');
  });

  it('refuses other kinds of file, binary files and short text', () => {
    expect(codeOf(() => extractText('photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47])))).toBe('bad-file');
    expect(codeOf(() => extractText('story.pdf', 'text'))).toBe('bad-file');
    expect(codeOf(() => extractText('story.txt', Buffer.from([0x61, 0x00, 0x62])))).toBe('bad-file');
    expect(codeOf(() => extractText('story.txt', 'Short headline here\n\nToo short.'))).toBe('no-text');
    expect(codeOf(() => extractText('story.txt', ''))).toBe('no-text');
    expect(MIN_TEXT_CHARS).toBe(200);
  });
});

describe('page furniture in the article text', () => {
  const wrap = (paragraphs: string[]) =>
    `<html><head><meta property="og:type" content="article"><meta property="og:title" content="Furniture test"></head><body><article>${[...paragraphs, ...PROSE_LINES].map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;

  it('drops share, subscribe, byline and time-stamp lines', () => {
    const chrome = ['Advertisement', 'Share this article', 'Subscribe now', 'Sign up for our newsletter', 'By Jane Doe', 'Updated 3:05 p.m. ET', 'Published 2 hours ago', 'July 14, 2025', 'Photo: Example Wire', 'Related: IRS chief resigns'];
    const text = extractArticle(wrap(chrome), 'https://x.example.com/a').text;
    for (const line of chrome) expect(text, line).not.toContain(line);
  });

  it('keeps reporting that merely starts like furniture', () => {
    const reporting = ['Updated figures were released on Tuesday.', 'Published reports suggest the deal was signed in April.', 'By contrast, the Treasury said nothing.', 'Related costs rose sharply last year.', 'Recommended changes were ignored by Congress.'];
    const text = extractArticle(wrap(reporting), 'https://x.example.com/a').text;
    for (const line of reporting) expect(text, line).toContain(line);
  });
});
