/**
 * Acting on incidents from the window (renderer/src/views/alerts/incident-actions.ts): the answer
 * (the incident and its alerts after the action) updates both stores at once; a bulk action goes
 * one incident after another and hands back those that failed, which stay checked.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { CommandName, CommandRequest, IncidentDetail, VigilApi } from '../../core/contract';
import { INITIAL_ALERTS, useAlertsStore } from '../../renderer/src/stores/alerts';
import { INITIAL_INCIDENTS, useIncidentsStore } from '../../renderer/src/stores/incidents';
import { INITIAL_UI, useUiStore } from '../../renderer/src/stores/ui';
import { setApi } from '../../renderer/src/transport/session';
import {
  actOnIncident,
  actOnIncidents,
  verdictOnIncident,
} from '../../renderer/src/views/alerts/incident-actions';
import { alert, incident } from './renderer-fixtures';

const calls: Array<CommandRequest<'incidents:act'>> = [];

function engine(failing: ReadonlySet<string>): VigilApi {
  return {
    call: ((name: CommandName, request: CommandRequest<'incidents:act'>) => {
      if (name !== 'incidents:act') return Promise.reject(new Error(`unexpected ${name}`));
      calls.push(request);
      if (failing.has(request.id)) return Promise.reject(new Error(`no incident ${request.id}`));
      const answer: IncidentDetail = {
        incident: incident({ id: request.id, status: 'acknowledged', alertIds: [`${request.id}-a`] }),
        alerts: [alert({ id: `${request.id}-a`, status: 'acknowledged' })],
      };
      return Promise.resolve(answer);
    }) as VigilApi['call'],
    onEvents: () => () => undefined,
  };
}

beforeEach(() => {
  calls.length = 0;
  useAlertsStore.setState(INITIAL_ALERTS, true);
  useIncidentsStore.setState(INITIAL_INCIDENTS, true);
  useUiStore.setState(INITIAL_UI, true);
});

describe('incident actions', () => {
  it('sends the action with the id and adopts the incident and its alerts from the answer', async () => {
    setApi(engine(new Set()));
    await expect(actOnIncident('i1', { action: 'note', text: 'paged storage' })).resolves.toBe(true);
    expect(calls).toEqual([{ id: 'i1', action: 'note', text: 'paged storage' }]);
    expect(useIncidentsStore.getState().byId.get('i1')?.status).toBe('acknowledged');
    expect(useAlertsStore.getState().byId.get('i1-a')?.status).toBe('acknowledged');
  });

  it('acts on each checked incident in turn and returns the ones that failed, shown as errors', async () => {
    setApi(engine(new Set(['i2'])));
    await expect(actOnIncidents(['i1', 'i2', 'i3'], 'ack')).resolves.toEqual(['i2']);
    expect(calls.map((c) => [c.id, c.action])).toEqual([
      ['i1', 'ack'],
      ['i2', 'ack'],
      ['i3', 'ack'],
    ]);
    expect([...useIncidentsStore.getState().byId.keys()]).toEqual(['i1', 'i3']);
    expect(useUiStore.getState().toasts.map((t) => t.detail)).toEqual(['no incident i2']);
  });

  it('gives a verdict on an incident as a verdict on each of its alerts, stored with each arm', async () => {
    const asked: Array<CommandRequest<'alerts:verdict'>> = [];
    setApi({
      call: ((name: CommandName, request: CommandRequest<'alerts:verdict'>) => {
        if (name !== 'alerts:verdict') return Promise.reject(new Error(`unexpected ${name}`));
        asked.push(request);
        if (request.id === 'a2') return Promise.reject(new Error('no alert a2'));
        const arm = request.id === 'a1' ? 'control' : 'candidate';
        return Promise.resolve(
          alert({ id: request.id, arm, verdict: { verdict: request.verdict, at: 1, who: 'ana', arm } }),
        );
      }) as VigilApi['call'],
      onEvents: () => () => undefined,
    });
    const updated = await verdictOnIncident(incident({ id: 'i1', alertIds: ['a1', 'a2', 'a3'] }), 'noise');
    expect(asked).toEqual([
      { id: 'a1', verdict: 'noise' },
      { id: 'a2', verdict: 'noise' },
      { id: 'a3', verdict: 'noise' },
    ]);
    expect(updated.map((a) => [a.id, a.verdict?.arm])).toEqual([
      ['a1', 'control'],
      ['a3', 'candidate'],
    ]);
    expect(useAlertsStore.getState().byId.get('a3')?.verdict?.verdict).toBe('noise');
    expect(useUiStore.getState().toasts.map((t) => t.detail)).toEqual(['no alert a2']);
  });
});
