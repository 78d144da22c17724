/**
 * Many strings as one UTF-8 buffer with offsets: one allocation the garbage
 * collector never scans, instead of thousands of strings it must copy and mark.
 */
export interface PackedStrings {
  /** String `i` is `bytes[start[i]]` up to `bytes[start[i + 1]]`. */
  bytes: Uint8Array;
  start: Uint32Array;
}

/** Packs `strings` into one buffer. */
export function packUtf8(strings: readonly string[]): PackedStrings {
  const encoder = new TextEncoder();
  const start = new Uint32Array(strings.length + 1);
  const chunks = new Array<Uint8Array>(strings.length);
  for (let i = 0; i < strings.length; i++) {
    chunks[i] = encoder.encode(strings[i]);
    start[i + 1] = start[i]! + chunks[i]!.byteLength;
  }
  const bytes = new Uint8Array(start[strings.length]!);
  for (let i = 0; i < strings.length; i++) {
    bytes.set(chunks[i]!, start[i]);
  }
  return { bytes, start };
}
