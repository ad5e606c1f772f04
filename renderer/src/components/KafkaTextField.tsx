/**
 * A text input bound to one field of the Kafka form, with its label and validation message. The
 * start panel and Settings edit the same form store, so they share this control.
 */
import type { ReactNode } from 'react';
import type { FieldError } from '../lib/start-request';
import { editKafka, useSettingsStore } from '../stores/settings';
import { Field, fieldError } from './Field';

type TextKey = 'brokers' | 'topics' | 'topicPattern' | 'groupId' | 'clientId';

export function KafkaTextField({
  name,
  label,
  hint,
  errors,
  testId,
}: {
  name: TextKey;
  label: string;
  hint?: ReactNode;
  errors: readonly FieldError[];
  testId: string;
}) {
  const value = useSettingsStore((state) => state.kafka[name]);
  return (
    <Field label={label} error={fieldError(errors, name)} hint={hint}>
      {(id) => (
        <input
          id={id}
          value={value}
          onChange={(event) => editKafka({ [name]: event.currentTarget.value })}
          spellCheck={false}
          data-testid={testId}
        />
      )}
    </Field>
  );
}
