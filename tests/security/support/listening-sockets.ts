/**
 * What the kernel says is listening on a TCP port, read from /proc/net/tcp and /proc/net/tcp6
 * (Linux). This is the bind address as the OS sees it, independent of what the host prints.
 */
import { existsSync, readFileSync, type PathLike } from 'node:fs';
import { networkInterfaces } from 'node:os';

const TCP_LISTEN = '0A';

/** `0100007F` (little-endian hex) → `127.0.0.1`. */
function ipv4FromProc(hex: string): string {
  const bytes = hex.match(/../g)!.map((b) => parseInt(b, 16));
  return bytes.reverse().join('.');
}

/** 32 hex digits as four little-endian 32-bit words → a full (uncompressed) IPv6 address. */
function ipv6FromProc(hex: string): string {
  const words = hex.match(/.{8}/g)!.map((word) => word.match(/../g)!.reverse().join(''));
  return words
    .join('')
    .match(/.{4}/g)!
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':');
}

function listenersIn(file: PathLike, port: number, decode: (hex: string) => string): string[] {
  const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
  const found: string[] = [];
  for (const line of lines) {
    const [, local, , state] = line.trim().split(/\s+/);
    if (local === undefined || state !== TCP_LISTEN) continue;
    const [addressHex, portHex] = local.split(':');
    if (addressHex !== undefined && portHex !== undefined && parseInt(portHex, 16) === port)
      found.push(decode(addressHex));
  }
  return found;
}

/** Listening addresses on `port`, or null where /proc/net is not available (not Linux). */
export function listeningAddresses(port: number): string[] | null {
  if (!existsSync('/proc/net/tcp')) return null;
  return [
    ...listenersIn('/proc/net/tcp', port, ipv4FromProc),
    ...(existsSync('/proc/net/tcp6') ? listenersIn('/proc/net/tcp6', port, ipv6FromProc) : []),
  ];
}

/** This machine's addresses on non-loopback interfaces (IPv4, and IPv6 that is not link-local). */
export function nonLoopbackAddresses(): string[] {
  const addresses: string[] = [];
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (entry.internal) continue;
      if (entry.family === 'IPv6' && entry.address.toLowerCase().startsWith('fe80:')) continue;
      addresses.push(entry.address);
    }
  }
  return addresses;
}
