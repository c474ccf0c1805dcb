// A form over string fields with submit, per-field errors and a busy state; used for every add and
// edit form of the budget view. What the member typed stays after a refusal.
import { Button, Group } from "@mantine/core";
import { useState, type FormEvent, type ReactNode } from "react";
import type { Errors } from "../utils/forms";

type Values = Record<string, string>;

export type Field = {
  value: string;
  error: string | undefined;
  onChange: (e: { currentTarget: { value: string } }) => void;
};

type Props<V extends Values> = {
  initial: V;
  /** Resolves to the field errors to show (possibly none), or null when saved. */
  onSubmit: (values: V) => Promise<Errors<V> | null>;
  submitLabel: string;
  submitTestId?: string;
  /** Adding forms empty themselves after a save; edit forms are closed by their owner. */
  resetAfter?: boolean;
  canSubmit?: (values: V) => boolean;
  children: (field: (name: keyof V) => Field, values: V) => ReactNode;
};

export function EntityForm<V extends Values>(props: Props<V>) {
  const { initial, onSubmit, submitLabel, submitTestId, resetAfter, canSubmit, children } = props;
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Errors<V>>({});
  const [saving, setSaving] = useState(false);

  const field = (name: keyof V): Field => ({
    value: values[name] ?? "",
    error: errors[name],
    onChange: (e) => {
      const value = e.currentTarget.value;
      setValues((v) => ({ ...v, [name]: value }));
    },
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    const found = await onSubmit(values);
    setSaving(false);
    setErrors(found ?? {});
    if (found === null && resetAfter) setValues(initial);
  }

  return (
    <form onSubmit={submit}>
      {children(field, values)}
      <Group justify="flex-end" mt="xs">
        <Button
          type="submit"
          data-testid={submitTestId}
          loading={saving}
          disabled={canSubmit ? !canSubmit(values) : false}
        >
          {submitLabel}
        </Button>
      </Group>
    </form>
  );
}
