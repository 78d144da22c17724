/**
 * Many strings as one UTF-8 buffer with offsets: one allocation the garbage
 * collector never scans, instead of thousands of strings it must copy and mark.
 */
import { TimeSlicer } from '../async/slices.js';

export interface PackedStrings {
  /** String `i` is `bytes[start[i]]` up to `bytes[start[i + 1]]`. */
  bytes: Uint8Array;
  start: Uint32Array;
}

/** Packs `strings`, yielding to the event loop between slices. */
export async function packUtf8(strings: readonly string[], slicer = new TimeSlicer()): Promise<PackedStrings> {
  const encoder = new TextEncoder();
  const start = new Uint32Array(strings.length + 1);
  const chunks = new Array<Uint8Array>(strings.length);
  for (let i = 0; i < strings.length; i++) {
    chunks[i] = encoder.encode(strings[i]);
    start[i + 1] = start[i]! + chunks[i]!.byteLength;
    if ((i & 1023) === 1023) await slicer.maybePause();
  }
  const bytes = new Uint8Array(start[strings.length]!);
  for (let i = 0; i < strings.length; i++) {
    bytes.set(chunks[i]!, start[i]);
    if ((i & 4095) === 4095) await slicer.maybePause();
  }
  return { bytes, start };
}
