import { describe, expect, it } from 'vitest';
import { CATEGORIES, SEVERITIES } from '../../core/contract';
import { RulesClassifier, classifyByRules } from '../../core/inference/rules-classifier';

describe('keyword rules classifier', () => {
  it.each([
    ['Failed password for invalid user <*> from <*> port <*> ssh2', 'error', 'security'],
    ['pam_unix(sshd:auth): authentication failure; logname= uid=<*>', 'error', 'security'],
    ['Connection refused while contacting <*>:<*>', 'error', 'network'],
    ['Notification time out: <*>', 'warning', 'performance'],
    // Whole words only: the camel-cased IOException is no "exception" to the rules (a model sees it).
    ['java.io.IOException: No space left on device', 'info', 'system'],
    ['kernel: EXT3-fs error (device <*>)', 'error', 'system'],
    ['NullPointerException in OrderService.checkout', 'info', 'normal'],
    ['Unexpected exception causing shutdown while sock still open', 'error', 'application'],
    ['Caught exception while processing order <*>', 'error', 'application'],
    ['mapred.job.id is deprecated. Instead, use mapreduce.job.id', 'warning', 'normal'],
    ['Received block blk_<*> of size <*> from /<*>', 'info', 'normal'],
    ['', 'info', 'normal'],
  ])('%s → %s / %s', (text, severity, category) => {
    const r = classifyByRules(text);
    expect(r.severity).toBe(severity);
    expect(r.category).toBe(category);
  });

  it('matches whole words only, in any case', () => {
    expect(classifyByRules('terrors of the deep').severity).toBe('info');
    expect(classifyByRules('ERROR: disk full').severity).toBe('error');
    expect(classifyByRules('Connection   Refused').category).toBe('network');
  });

  it('returns the classifier shape with one-hot scores', async () => {
    const [r] = await new RulesClassifier().classify(['Failed password for root']);
    expect(Object.keys(r?.scores.severity ?? {})).toEqual([...SEVERITIES]);
    expect(Object.keys(r?.scores.category ?? {})).toEqual([...CATEGORIES]);
    expect(r?.scores.category.security).toBe(1);
    expect(Object.values(r?.scores.category ?? {}).reduce((a, b) => a + b, 0)).toBe(1);
  });
});
