// A risk's fields, for adding one and for editing one. The values stay after a refusal.
import { Button, Group, NativeSelect, SimpleGrid, TextInput, Textarea } from "@mantine/core";
import { useState, type FormEvent } from "react";
import type { MemberView } from "../../../ipc";
import { IMPACT_LABELS, PROBABILITY_LABELS, type RiskFormValues } from "../utils/riskForm";
import { SCALE } from "../utils/matrix";

type Props = {
  initial: RiskFormValues;
  members: MemberView[];
  submitLabel: string;
  /** Resolves to true when saved. */
  onSubmit: (values: RiskFormValues) => Promise<boolean>;
  resetAfter?: boolean;
  /** Adding shows the short form; editing also shows the description. */
  full?: boolean;
  testIds?: { title?: string; submit?: string };
};

export function RiskForm({ initial, members, submitLabel, onSubmit, resetAfter, full, testIds }: Props) {
  const [values, setValues] = useState(initial);
  const [saving, setSaving] = useState(false);
  const set = (field: keyof RiskFormValues) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [field]: value }));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (saving) return;
    setSaving(true);
    const saved = await onSubmit(values);
    setSaving(false);
    if (saved && resetAfter) setValues(initial);
  }

  const scale = (labels: string[]) => SCALE.map((n) => ({ value: String(n), label: labels[n] ?? String(n) }));
  const owners = [
    { value: "", label: "No owner" },
    ...members.filter((m) => !m.deleted && (m.active || m.id === values.owner)).map((m) => ({ value: m.id, label: m.name })),
  ];

  return (
    <form onSubmit={submit}>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
        <TextInput data-testid={testIds?.title} label="Risk" placeholder="What could go wrong?" value={values.title} onChange={set("title")} />
        <NativeSelect label="Probability" data={scale(PROBABILITY_LABELS)} value={values.probability} onChange={set("probability")} />
        <NativeSelect label="Impact" data={scale(IMPACT_LABELS)} value={values.impact} onChange={set("impact")} />
        <NativeSelect label="Owner" data={owners} value={values.owner} onChange={set("owner")} />
        <TextInput label="Review on" type="date" value={values.review} onChange={set("review")} />
      </SimpleGrid>
      <Textarea label="Mitigation" placeholder="What makes it less likely or less bad?" autosize minRows={1} value={values.mitigation} onChange={set("mitigation")} mt="xs" />
      {full && <Textarea label="Description" autosize minRows={2} value={values.description} onChange={set("description")} mt="xs" />}
      <Group justify="flex-end" mt="xs">
        <Button data-testid={testIds?.submit} type="submit" loading={saving} disabled={values.title.trim() === ""}>
          {submitLabel}
        </Button>
      </Group>
    </form>
  );
}
