/**
 * The one filter drop-down of the console: a `<select>` over a list of choices, typed by the values
 * it can take. A choice is a value shown as itself, or `{ value, label }`. Filters across the Logs,
 * History and Alerts views use it, so each says only what it offers.
 */
export type Choice<V extends string> = V | { readonly value: V; readonly label: string };

interface ChoiceSelectProps<V extends string> {
  /** The accessible name (the filter's field). */
  label: string;
  value: V;
  choices: readonly Choice<V>[];
  onChange: (value: V) => void;
  testId?: string;
}

const valueOf = <V extends string>(choice: Choice<V>): V =>
  typeof choice === 'string' ? choice : choice.value;
const labelOf = <V extends string>(choice: Choice<V>): string =>
  typeof choice === 'string' ? choice : choice.label;

export function ChoiceSelect<V extends string>({
  label,
  value,
  choices,
  onChange,
  testId,
}: ChoiceSelectProps<V>) {
  return (
    <select
      aria-label={label}
      value={value}
      // The value is always one of the options rendered below, so it is one of `choices`.
      onChange={(event) => onChange(event.currentTarget.value as V)}
      data-testid={testId}
    >
      {choices.map((choice) => (
        <option key={valueOf(choice)} value={valueOf(choice)}>
          {labelOf(choice)}
        </option>
      ))}
    </select>
  );
}
