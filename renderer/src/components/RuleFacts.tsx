/**
 * The rule that raised an alert: id, origin (pack file, user file or Sigma id and author), advice
 * and references (shown as text: the console opens no outside pages).
 */
import type { AlertRuleRef } from '../../../core/contract';
import { describeRule } from '../lib/rule-provenance';

export function RuleFacts({ rule }: { rule: AlertRuleRef }) {
  const p = describeRule(rule);
  return (
    <section className="rule-facts" data-testid="alert-rule" data-rule-source={rule.source}>
      <h4>
        Rule{' '}
        <span className="mono" data-testid="alert-rule-id">
          {p.id}
        </span>
      </h4>
      <p className="muted" data-testid="alert-rule-origin">
        {p.origin}
      </p>
      {p.advice !== null && (
        <p className="rule-advice" data-testid="alert-rule-advice">
          {p.advice}
        </p>
      )}
      {p.references.length > 0 && (
        <ul className="rule-references">
          {p.references.map((url) => (
            <li key={url} className="mono">
              {url}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
