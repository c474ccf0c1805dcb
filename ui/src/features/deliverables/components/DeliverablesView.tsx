// Deliverables: what the project hands over, each with its due date, review, acceptance criteria
// and the stakeholder's sign-off.
import { Alert, Group, Stack, Switch, Text, Title } from "@mantine/core";
import { useState } from "react";
import { views, type Command } from "../../../ipc";
import { touchesKinds, useProjectResource } from "../../../hooks/useProjectResource";
import { useCommand } from "../../../hooks/useCommand";
import { byData, useFocusTarget } from "../../../hooks/useFocusRequest";
import { localDay } from "../utils/review";
import { AddDeliverableForm, type NewDeliverableInput } from "./AddDeliverableForm";
import { DeliverableCard } from "./DeliverableCard";

const loadDeliverables = (projectId: string) => views.deliverables(projectId);
const loadMembers = (projectId: string) => views.members(projectId);
const deliverablesChanged = touchesKinds("deliverable");
const membersChanged = touchesKinds("member");

export function DeliverablesView({ projectId }: { projectId: string }) {
  const { data, error: loadError } = useProjectResource(projectId, loadDeliverables, deliverablesChanged);
  const members = useProjectResource(projectId, loadMembers, membersChanged);
  const { run, error } = useCommand(projectId);
  const [showDeleted, setShowDeleted] = useState(false);
  // Per render, so "late" follows midnight the next time anything changes.
  const today = localDay(new Date());
  const deletedCount = data?.filter((d) => d.deleted).length ?? 0;
  const shown = data?.filter((d) => showDeleted || !d.deleted) ?? [];

  // A deliverable opened from search: deleted ones are shown if need be, and its card highlighted.
  useFocusTarget("deliverable", {
    lookup: (_, id) => {
      if (data === null) return loadError === null ? null : "The deliverables could not be loaded.";
      return data.some((d) => d.id === id) ? true : "That deliverable is not in this project any more.";
    },
    reveal: (_, id) => {
      if (data?.find((d) => d.id === id)?.deleted) setShowDeleted(true);
    },
    selector: (_, id) => `[data-testid="deliverable-row"]${byData("deliverable-id", id)}`,
  });

  async function add({ title, due }: NewDeliverableInput) {
    const command: Command = { area: "deliverable", command: { action: "add", title, ...(due ? { due } : {}) } };
    return (await run(command)) !== null;
  }

  return (
    <Stack>
      <Title order={2}>Deliverables</Title>
      <AddDeliverableForm onAdd={add} />
      {error && (
        <Alert color="red" title="That deliverable was not added">
          {error}
        </Alert>
      )}
      {loadError && (
        <Alert color="red" title="Cannot load the deliverables">
          {loadError}
        </Alert>
      )}
      {data === null && !loadError && <Text c="dimmed">Loading deliverables…</Text>}
      {data !== null && data.length === deletedCount && !showDeleted && (
        <Text c="dimmed">No deliverables yet. Add the first one above, then list its acceptance criteria.</Text>
      )}
      {deletedCount > 0 && (
        <Group>
          <Switch
            label={`Show deleted (${deletedCount})`}
            checked={showDeleted}
            onChange={(e) => setShowDeleted(e.currentTarget.checked)}
            data-testid="show-deleted-deliverables"
          />
        </Group>
      )}
      {shown.map((d) => (
        <DeliverableCard key={d.id} projectId={projectId} item={d} members={members.data ?? []} today={today} />
      ))}
    </Stack>
  );
}
