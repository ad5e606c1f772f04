/**
 * The `cidr` modifier: IPv4 and IPv6 networks, compiled once to a prefix test on the address's
 * bits. An event value that is not an IP address simply does not match.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { refuse } from './refusal';

export type AddressTest = (address: string) => boolean;

function ipv4Bits(address: string): number[] {
  return address.split('.').flatMap((part) => byteBits(Number(part)));
}

function byteBits(byte: number): number[] {
  const bits: number[] = [];
  for (let i = 7; i >= 0; i--) bits.push((byte >> i) & 1);
  return bits;
}

function ipv6Bits(address: string): number[] | null {
  let text = address;
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  // An embedded IPv4 tail (::ffff:10.0.0.1) becomes two hextets.
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isIPv4(tail)) return null;
    const b = tail.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, lastColon + 1)}${((b[0] << 8) | b[1]).toString(16)}:${((b[2] << 8) | b[3]).toString(16)}`;
  }
  const [head = '', rest] = text.split('::', 2) as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (rest === undefined && missing !== 0)) return null;
  const hextets = [...left, ...(Array(missing).fill('0') as string[]), ...right];
  return hextets.flatMap((h) => {
    const n = parseInt(h, 16);
    return [...byteBits((n >> 8) & 0xff), ...byteBits(n & 0xff)];
  });
}

function bitsOf(address: string): number[] | null {
  if (isIPv4(address)) return ipv4Bits(address);
  if (isIPv6(address)) return ipv6Bits(address);
  return null;
}

/** Compiles `10.0.0.0/8` or `fe80::/10`; refuses anything else with a reason. */
export function compileCidr(value: string): AddressTest {
  const slash = value.indexOf('/');
  const network = slash < 0 ? value : value.slice(0, slash);
  const v4 = isIPv4(network);
  if (!v4 && !isIPv6(network)) refuse(`cidr value '${value}' is not an IPv4 or IPv6 network`);
  const max = v4 ? 32 : 128;
  const prefix = slash < 0 ? max : Number(value.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max)
    refuse(`cidr value '${value}' has a bad prefix`);
  const want = (bitsOf(network) as number[]).slice(0, prefix);
  return (address: string): boolean => {
    if (v4 ? !isIPv4(address) : !isIPv6(address)) return false;
    const bits = bitsOf(address);
    if (bits === null) return false;
    for (let i = 0; i < want.length; i++) if (bits[i] !== want[i]) return false;
    return true;
  };
}
