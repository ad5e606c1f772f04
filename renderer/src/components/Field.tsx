/** A labelled form control with its validation message underneath. */
import { useId, type ReactElement, type ReactNode } from 'react';
import type { FieldError } from '../lib/start-request';

export function fieldError(errors: readonly FieldError[], field: string): string | null {
  return (
    errors.find((error) => error.field === field || error.field.startsWith(`${field}.`))?.message ?? null
  );
}

export function Field({
  label,
  error,
  hint,
  children,
}: {
  label: string;
  error?: string | null;
  hint?: ReactNode;
  /** Receives the id to put on the control, so the label is associated with it. */
  children: (id: string) => ReactElement;
}) {
  const id = useId();
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : hint !== undefined ? (
        <div className="field-hint">{hint}</div>
      ) : null}
    </div>
  );
}
