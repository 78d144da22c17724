/** An article the e2e tests add: a fact no original article has, so answers from it prove the change landed. */
export const LIGHTHOUSE_TITLE = 'IRS hires a lighthouse keeper named Orla Fenwick';
export const LIGHTHOUSE_QUESTION = 'Who is the lighthouse keeper hired by the IRS?';

/** The article as a corpus file; `extra` adds front-matter lines such as `outlet: "…"`. */
export function lighthouseArticle(extra: string[] = []): string {
  return `---
title: "${LIGHTHOUSE_TITLE}"
${[...extra, 'published: 2025-05-02'].join('\n')}
---
The IRS announced on Friday that it had hired a lighthouse keeper, Orla Fenwick, to run its new coastal records office in Portland.
Fenwick said the office would open in the autumn and employ about forty clerks.
`;
}
