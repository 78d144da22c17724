/**
 * Which IP addresses a moderator's link may lead to. Only public unicast
 * addresses are fetched by default: a link must not make the bot reach into
 * the machine it runs on or the network around it (SSRF).
 */
import { isIP } from 'node:net';

export type AddressKind =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'unique-local'
  | 'multicast'
  | 'reserved'
  | 'invalid';

type Rule = readonly [prefix: string, bits: number, kind: AddressKind];

const V4_RULES: readonly Rule[] = [
  ['0.0.0.0', 8, 'unspecified'], // "this network"
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'cgnat'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments
  ['192.0.2.0', 24, 'reserved'], // documentation
  ['192.88.99.0', 24, 'reserved'], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'], // benchmarking
  ['198.51.100.0', 24, 'reserved'], // documentation
  ['203.0.113.0', 24, 'reserved'], // documentation
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'], // future use, and 255.255.255.255 broadcast
];

const V6_RULES: readonly Rule[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::', 96, 'reserved'], // IPv4-compatible (deprecated)
  ['64:ff9b:1::', 48, 'reserved'], // local-use NAT64
  ['100::', 64, 'reserved'], // discard-only
  ['2001:db8::', 32, 'reserved'], // documentation
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'reserved'], // site-local (deprecated)
  ['ff00::', 8, 'multicast'],
];

function parseV4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i]!;
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    bytes[i] = n;
  }
  return bytes;
}

function parseV6(text: string): Uint8Array | undefined {
  let rest = text.replace(/%.*$/, ''); // zone id: fe80::1%eth0
  const bytes = new Uint8Array(16);
  let tail: Uint8Array | undefined;
  const lastColon = rest.lastIndexOf(':');
  if (rest.includes('.', lastColon)) {
    tail = parseV4(rest.slice(lastColon + 1));
    if (!tail) return undefined;
    rest = `${rest.slice(0, lastColon + 1)}0:0`;
  }
  const halves = rest.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groupsOf(halves[0]!);
  const back = halves.length === 2 ? groupsOf(halves[1]!) : [];
  const missing = 8 - head.length - back.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...back];
  for (let i = 0; i < 8; i++) {
    const g = groups[i]!;
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined;
    const n = parseInt(g, 16);
    bytes[i * 2] = n >> 8;
    bytes[i * 2 + 1] = n & 0xff;
  }
  if (tail) bytes.set(tail, 12);
  return bytes;
}

function matches(bytes: Uint8Array, prefix: Uint8Array, bits: number): boolean {
  for (let i = 0; i < bits; i++) {
    const byte = i >> 3;
    const mask = 0x80 >> (i & 7);
    if ((bytes[byte]! & mask) !== (prefix[byte]! & mask)) return false;
  }
  return true;
}

const V4 = V4_RULES.map(([p, bits, kind]) => [parseV4(p)!, bits, kind] as const);
const V6 = V6_RULES.map(([p, bits, kind]) => [parseV6(p)!, bits, kind] as const);

function classifyV4(bytes: Uint8Array): AddressKind {
  for (const [prefix, bits, kind] of V4) if (matches(bytes, prefix, bits)) return kind;
  return 'public';
}

const MAPPED = parseV6('::ffff:0:0')!; // ::ffff:a.b.c.d, IPv4-mapped
const NAT64 = parseV6('64:ff9b::')!; // 64:ff9b::a.b.c.d, well-known NAT64 prefix
const SIX_TO_FOUR = parseV6('2002::')!; // 2002:aabb:ccdd::, 6to4

/**
 * What kind of address `ip` is (IPv4 or IPv6 text, with or without brackets or a
 * zone id). An IPv6 address that carries an IPv4 address (mapped, NAT64, 6to4)
 * is judged by the IPv4 address it leads to.
 */
export function classifyAddress(ip: string): AddressKind {
  const text = ip.trim().replace(/^\[(.*)\]$/, '$1');
  const family = isIP(text.replace(/%.*$/, ''));
  if (family === 4) {
    const bytes = parseV4(text);
    return bytes ? classifyV4(bytes) : 'invalid';
  }
  if (family !== 6) return 'invalid';
  const bytes = parseV6(text);
  if (!bytes) return 'invalid';
  if (matches(bytes, MAPPED, 96) || matches(bytes, NAT64, 96)) return classifyV4(bytes.slice(12));
  if (matches(bytes, SIX_TO_FOUR, 16)) {
    const inner = classifyV4(bytes.slice(2, 6));
    if (inner !== 'public') return inner;
  }
  for (const [prefix, bits, kind] of V6) if (matches(bytes, prefix, bits)) return kind;
  return 'public';
}

/** True for an address a link may lead to by default: public unicast only. */
export function isPublicAddress(ip: string): boolean {
  return classifyAddress(ip) === 'public';
}
