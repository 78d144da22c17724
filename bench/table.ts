/**
 * Markdown tables for benchmark output: columns padded so the raw text reads
 * as well as the rendered table.
 */

export type Align = 'left' | 'right';

export interface Column {
  header: string;
  align?: Align;
}

/** A Markdown table. Cells are used as given; `|` inside a cell is escaped. */
export function markdownTable(columns: readonly (Column | string)[], rows: readonly (readonly string[])[]): string {
  const cols = columns.map((c): Required<Column> => (typeof c === 'string' ? { header: c, align: 'right' } : { align: 'right', ...c }));
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const body = rows.map((row) => cols.map((_, i) => cell(row[i] ?? '')));
  const widths = cols.map((c, i) => Math.max(3, cell(c.header).length, ...body.map((r) => r[i]!.length)));
  const pad = (text: string, i: number) => (cols[i]!.align === 'left' ? text.padEnd(widths[i]!) : text.padStart(widths[i]!));
  const line = (cells: string[]) => `| ${cells.map(pad).join(' | ')} |`;
  const rule = `| ${cols.map((c, i) => (c.align === 'left' ? `:${'-'.repeat(widths[i]! - 1)}` : `${'-'.repeat(widths[i]! - 1)}:`)).join(' | ')} |`;
  return [line(cols.map((c) => cell(c.header))), rule, ...body.map(line)].join('\n');
}

/** Milliseconds with a precision that suits their size: 0.084, 3.21, 45.6, 7512. */
export function ms(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  if (value < 1) return value.toFixed(3);
  if (value < 10) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return value.toFixed(0);
}

/** A ratio such as 23.4× or 0.81×. */
export function ratio(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return `${value >= 10 ? value.toFixed(1) : value.toFixed(2)}×`;
}

/** An integer with thousands separators: 100,000. */
export function int(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  return Math.round(value).toLocaleString('en-US');
}

export const passFail = (pass: boolean): string => (pass ? 'PASS' : 'FAIL');
