/**
 * An alert knows the templates of its evidence (`Alert.templates`, core/alerts/alert-location.ts),
 * and a pattern finds every alert that holds it (core/engine/pattern-alerts.ts). Real lines:
 * Loghub's OpenSSH and Linux samples, parsed, mined and judged by the shipped rule pack or the
 * built-in rules, as the engine does.
 */
import { describe, expect, it } from 'vitest';
import {
  Alert as AlertSchema,
  MAX_LOCATION_VALUES,
  PatternAlertsQuery,
  type Alert,
} from '../../core/contract';
import { AlertManager } from '../../core/alerts/alert-manager';
import { OTHER_LOCATION, countLocation, templateIdsOf } from '../../core/alerts/alert-location';
import { alertsOfPattern } from '../../core/engine/pattern-alerts';
import { loadRuleSet, RuleEngine } from '../../core/rules';
import { rawLines } from '../fixtures/loghub';
import { feedLines, T0 } from './alerts-feed';

const shipped = loadRuleSet({ sigmaDir: null });

const sum = (list: readonly { count: number }[]) => list.reduce((n, e) => n + e.count, 0);

describe('Alert.templates: the templates of an alert’s evidence', () => {
  it('a rule alert of the pack counts every template its rule matched', () => {
    const manager = new AlertManager({ ruleEngine: new RuleEngine(shipped.rules) });
    const lines = rawLines('OpenSSH').filter((l) => l.includes('Failed password'));
    const ids = feedLines(lines, manager);
    const alert = manager
      .list({})
      .find((a) => a.level === 'critical' && a.title.startsWith('Possible brute-force'));
    expect(alert).toBeDefined();
    const templates = alert!.templates!;
    // "Failed password for root …" and "… for invalid user X …" are two templates of one alert.
    expect(templates.length).toBeGreaterThanOrEqual(2);
    expect(sum(templates)).toBe(alert!.count);
    for (const t of templates) expect(ids).toContain(t.value);
    expect(templates.map((t) => t.count)).toEqual([...templates.map((t) => t.count)].sort((x, y) => y - x));
  });

  it('a built-in rule that groups by rule (templateId null) still names its templates', () => {
    const manager = new AlertManager();
    const lines = rawLines('Linux').filter((l) => l.includes('authentication failure'));
    const ids = new Set(feedLines(lines, manager));
    const burst = manager.list({}).filter((a) => a.title.startsWith('Possible brute-force'));
    expect(burst.length).toBeGreaterThan(0);
    for (const a of burst) {
      expect(a.templateId).toBeNull();
      expect(a.templates!.length).toBeGreaterThan(0);
      expect(sum(a.templates!)).toBe(a.count);
      for (const id of templateIdsOf(a)) expect(ids.has(id)).toBe(true);
    }
  });

  it('a template alert holds exactly its own template', () => {
    const manager = new AlertManager();
    const lines = rawLines('OpenSSH').filter((l) => l.includes('Failed password'));
    feedLines(lines, manager);
    const perTemplate = manager.list({}).filter((a) => a.templateId !== null);
    expect(perTemplate.length).toBeGreaterThan(0);
    for (const a of perTemplate) expect(a.templates).toEqual([{ value: a.templateId, count: a.count }]);
  });

  it('is bounded to MAX_LOCATION_VALUES, the rest counted in (other), which is no template id', () => {
    const alert = {
      templateId: null,
      hosts: [],
      services: [],
      topics: [],
      templates: [],
    } as unknown as Alert;
    const c = (id: string) => ({
      host: 'h',
      service: 'api',
      topic: 'logs',
      templateId: null,
      logTemplateId: id,
    });
    for (let i = 0; i < 30; i++) countLocation(alert, c(`t${i}`) as never, false);
    expect(alert.templates).toHaveLength(MAX_LOCATION_VALUES);
    expect(alert.templates![MAX_LOCATION_VALUES - 1]).toEqual({ value: OTHER_LOCATION, count: 11 });
    expect(sum(alert.templates!)).toBe(30);
    expect(templateIdsOf(alert)).toHaveLength(MAX_LOCATION_VALUES - 1);
    expect(templateIdsOf(alert)).not.toContain(OTHER_LOCATION);
  });

  it('an alert written before templates were kept falls back to its templateId; the contract takes both', () => {
    const manager = new AlertManager();
    feedLines(
      rawLines('OpenSSH')
        .filter((l) => l.includes('Failed password'))
        .slice(0, 3),
      manager,
    );
    const current = manager.list({}).find((a) => a.templateId !== null)!;
    const { templates: _dropped, ...older } = current;
    expect(AlertSchema.parse(older).templates).toBeUndefined();
    expect(templateIdsOf(AlertSchema.parse(older))).toEqual([current.templateId]);
    expect(AlertSchema.parse(current).templates).toEqual(current.templates);
  });
});

