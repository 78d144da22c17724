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

/** The UTF-8 length of `text` (a lone surrogate counts as U+FFFD, as TextEncoder writes it). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * {@link packUtf8} in steps (see `steps.ts`). Lengths first, then each string written into the one
 * buffer: a Uint8Array per string (100k at 100k passages) cost a 100 ms garbage collection.
 */
export function* packingUtf8(strings: readonly string[]): Steps<PackedStrings> {
  const start = new Uint32Array(strings.length + 1);
  for (let i = 0; i < strings.length; i++) {
    start[i + 1] = start[i]! + utf8Length(strings[i]!);
    if (i % STRINGS_A_STEP === STRINGS_A_STEP - 1) yield;
  }
  const bytes = new Uint8Array(start[strings.length]!);
  const encoder = new TextEncoder();
  for (let i = 0; i < strings.length; i++) {
    encoder.encodeInto(strings[i]!, bytes.subarray(start[i], start[i + 1]));
    if (i % STRINGS_A_STEP === STRINGS_A_STEP - 1) yield;
  }
  return { bytes, start };
}
