/**
 * Many strings as one UTF-8 buffer with offsets: one allocation the garbage
 * collector never scans, instead of thousands of strings it must copy and mark.
 */
import { allSteps, type Steps } from './steps.js';

export interface PackedStrings {
  /** String `i` is `bytes[start[i]]` up to `bytes[start[i + 1]]`. */
  bytes: Uint8Array;
  start: Uint32Array;
}

/** Packs `strings` into one buffer. */
export function packUtf8(strings: readonly string[]): PackedStrings {
  return allSteps(packingUtf8(strings));
}

/** Strings encoded between two steps of {@link packingUtf8}. */
const STRINGS_A_STEP = 2048;

/** {@link packUtf8} in steps (see `steps.ts`). */
export function* packingUtf8(strings: readonly string[]): Steps<PackedStrings> {
  const encoder = new TextEncoder();
  const start = new Uint32Array(strings.length + 1);
  const chunks = new Array<Uint8Array>(strings.length);
  for (let i = 0; i < strings.length; i++) {
    chunks[i] = encoder.encode(strings[i]);
    start[i + 1] = start[i]! + chunks[i]!.byteLength;
    if (i % STRINGS_A_STEP === STRINGS_A_STEP - 1) yield;
  }
  const bytes = new Uint8Array(start[strings.length]!);
  for (let i = 0; i < strings.length; i++) {
    bytes.set(chunks[i]!, start[i]);
    if (i % (8 * STRINGS_A_STEP) === 8 * STRINGS_A_STEP - 1) yield;
  }
  return { bytes, start };
}
