/** What every bench section returns, so run.ts can print sections it does not know about. */

export interface TargetResult {
  /** What is promised, e.g. "storydesk answer p99 ≤ 10 ms at 100k". */
  target: string;
  /** The measured value, as shown. */
  measured: string;
  pass: boolean;
}

export interface SectionReport {
  title: string;
  /** Markdown blocks (tables, notes), printed in order with blank lines between. */
  blocks: string[];
  targets: TargetResult[];
}

export interface BenchOptions {
  /** Skip the slow parts (the 100k corpus). */
  quick: boolean;
  /** Folder of the real corpus. */
  corpusDir: string;
  /** Progress for the person waiting, on stderr; stdout carries only the report. */
  progress: (message: string) => void;
}

export interface Section {
  name: string;
  run(options: BenchOptions): Promise<SectionReport>;
}
