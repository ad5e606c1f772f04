/**
 * How `npm run bench -- incidents` maps the incidents shown onto the demo's scripted incidents
 * (tests/bench/incidents-attribution.ts): the count alone can be right by accident, so the mapping
 * must name a split, an absorbed scripted incident, the background's incidents, and scripted
 * incidents the episode rule cannot tell apart.
 */
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../core/contract';
import { attribute, LAG_MS, type ScriptedWindow } from '../bench/incidents-attribution';

const S = 1000;
const GAP = 120 * S;

function w(sequence: number, kind: string, start: number, systems: string[]): ScriptedWindow {
  return { sequence, kind, start, end: start + 20 * S, systems: new Set(systems) };
}

/** Only `firstSeen` matters to the mapping. */
function opened(firstSeen: number): Incident {
  return { firstSeen } as Incident;
}

describe('bench incidents attribution', () => {
  const schedule = [
    w(0, 'ssh_brute_force', 30 * S, ['OpenSSH']),
    w(1, 'error_spike', 100 * S, ['Hadoop']),
    w(2, 'latency', 165 * S, ['Hadoop', 'Zookeeper']), // 45 s after the Hadoop error spike ended
    w(3, 'novel_template', 400 * S, ['BGL']),
  ];

  it('maps one incident per scripted incident when each opened one', () => {
    const result = attribute(
      schedule,
      [31, 101, 166, 401].map((t) => opened(t * S)),
      GAP,
    );
    expect(result).toMatchObject({
      scriptedOpeningOne: 4,
      scriptedOpeningSeveral: [],
      scriptedOpeningNone: [],
      incidentsOutsideScripted: 0,
    });
  });

  it('names a split, an absorbed scripted incident and the background’s incidents', () => {
    const result = attribute(
      schedule,
      [
        opened(5 * S), // before any scripted incident: the background
        opened(31 * S),
        opened(32 * S), // a second incident during the brute force: a split
        opened(101 * S),
        // nothing opens during the latency incident: absorbed
        opened(300 * S), // long after the latency incident's end + LAG_MS: the background
        opened(400 * S + 20 * S + LAG_MS), // the detectors' lag after the BGL burst still counts
      ],
      GAP,
    );
    expect(result).toEqual({
      scriptedOpeningOne: 2,
      scriptedOpeningSeveral: ['0 ssh_brute_force ×2'],
      scriptedOpeningNone: ['2 latency'],
      incidentsOutsideScripted: 2,
      inseparable: ['2 latency'],
    });
  });

  it('calls a scripted incident inseparable only on a shared system within the gap', () => {
    expect(attribute(schedule, [], GAP).inseparable).toEqual(['2 latency']);
    expect(attribute(schedule, [], 30 * S).inseparable).toEqual([]); // the 45 s pause ends an episode
    const apart = schedule.map((x) => (x.sequence === 2 ? { ...x, systems: new Set(['Zookeeper']) } : x));
    expect(attribute(apart, [], GAP).inseparable).toEqual([]);
  });
});
