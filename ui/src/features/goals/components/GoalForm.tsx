// The goal's fields, for adding a goal and for editing one. The values stay after a refusal.
import { Button, Group, NativeSelect, SimpleGrid, TextInput, Textarea } from "@mantine/core";
import { useState, type FormEvent } from "react";
import type { MemberView } from "../../../ipc";
import type { FormErrors, GoalFormValues } from "../utils/goalForm";

type Props = {
  initial: GoalFormValues;
  members: MemberView[];
  submitLabel: string;
  /** Resolves to field errors to show, or null when the goal was saved. */
  onSubmit: (values: GoalFormValues) => Promise<FormErrors | null>;
  /** Whether to empty the form after a successful submit (adding does, editing closes). */
  resetAfter?: boolean;
  testIds?: { title?: string; submit?: string };
};

export function GoalForm({ initial, members, submitLabel, onSubmit, resetAfter, testIds }: Props) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FormErrors>({});
  const [saving, setSaving] = useState(false);
  const set = (field: keyof GoalFormValues) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [field]: value }));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    const found = await onSubmit(values);
    setSaving(false);
    setErrors(found ?? {});
    if (found === null && resetAfter) setValues(initial);
  }

  const owners = [
    { value: "", label: "No owner" },
    ...members.filter((m) => !m.deleted && (m.active || m.id === values.owner)).map((m) => ({ value: m.id, label: m.name })),
  ];

  return (
    <form onSubmit={submit}>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
        <TextInput
          data-testid={testIds?.title}
          label="Goal"
          placeholder="What should change?"
          value={values.title}
          onChange={set("title")}
          error={errors.title}
        />
        <TextInput
          label="Metric"
          placeholder="e.g. signed customers"
          value={values.metric}
          onChange={set("metric")}
          error={errors.metric}
        />
        <NativeSelect
          label="Horizon"
          value={values.horizon}
          data={[
            { value: "short", label: "Short term" },
            { value: "long", label: "Long term" },
          ]}
          onChange={set("horizon")}
        />
        <TextInput label="Baseline" inputMode="decimal" value={values.baseline} onChange={set("baseline")} error={errors.baseline} />
        <TextInput label="Target" inputMode="decimal" value={values.target} onChange={set("target")} error={errors.target} />
        <TextInput label="Due" type="date" value={values.due} onChange={set("due")} error={errors.due} />
        <NativeSelect label="Owner" value={values.owner} data={owners} onChange={set("owner")} />
      </SimpleGrid>
      <Textarea label="Description" autosize minRows={1} value={values.description} onChange={set("description")} mt="xs" />
      <Group justify="flex-end" mt="xs">
        <Button data-testid={testIds?.submit} type="submit" loading={saving} disabled={values.title.trim() === ""}>
          {submitLabel}
        </Button>
      </Group>
    </form>
  );
}