describe('alertsOfPattern: every alert that holds a template', () => {
  function sshAlerts() {
    const manager = new AlertManager({ ruleEngine: new RuleEngine(shipped.rules) });
    const ids = feedLines(
      rawLines('OpenSSH').filter((l) => l.includes('Failed password') || l.includes('Invalid user')),
      manager,
    );
    return { manager, ids };
  }

  it('finds the alerts whose evidence holds the template, newest first, with the total', () => {
    const { manager, ids } = sshAlerts();
    const all = manager.list({});
    for (const id of new Set(ids)) {
      const expected = all.filter((a) => templateIdsOf(a).includes(id)).map((a) => a.id);
      const answer = alertsOfPattern(manager.store, { templateId: id }, T0);
      expect(answer.alerts.map((a) => a.id).sort()).toEqual([...expected].sort());
      expect(answer.total).toBe(expected.length);
      const seen = answer.alerts.map((a) => a.lastSeen);
      expect(seen).toEqual([...seen].sort((x, y) => y - x));
    }
    // At least one template is held by an alert that does not carry it as its own templateId.
    const held = [...new Set(ids)].some((id) =>
      alertsOfPattern(manager.store, { templateId: id }, T0).alerts.some((a) => a.templateId !== id),
    );
    expect(held).toBe(true);
  });

  it('keeps resolved alerts, answers copies, and honours the limit', () => {
    const { manager, ids } = sshAlerts();
    const id = ids[ids.length - 1]!;
    const before = alertsOfPattern(manager.store, { templateId: id }, T0);
    expect(before.total).toBeGreaterThan(0);
    const first = before.alerts[0]!;
    manager.act({ id: first.id, action: 'resolve' }, T0);
    const after = alertsOfPattern(manager.store, { templateId: id }, T0);
    expect(after.alerts.find((a) => a.id === first.id)?.status).toBe('resolved');
    after.alerts[0]!.samples.length = 0;
    expect(manager.store.get(after.alerts[0]!.id)!.samples.length).toBeGreaterThan(0);
    expect(alertsOfPattern(manager.store, { templateId: id, limit: 1 }, T0).alerts).toHaveLength(1);
  });

  it('matches through merges: an alert that counted a merged template belongs to its survivor', () => {
    const { manager, ids } = sshAlerts();
    const merged = ids[0]!;
    const survivor = 'survivor-id';
    const resolve = (id: string) => (id === merged ? survivor : id);
    const direct = alertsOfPattern(manager.store, { templateId: merged }, T0);
    expect(direct.total).toBeGreaterThan(0);
    const viaSurvivor = alertsOfPattern(manager.store, { templateId: survivor }, T0, resolve);
    expect(viaSurvivor.templateId).toBe(survivor);
    expect(viaSurvivor.alerts.map((a) => a.id)).toEqual(direct.alerts.map((a) => a.id));
    // Asked by the merged id, the answer names the survivor.
    expect(alertsOfPattern(manager.store, { templateId: merged }, T0, resolve).templateId).toBe(survivor);
    expect(alertsOfPattern(manager.store, { templateId: 'no-such-template' }, T0).total).toBe(0);
  });

  it('the request is strict and bounded', () => {
    expect(PatternAlertsQuery.safeParse({ templateId: 't1' }).success).toBe(true);
    expect(PatternAlertsQuery.safeParse({ templateId: '' }).success).toBe(false);
    expect(PatternAlertsQuery.safeParse({ templateId: 't1', limit: 5001 }).success).toBe(false);
    expect(PatternAlertsQuery.safeParse({ templateId: 't1', since: 0 }).success).toBe(false);
  });
});
