// An issue's wording, for the edit dialog: title, description, the people outside the team who are
// involved, and the resolution. Saves only what changed; the values stay after a refusal.
import { Alert, Button, Group, Stack, TextInput, Textarea } from "@mantine/core";
import { useState, type FormEvent } from "react";
import type { IssueView } from "../../../ipc";
import { issueForm, issuePatch, issueProblems, type IssueFormValues, type IssuePatch } from "../utils/issueForm";

type Props = {
  issue: IssueView;
  error: string | null;
  /** Resolves to true when saved. */
  onSave: (patch: IssuePatch) => Promise<boolean>;
  onCancel: () => void;
};

export function EditIssueForm({ issue, error, onSave, onCancel }: Props) {
  const [values, setValues] = useState(() => issueForm(issue));
  const [saving, setSaving] = useState(false);
  const problems = issueProblems(issue, values);
  const patch = issuePatch(issue, values);
  const unchanged = Object.keys(patch).length === 0;
  const set = (field: keyof IssueFormValues) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [field]: value }));
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (saving || unchanged || Object.keys(problems).length > 0) return;
    setSaving(true);
    await onSave(patch);
    setSaving(false);
  }

  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <TextInput data-testid="edit-issue-title" label="Issue" value={values.title} onChange={set("title")} error={problems.title} />
        <Textarea data-testid="edit-issue-description" label="Description" autosize minRows={2} value={values.description} onChange={set("description")} />
        <TextInput
          data-testid="edit-issue-external"
          label="Involved from outside the team"
          description="Separate names with commas"
          value={values.externalParties}
          onChange={set("externalParties")}
        />
        <Textarea
          data-testid="edit-issue-resolution"
          label="Resolution"
          autosize
          minRows={1}
          value={values.resolution}
          onChange={set("resolution")}
          error={problems.resolution}
        />
        {error && (
          <Alert color="red" title="The issue was not saved">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button data-testid="save-issue" type="submit" loading={saving} disabled={unchanged || Object.keys(problems).length > 0}>
            Save issue
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
