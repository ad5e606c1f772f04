import { describe, expect, it } from 'vitest';
import { normalCdf, twoProportionZTest } from '../../core/inference/experiments/stats';

describe('two-proportion z-test against worked examples', () => {
  it('140 of 200 against 255 of 340: pooled 0.7314815, SE 0.03949401, z −1.266015', () => {
    // Worked solution: homeworksource.com/p/1008622 ("Find the test statistic z for the following situation").
    const t = twoProportionZTest(255, 340, 140, 200);
    expect(t.pooled).toBeCloseTo(0.7314815, 7);
    expect(t.standardError).toBeCloseTo(0.03949401, 8);
    expect(t.z).toBeCloseTo(-1.266015, 6);
    // Standard normal table: Φ(−1.27) = 0.1020, Φ(−1.26) = 0.1038.
    expect(t.pLower).toBeGreaterThan(0.102);
    expect(t.pLower).toBeLessThan(0.1038);
    expect(t.valid).toBe(true);
  });

  it('168 of 300 against 96 of 200: z 1.755, two-sided p 0.0792', () => {
    // Worked solution: homeworksource.com/p/1078444 (voters of New York City and Washington D.C.).
    const t = twoProportionZTest(96, 200, 168, 300);
    expect(t.pooled).toBeCloseTo(0.528, 3);
    expect(t.z).toBeCloseTo(1.755, 3);
    expect(t.pTwoSided).toBeCloseTo(0.0792, 4);
  });

  it('140 of 200 against 150 of 200: pooled 0.725, z −1.12, one-sided p 0.1314', () => {
    // Worked example: business.uni.edu/clayson/Ext/statZTest.htm (students of two universities).
    const t = twoProportionZTest(150, 200, 140, 200);
    expect(t.pooled).toBeCloseTo(0.725, 3);
    expect(t.z).toBeCloseTo(-1.12, 2);
    expect(t.pLower).toBeCloseTo(0.1314, 3);
  });

  it('normalCdf matches the standard normal table', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 4);
    expect(normalCdf(-1.645)).toBeCloseTo(0.05, 4);
    expect(normalCdf(-3)).toBeCloseTo(0.00135, 5);
    expect(normalCdf(6)).toBeCloseTo(1, 7);
  });
});

describe('z-test guards', () => {
  it('equal rates give z 0 and p 0.5, not evidence', () => {
    const t = twoProportionZTest(50, 200, 50, 200);
    expect(t.z).toBe(0);
    expect(t.pLower).toBeCloseTo(0.5, 7);
  });

  it('too few expected of an outcome at the pooled rate makes the test invalid, with the reason', () => {
    // Pooled 5 / 400: each sample of 200 expects 2.5 noise verdicts, fewer than 5.
    const t = twoProportionZTest(3, 200, 2, 200);
    expect(t.valid).toBe(false);
    expect(t.invalidReason).toMatch(/expect at least 5 of each outcome at the pooled rate 0.0125/);
    // Pooled 12 / 400: 6 expected in each; the condition holds although one sample saw only 2.
    expect(twoProportionZTest(10, 200, 2, 200).valid).toBe(true);
  });

  it('a zero standard error (both all noise) is no evidence', () => {
    const t = twoProportionZTest(200, 200, 200, 200);
    expect(t.standardError).toBe(0);
    expect(t.pLower).toBe(1);
    expect(t.valid).toBe(false);
  });

  it('an empty sample is invalid; impossible counts are refused', () => {
    expect(twoProportionZTest(0, 0, 5, 10).invalidReason).toBe('a sample is empty');
    expect(() => twoProportionZTest(11, 10, 1, 10)).toThrow(/cannot exceed/);
    expect(() => twoProportionZTest(1.5, 10, 1, 10)).toThrow(/whole number/);
  });
});
