/** ws(s)://<same host>/api/ws?token=… — the host checks the token on the upgrade request. */
export function hostSocketUrl(location: { protocol: string; host: string }, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/api/ws?token=${encodeURIComponent(token)}`;
}
