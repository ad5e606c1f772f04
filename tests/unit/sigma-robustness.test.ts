import { describe, expect, it } from 'vitest';
import { loadSigmaDir, shippedSigmaDir } from '../../core/rules/sigma/load';
import { SigmaRuleSet } from '../../core/rules/sigma/rule-set';
import type { SigmaEvent } from '../../core/rules/sigma/types';

const { rules } = loadSigmaDir(shippedSigmaDir());
const ruleSet = new SigmaRuleSet(rules);
const files = (list: readonly { file: string }[]): string[] => list.map((r) => r.file);

/** A Java stack trace of about 1 MiB: normal data, and the worst case for wildcard keywords. */
function hugeTrace(): string {
  const frames: string[] = ['java.lang.IllegalStateException: wget http://mirror.example/x failed'];
  while (frames.join('\n').length < 1024 * 1024)
    frames.push('\tat com.example.service.Handler.handle(Handler.java:42)');
  return frames.join('\n');
}

const odd: SigmaEvent[] = [
  { message: '', fields: {} },
  { message: hugeTrace(), fields: {} },
  {
    message: 'x',
    fields: { 'user_agent.original': null, 'http.response.status_code': 0, 'url.original': '' },
  },
  { message: 'y', fields: { 'http.request.method': true, 'url.original': 12, 'source.ip': '::1' } },
  { message: '\u0000\uffff\ud800 ünïcödé 🙂', fields: { 'user_agent.original': '\ud800' } },
  { message: 'z', fields: { 'destination.ip': 'not-an-ip', 'url.domain': '.' } },
];

describe('shipped Sigma rules on odd events', () => {
  it.each(odd.map((e, i) => [i, e] as const))(
    'event %i: no throw, same answer rule by rule and as a set',
    (_i, event) => {
      const oneByOne = rules.filter((r) => r.matches(event));
      expect(files(ruleSet.matchAll(event))).toEqual(files(oneByOne));
    },
  );

  it('the 1 MiB trace matches nothing (its words are not an attack)', () => {
    expect(files(ruleSet.matchAll(odd[1] as SigmaEvent))).toEqual([]);
  });
});
