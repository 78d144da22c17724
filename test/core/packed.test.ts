import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packUtf8 } from '../../src/text/packed.js';

const unpack = ({ bytes, start }: ReturnType<typeof packUtf8>, i: number) => bytes.subarray(start[i], start[i + 1]);

describe('packUtf8', () => {
  it('holds each string as TextEncoder encodes it, whatever its characters', () => {
    const strings = ['', 'plain', 'café', '漢字', 'tax 💸 data', 'lone \ud800 surrogate', '\udc00', 'end \ud83d'];
    const packed = packUtf8(strings);
    strings.forEach((text, i) => expect([...unpack(packed, i)], JSON.stringify(text)).toEqual([...new TextEncoder().encode(text)]));
  });

  it('packs any strings back to back (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' })), (strings) => {
        const packed = packUtf8(strings);
        const encoder = new TextEncoder();
        expect(packed.start.length).toBe(strings.length + 1);
        strings.forEach((text, i) => expect([...unpack(packed, i)]).toEqual([...encoder.encode(text)]));
      }),
    );
  });
});
