/**
 * The two-proportion z-test (pooled), as in statistics textbooks: is the candidate's noise rate
 * lower than the control's? z = (p̂c − p̂0) / √(p̂(1 − p̂)(1/nc + 1/n0)), p̂ the pooled proportion;
 * the one-sided p-value is Φ(z). Guards: the test is only valid when each sample expects at least
 * `minCount` successes and failures under the null hypothesis, n·p̂ and n·(1 − p̂) with the pooled
 * p̂ (the success–failure condition as checked for this test, e.g. OpenIntro Statistics §6.2), and a
 * zero standard error (both rates 0 or both 1) is no evidence of a difference.
 */
export interface ZTestResult {
  /** Proportions: control (p0), candidate (p1), pooled. */
  p0: number;
  p1: number;
  pooled: number;
  standardError: number;
  /** (p1 − p0) / standardError; 0 when the standard error is 0. */
  z: number;
  /** P(Z ≤ z): small when the candidate's proportion is significantly lower. */
  pLower: number;
  /** Two-sided p-value, 2·P(Z ≥ |z|). */
  pTwoSided: number;
  /** Whether the normal approximation holds (see `minCount`), and why not. */
  valid: boolean;
  invalidReason: string | null;
}

/** Φ(x), the standard normal CDF, from erfc below. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Complementary error function (Numerical Recipes' erfcc, fractional error < 1.2e-7 everywhere). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * x0 of n0 (control) against x1 of n1 (candidate). `minCount`: the least expected number of
 * successes and of failures in each sample for the test to be valid (default 5; 10 in some textbooks).
 */
export function twoProportionZTest(
  x0: number,
  n0: number,
  x1: number,
  n1: number,
  minCount = 5,
): ZTestResult {
  for (const [name, v] of [
    ['x0', x0],
    ['n0', n0],
    ['x1', x1],
    ['n1', n1],
  ] as const)
    if (!Number.isInteger(v) || v < 0) throw new Error(`${name} must be a whole number ≥ 0 (got ${v})`);
  if (x0 > n0 || x1 > n1) throw new Error('successes cannot exceed the sample size');
  const p0 = n0 === 0 ? 0 : x0 / n0;
  const p1 = n1 === 0 ? 0 : x1 / n1;
  const pooled = n0 + n1 === 0 ? 0 : (x0 + x1) / (n0 + n1);
  const standardError = n0 === 0 || n1 === 0 ? 0 : Math.sqrt(pooled * (1 - pooled) * (1 / n0 + 1 / n1));
  const z = standardError === 0 ? 0 : (p1 - p0) / standardError;
  let invalidReason: string | null = null;
  if (n0 === 0 || n1 === 0) invalidReason = 'a sample is empty';
  else if (Math.min(n0, n1) * Math.min(pooled, 1 - pooled) < minCount)
    invalidReason = `each sample must expect at least ${minCount} of each outcome at the pooled rate ${pooled.toFixed(4)} (control ${x0}/${n0}, candidate ${x1}/${n1})`;
  else if (standardError === 0) invalidReason = 'the standard error is 0';
  return {
    p0,
    p1,
    pooled,
    standardError,
    z,
    pLower: standardError === 0 ? 1 : normalCdf(z),
    pTwoSided: standardError === 0 ? 1 : 2 * (1 - normalCdf(Math.abs(z))),
    valid: invalidReason === null,
    invalidReason,
  };
}
