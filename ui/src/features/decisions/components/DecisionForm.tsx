// The fields of a decision: what, why, the options weighed, who decided and when, and what it
// links to. Used to record a new decision and to edit one.
import { Button, Group, MultiSelect, Select, Stack, TextInput, Textarea } from "@mantine/core";
import { useState, type FormEvent } from "react";
import type { DecisionDraft } from "../utils/decisionFlow";

export type Option = { value: string; label: string };

type Props = {
  initial: DecisionDraft;
  members: Option[];
  meetings: Option[];
  tasks: Option[];
  submitLabel: string;
  /** Resolves true when saved; the form then resets (new) or closes (edit). */
  onSubmit: (draft: DecisionDraft) => Promise<boolean>;
  onCancel?: () => void;
  /** Test ids of the title field and the submit button. */
  testIds: { title: string; submit: string };
};

export function DecisionForm({ initial, members, meetings, tasks, submitLabel, onSubmit, onCancel, testIds }: Props) {
  const [draft, setDraft] = useState(initial);
  const [saving, setSaving] = useState(false);
  const set = <K extends keyof DecisionDraft>(key: K, value: DecisionDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (draft.title.trim() === "" || saving) return;
    setSaving(true);
    const saved = await onSubmit(draft);
    setSaving(false);
    // A refusal leaves everything as typed.
    if (saved) setDraft(initial);
  }

  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <TextInput
          data-testid={testIds.title}
          label="Decision"
          placeholder="Use Postgres for the reporting store"
          value={draft.title}
          onChange={(e) => set("title", e.currentTarget.value)}
        />
        <Textarea
          data-testid="decision-context"
          label="Context"
          placeholder="The situation that calls for a decision"
          autosize
          minRows={2}
          value={draft.context}
          onChange={(e) => set("context", e.currentTarget.value)}
        />
        <Textarea
          data-testid="decision-text"
          label="What is decided"
          autosize
          minRows={2}
          value={draft.decision}
          onChange={(e) => set("decision", e.currentTarget.value)}
        />
        <Textarea
          data-testid="decision-alternatives"
          label="Alternatives weighed"
          autosize
          minRows={1}
          value={draft.alternatives}
          onChange={(e) => set("alternatives", e.currentTarget.value)}
        />
        <Group grow>
          <Select
            data-testid="decision-decided-by"
            label="Decided by"
            placeholder="Nobody yet"
            data={members}
            value={draft.decidedBy}
            onChange={(v) => set("decidedBy", v)}
            clearable
            searchable
          />
          <TextInput
            data-testid="decision-decided-at"
            label="Decided on"
            type="date"
            value={draft.decidedAt}
            onChange={(e) => set("decidedAt", e.currentTarget.value)}
          />
        </Group>
        <Group grow align="flex-start">
          <MultiSelect
            data-testid="decision-meetings"
            label="Meetings"
            placeholder="Where it was discussed"
            data={meetings}
            value={draft.meetings}
            onChange={(v) => set("meetings", v)}
            searchable
          />
          <MultiSelect
            data-testid="decision-tasks"
            label="Tasks"
            placeholder="Tasks that carry it out"
            data={tasks}
            value={draft.tasks}
            onChange={(v) => set("tasks", v)}
            searchable
          />
        </Group>
        <Group justify="flex-end" gap="xs">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          )}
          <Button data-testid={testIds.submit} type="submit" disabled={draft.title.trim() === ""} loading={saving}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
