// One deliverable: title, due date, owner, review workflow, acceptance criteria and sign-off.
// Each card runs its own commands, so a refusal (say, a sign-off with unmet criteria) is shown
// on the card it concerns.
import { Alert, Badge, Button, Group, NativeSelect, Paper, Stack, Text } from "@mantine/core";
import type { Command, DeliverableView, MemberView } from "../../../ipc";
import { useCommand } from "../../../hooks/useCommand";
import { isLate, nextReviews, reviewLabel, reviewMoveLabel } from "../utils/review";
import { CommitInput } from "./CommitInput";
import { CriteriaList } from "./CriteriaList";
import { SignOffSection } from "./SignOffSection";

type DeliverableCommand = Extract<Command, { area: "deliverable" }>["command"];
const deliverable = (command: DeliverableCommand): Command => ({ area: "deliverable", command });

const REVIEW_COLORS: Record<string, string> = {
  draft: "gray",
  in_review: "blue",
  changes_requested: "orange",
  accepted: "teal",
};

type Props = { projectId: string; item: DeliverableView; members: MemberView[]; today: string };

export function DeliverableCard({ projectId, item, members, today }: Props) {
  const { run, busy, error } = useCommand(projectId);
  const id = item.id;
  const late = isLate(item, today);
  const owners = [
    { value: "", label: "No owner" },
    ...members.filter((m) => !m.deleted && (m.active || m.id === item.owner)).map((m) => ({ value: m.id as string, label: m.name })),
  ];

  if (item.deleted) {
    return (
      <Paper withBorder p="sm" data-testid="deliverable-row" data-deliverable-id={id}>
        <Group justify="space-between">
          <Text td="line-through">{item.title}</Text>
          <Button size="xs" variant="light" disabled={busy} onClick={() => void run({ area: "item", command: { action: "restore", kind: "deliverable", id } })}>
            Restore
          </Button>
        </Group>
        {error && <Alert color="red" mt="xs">{error}</Alert>}
      </Paper>
    );
  }

  return (
    <Paper withBorder p="md" data-testid="deliverable-row" data-deliverable-id={id}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <CommitInput
            aria-label="Title"
            data-testid="deliverable-title"
            variant="unstyled"
            fw={600}
            size="md"
            value={item.title}
            onCommit={(title) => void run(deliverable({ action: "update", id, patch: { title } }))}
            style={{ flex: 1 }}
          />
          <Group gap="xs">
            <Badge data-testid="deliverable-review" color={REVIEW_COLORS[item.review] ?? "gray"} variant="light" tt="none">
              {reviewLabel(item.review)}
            </Badge>
            <Badge data-testid="deliverable-criteria" color={item.criteria_met === item.criteria_total ? "teal" : "gray"} variant="outline" tt="none">
              {item.criteria_met}/{item.criteria_total} criteria met
            </Badge>
            {late && (
              <Badge color="red" variant="filled" tt="none">
                Late
              </Badge>
            )}
          </Group>
        </Group>
        <Group gap="md" align="flex-end">
          <CommitInput
            label="Due"
            type="date"
            size="xs"
            data-testid="deliverable-due"
            value={item.due ?? ""}
            onCommit={(due) => void run(deliverable({ action: "update", id, patch: { due: due === "" ? "clear" : { set: due } } }))}
          />
          <NativeSelect
            label="Owner"
            size="xs"
            data={owners}
            value={item.owner ?? ""}
            disabled={busy}
            onChange={(e) => {
              const owner = e.currentTarget.value;
              void run(deliverable({ action: "update", id, patch: { owner: owner === "" ? "clear" : { set: owner } } }));
            }}
          />
          <Group gap="xs">
            {nextReviews(item.review).map((to) => (
              <Button key={to} size="xs" variant="light" disabled={busy} onClick={() => void run(deliverable({ action: "set_review", id, review: to }))}>
                {reviewMoveLabel(to)}
              </Button>
            ))}
          </Group>
          <Button
            size="xs"
            variant="subtle"
            color="red"
            ml="auto"
            disabled={busy}
            onClick={() => void run({ area: "item", command: { action: "delete", kind: "deliverable", id } })}
          >
            Delete
          </Button>
        </Group>
        {error && (
          <Alert color="red" title="That change was not saved">
            {error}
          </Alert>
        )}
        <CriteriaList
          criteria={item.criteria}
          busy={busy}
          onSetMet={(c, met) => void run(deliverable({ action: "set_criterion_met", id, criterion: c.id, met }))}
          onReword={async (c, text) => (await run(deliverable({ action: "update_criterion", id, criterion: c.id, text }))) !== null}
          onRemove={(c) => void run(deliverable({ action: "remove_criterion", id, criterion: c.id }))}
          onAdd={async (text) => (await run(deliverable({ action: "add_criterion", id, text }))) !== null}
        />
        <SignOffSection
          deliverable={item}
          busy={busy}
          onSignOff={async (by, note) =>
            (await run(deliverable({ action: "sign_off", id, by, ...(note ? { note } : {}) }))) !== null
          }
          onRevoke={() => void run(deliverable({ action: "revoke_sign_off", id }))}
        />
      </Stack>
    </Paper>
  );
}
