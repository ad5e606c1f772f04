import { describe, expect, it } from 'vitest';
import { MAX_TOKENS, maskMessage, maskToken, maskTokens, splitTokens } from '../../core/patterns/mask';

describe('maskMessage: each kind of value', () => {
  const cases: [string, string, string][] = [
    ['integer', 'PacketResponder 1 terminating', 'PacketResponder <*> terminating'],
    ['negative number and decimal', 'offset -12 ratio 0.25', 'offset <*> ratio <*>'],
    ['hex', 'flags=0x1 at @0x7fed806eb5d', 'flags=<*> at @<*>'],
    ['IPv4', 'Invalid user admin from 173.234.31.186', 'Invalid user admin from <*>'],
    ['IPv4 with port', 'connect 10.251.73.220:50010 ok', 'connect <*>:<*> ok'],
    ['IPv6', 'peer fe80::1ff:fe23:4567:890a left', 'peer <*> left'],
    ['IPv6 in brackets with port', 'listening on [2001:db8::1]:8080', 'listening on [<*>]:<*>'],
    ['UUID', 'instance 123e4567-e89b-12d3-a456-426614174000 spawned', 'instance <*> spawned'],
    ['unix path', 'opened /var/log/app/server.log for writing', 'opened <*> for writing'],
    ['windows path', 'Loaded C:\\Windows\\winsxs\\cbscore.dll', 'Loaded <*>'],
    ['URL', 'GET https://example.com/api/v1?q=x failed', 'GET <*> failed'],
    ['duration with unit', 'request took 12ms', 'request took <*>'],
    ['duration as number and unit', 'request took 1.5 s then 20 ms', 'request took <*> then <*>'],
    ['size with a note', 'sent 4096 bytes (4.0 KB) total', 'sent <*> total'],
    ['quoted value with spaces', 'acquire tag="View Lock" ok', 'acquire tag="<*>" ok'],
    ['key=value numbers', 'uid=0 euid=1000 mode=-', 'uid=<*> euid=<*> mode=<*>'],
    ['key=value words stay', 'interactive=true state=idle', 'interactive=true state=idle'],
    ['e-mail', 'mail to bob.smith@example.org queued', 'mail to <*> queued'],
    ['date and time', 'started at 2016-09-28 04:30:30 UTC', 'started at <*> UTC'],
    ['date with month name', 'connection at Fri Jun 17 07:07:00 2005 closed', 'connection at <*> closed'],
    ['block id', 'Deleting block blk_-6952295868487656571 file', 'Deleting block <*> file'],
    ['host before a port', 'proxy.example.com:5070 open', '<*>:<*> open'],
    ['DNS name', 'could not resolve mail.example.co.uk now', 'could not resolve <*> now'],
    ['host in a key=value', 'rhost=host-1.example.net user=root', 'rhost=<*> user=root'],
  ];
  for (const [kind, input, expected] of cases) {
    it(kind, () => expect(maskMessage(input)).toBe(expected));
  }

  it('keeps names that end in a short number', () => {
    expect(maskMessage('open through proxy SOCKS5 via ssh2 over IPv6')).toBe(
      'open through proxy SOCKS5 via ssh2 over IPv6',
    );
  });

  it('keeps Java class names and plain words', () => {
    expect(maskMessage('Created MRAppMaster for org.apache.hadoop.mapreduce.v2.app.MRAppMaster')).toBe(
      'Created MRAppMaster for org.apache.hadoop.mapreduce.v2.app.MRAppMaster',
    );
  });

  it('collapses whitespace and is stable', () => {
    const input = 'a  b\tc 12   d';
    expect(maskMessage(input)).toBe('a b c <*> d');
    expect(maskMessage(input)).toBe(maskMessage(input));
  });
});

describe('maskTokens', () => {
  it('pairs each masked token with the raw text behind it', () => {
    const { raw, masked } = maskTokens('at Jun 17 07:07:00 uid=0 done');
    expect(masked).toEqual(['at', '<*>', 'uid=<*>', 'done']);
    expect(raw).toEqual(['at', 'Jun 17 07:07:00', 'uid=0', 'done']);
  });

  it('bounds the number of tokens of a huge message', () => {
    const huge = Array.from({ length: 5000 }, (_, i) => `w${i}x`).join(' ');
    expect(maskTokens(huge).masked.length).toBeLessThanOrEqual(MAX_TOKENS);
  });
});

describe('bad input', () => {
  it('handles empty, whitespace-only, unicode and control characters', () => {
    expect(maskMessage('')).toBe('');
    expect(maskMessage('   \t ')).toBe('');
    expect(maskMessage('ユーザー 42 が ログイン しました 🚀')).toBe('ユーザー <*> が ログイン しました 🚀');
    expect(maskMessage('bad\u0000byte \uD800 lone surrogate')).toBe('bad\u0000byte \uD800 lone surrogate');
  });

  it('handles unterminated quotes and lone separators', () => {
    expect(maskMessage('tag="never closed 12')).toBe('tag="never closed <*>');
    expect(maskToken('=')).toBe('=');
    expect(maskToken('"')).toBe('"');
    expect(splitTokens('a="b c" d')).toEqual(['a="b c"', 'd']);
  });
});
