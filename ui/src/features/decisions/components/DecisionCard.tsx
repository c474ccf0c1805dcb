// One decision in the log: its text and links, the workflow moves the core allows from its
// status, editing, and soft delete / restore.
import { Badge, Button, Group, Paper, Select, Stack, Text } from "@mantine/core";
import { useState } from "react";
import type { DecisionView } from "../../../ipc";
import type { DecisionStatus } from "../types";
import { NEXT_STATUS, statusColor } from "../utils/decisionFlow";

type Props = {
  decision: DecisionView;
  /** Titles of other decisions, meetings and tasks by id, to name links. */
  names: Map<string, string>;
  /** Live decisions that could replace this one. */
  successors: { value: string; label: string }[];
  onStatus: (to: DecisionStatus, supersededBy?: string) => void;
  onEdit: () => void;
  onDelete: (deleted: boolean) => void;
};

function Field({ label, text }: { label: string; text: string }) {
  if (text.trim() === "") return null;
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
        {text}
      </Text>
    </div>
  );
}

export function DecisionCard({ decision: d, names, successors, onStatus, onEdit, onDelete }: Props) {
  const [superseding, setSuperseding] = useState(false);
  const name = (id: string) => names.get(id) ?? id;
  return (
    <Paper withBorder p="sm" data-testid="decision-row" data-decision-id={d.id} opacity={d.deleted ? 0.6 : 1}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Group gap="xs">
            <Text fw={600} data-testid="decision-title" td={d.deleted ? "line-through" : undefined}>
              {d.title}
            </Text>
            <Badge data-testid="decision-status" variant="light" color={statusColor(d.status)} tt="none">
              {d.status}
            </Badge>
            {d.deleted && <Badge color="red">deleted</Badge>}
          </Group>
          <Group gap={4} wrap="nowrap">
            {!d.deleted &&
              NEXT_STATUS[d.status].map((next) =>
                next.to === "superseded" ? (
                  <Button key={next.to} size="compact-xs" variant="light" onClick={() => setSuperseding((s) => !s)}>
                    {next.action}…
                  </Button>
                ) : (
                  <Button key={next.to} size="compact-xs" variant="light" onClick={() => onStatus(next.to)}>
                    {next.action}
                  </Button>
                ),
              )}
            {!d.deleted && (
              <Button size="compact-xs" variant="default" onClick={onEdit}>
                Edit
              </Button>
            )}
            <Button size="compact-xs" variant="subtle" color={d.deleted ? undefined : "red"} onClick={() => onDelete(!d.deleted)}>
              {d.deleted ? "Restore" : "Delete"}
            </Button>
          </Group>
        </Group>
        {superseding && (
          <Select
            data-testid="superseded-by"
            aria-label={`Decision that supersedes ${d.title}`}
            placeholder={successors.length === 0 ? "Record the new decision first" : "Which decision replaces it?"}
            data={successors}
            value={null}
            onChange={(v) => {
              if (v) {
                setSuperseding(false);
                onStatus("superseded", v);
              }
            }}
            searchable
          />
        )}
        <Field label="Context" text={d.context} />
        <Field label="Decision" text={d.decision} />
        <Field label="Alternatives" text={d.alternatives} />
        <Text size="xs" c="dimmed">
          {d.decided_by_name ? `Decided by ${d.decided_by_name}` : "Not decided yet"}
          {d.decided_at && ` on ${d.decided_at}`}
          {d.superseded_by && ` · superseded by “${name(d.superseded_by)}”`}
          {d.supersedes.length > 0 && ` · replaces ${d.supersedes.map((s) => `“${name(s)}”`).join(", ")}`}
        </Text>
        {(d.meetings.length > 0 || d.tasks.length > 0) && (
          <Group gap={4}>
            {d.meetings.map((m) => (
              <Badge key={m} variant="outline" tt="none" size="sm">
                Meeting: {name(m)}
              </Badge>
            ))}
            {d.tasks.map((t) => (
              <Badge key={t} variant="outline" color="grape" tt="none" size="sm">
                Task: {name(t)}
              </Badge>
            ))}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
