/**
 * The fold's assigner: partition i of every topic goes to the same member, whatever order the
 * members joined in, so an alert's evidence and actions are never split between two owners.
 */
import { describe, expect, it } from 'vitest';
import { coPartition } from '../../core/cluster/co-partition-assigner';

const topics = new Map([
  ['vigil.t.evidence', [0, 1, 2, 3, 4, 5]],
  ['vigil.t.actions', [5, 4, 3, 2, 1, 0]],
]);

describe('coPartition', () => {
  it('gives partition i of both topics to one member, spread evenly', () => {
    const assignment = coPartition(['m-b', 'm-a'], topics);
    expect(Object.fromEntries(assignment)).toEqual({
      'm-a': { 'vigil.t.evidence': [0, 2, 4], 'vigil.t.actions': [0, 2, 4] },
      'm-b': { 'vigil.t.evidence': [1, 3, 5], 'vigil.t.actions': [1, 3, 5] },
    });
  });

  it('does not depend on the order members are listed in', () => {
    const members = ['c', 'a', 'b'];
    const reference = Object.fromEntries(coPartition(members, topics));
    expect(Object.fromEntries(coPartition([...members].reverse(), topics))).toEqual(reference);
    for (const byTopic of Object.values(reference))
      expect(byTopic['vigil.t.evidence']).toEqual(byTopic['vigil.t.actions']);
  });

  it('gives everything to a lone member and nothing to members beyond the partitions', () => {
    expect(Object.fromEntries(coPartition(['only'], topics))).toEqual({
      only: { 'vigil.t.evidence': [0, 1, 2, 3, 4, 5], 'vigil.t.actions': [0, 1, 2, 3, 4, 5] },
    });
    const many = coPartition(['1', '2', '3', '4', '5', '6', '7'], topics);
    expect(many.get('7')).toEqual({});
    expect(coPartition([], topics).size).toBe(0);
  });
});
