/**
 * The host serves one user on one machine: it binds to loopback only, and it refuses requests whose
 * `Host` (DNS rebinding) or WebSocket `Origin` (cross-site pages) name anything but this machine.
 */

const IPV4_LOOPBACK = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Whether `address` is a loopback literal or `localhost` (the only names the host may bind to). */
export function isLoopbackAddress(address: string): boolean {
  const name = address.toLowerCase();
  if (name === 'localhost' || name === '::1' || name === '[::1]') return true;
  const m = IPV4_LOOPBACK.exec(name);
  return m !== null && m.slice(1).every((octet) => Number(octet) <= 255);
}

/**
 * The address to pass to `listen`: `localhost` is pinned to 127.0.0.1 so that a resolver that maps
 * it elsewhere cannot widen the binding.
 */
export function bindAddressFor(address: string): string {
  const name = address.toLowerCase();
  if (name === 'localhost') return '127.0.0.1';
  if (name === '[::1]') return '::1';
  return name;
}

/** Splits a `Host` header value (`name`, `name:port`, `[v6]`, `[v6]:port`) into its name and port. */
export function parseHostHeader(value: string): { name: string; port: number | null } | null {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(value.trim());
  if (m === null || m[1] === undefined) return null;
  const port = m[2] === undefined ? null : Number(m[2]);
  if (port !== null && port > 65535) return null;
  return { name: m[1], port };
}

/** A `Host` header is acceptable when it names a loopback address (any port: proxies may remap it). */
export function isAllowedHostHeader(value: string | undefined): boolean {
  if (value === undefined || value === '') return false;
  const parsed = parseHostHeader(value);
  return parsed !== null && isLoopbackAddress(parsed.name);
}

/**
 * A WebSocket `Origin` is acceptable when it is absent (non-browser clients, which cannot be driven by
 * a hostile page) or is this very server: http, a loopback name and the port we listen on.
 */
export function isAllowedOrigin(origin: string | undefined, serverPort: number): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:') return false;
  const port = url.port === '' ? 80 : Number(url.port);
  return isLoopbackAddress(url.hostname) && port === serverPort;
}
