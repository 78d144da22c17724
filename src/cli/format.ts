/** How answers look in a terminal and as JSON lines. */
import type { Answer, Source } from '../answer/types.js';

export function describeSource(source: Source): string {
  const details = [source.outlet, source.author, source.published].filter(Boolean);
  return details.length > 0 ? `${source.title} (${details.join(', ')})` : source.title;
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

/** A readable answer: the sentence, then each quoted passage with its sources. */
export function formatAnswer(answer: Answer): string {
  const lines = [`Q: ${answer.question}`];
  const suggestions = (answer.suggestions ?? []).map((s) => `   - ${s}`);
  const maybeAsk = suggestions.length > 0 ? ['', '   The articles do answer:', ...suggestions] : [];
  if (answer.answer === null) {
    lines.push("A: The articles don't say.");
    if (answer.hint) lines.push(`   ${answer.hint}`);
    lines.push(...maybeAsk);
    return lines.join('\n');
  }
  if (answer.confidence === 'low') lines.push('A: The articles may not say exactly. Closest passage:', '');
  else lines.push(`A: ${answer.answer}`, '');
  answer.passages.forEach((passage, i) => {
    const where = `${passage.source.id}, paragraph ${passage.paragraph}`;
    const also = passage.sources.length > 1 ? ` — in ${passage.sources.length} articles` : '';
    lines.push(`[${i + 1}] ${describeSource(passage.source)} (${where})${also}`);
    lines.push(indent(passage.text, '    │ '));
    for (const other of passage.sources.slice(1)) lines.push(`    also in: ${describeSource(other)} (${other.id})`);
    if (passage.source.url) lines.push(`    ${passage.source.url}`);
  });
  lines.push(...maybeAsk);
  return lines.join('\n');
}

/** One line of JSON per answer: the CLI's stable contract for scripts. */
export function answerToJson(answer: Answer): string {
  return JSON.stringify({
    question: answer.question,
    answer: answer.answer,
    ...(answer.confidence ? { confidence: answer.confidence } : {}),
    passages: answer.passages,
    ...(answer.hint ? { hint: answer.hint } : {}),
    ...(answer.suggestions ? { suggestions: answer.suggestions } : {}),
  });
}
