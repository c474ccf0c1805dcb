// One goal: its metric from baseline to target, progress, and the row's edits (value, status, delete).
import { ActionIcon, Badge, Button, Group, Menu, Progress, Table, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import type { GoalView } from "../../../ipc";
import { parseDecimal, progressText } from "../utils/goalForm";

export type GoalStatus = GoalView["status"];

const STATUS_COLOR: Record<string, string> = { active: "blue", achieved: "teal", abandoned: "gray" };

type Props = {
  goal: GoalView;
  ownerName: string | null;
  onRecord: (current: number) => Promise<boolean>;
  onStatus: (status: GoalStatus) => void;
  onEdit: () => void;
  onDelete: () => void;
};

export function GoalRow({ goal, ownerName, onRecord, onStatus, onEdit, onDelete }: Props) {
  const [current, setCurrent] = useState(String(goal.current));
  const [inputError, setInputError] = useState<string | null>(null);
  const changed = current.trim() !== String(goal.current);

  async function record() {
    const parsed = parseDecimal(current, "current value");
    if (!parsed.ok) {
      setInputError(parsed.message);
      return;
    }
    setInputError(null);
    await onRecord(parsed.value);
  }

  return (
    <Table.Tr data-testid="goal-row" data-goal-id={goal.id}>
      <Table.Td>
        <Text data-testid="goal-title" fw={500}>
          {goal.title}
        </Text>
        <Text size="xs" c="dimmed">
          {goal.metric || "No metric named"}
          {ownerName && ` · ${ownerName}`}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" data-testid="goal-values">
          {goal.baseline} → {goal.target}
        </Text>
      </Table.Td>
      <Table.Td w={170}>
        <Group gap={4} wrap="nowrap">
          <TextInput
            size="xs"
            w={90}
            aria-label={`Current value of ${goal.title}`}
            data-testid="goal-current"
            inputMode="decimal"
            value={current}
            error={inputError}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && changed) void record();
            }}
          />
          <Button size="xs" variant="light" data-testid="goal-record" disabled={!changed} onClick={() => void record()}>
            Save
          </Button>
        </Group>
      </Table.Td>
      <Table.Td w={160}>
        <Group gap="xs" wrap="nowrap">
          <Progress
            value={goal.progress * 100}
            color={goal.on_track === false ? "orange" : "teal"}
            style={{ flex: 1 }}
            aria-label={`Progress of ${goal.title}`}
          />
          <Text size="sm" data-testid="goal-progress">
            {progressText(goal.progress)}
          </Text>
        </Group>
        {goal.tasks_total > 0 && (
          <Text size="xs" c="dimmed">
            {goal.tasks_done}/{goal.tasks_total} linked tasks done
          </Text>
        )}
        {goal.on_track !== null && (
          <Text size="xs" c={goal.on_track ? "teal" : "orange"}>
            {goal.on_track ? "On track" : "Behind schedule"}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Badge variant="outline" color="gray" tt="none">
          {goal.horizon === "long" ? "Long term" : "Short term"}
        </Badge>
        {goal.due && (
          <Text size="xs" c="dimmed">
            due {goal.due}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Badge data-testid="goal-status" color={STATUS_COLOR[goal.status] ?? "gray"} variant="light" tt="none">
          {goal.status}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" aria-label={`Actions for ${goal.title}`} data-testid="goal-actions">
              ⋯
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={onEdit}>Edit</Menu.Item>
            {goal.status === "active" ? (
              <>
                <Menu.Item onClick={() => onStatus("achieved")}>Close as achieved</Menu.Item>
                <Menu.Item onClick={() => onStatus("abandoned")}>Close as abandoned</Menu.Item>
              </>
            ) : (
              <Menu.Item onClick={() => onStatus("active")}>Reopen</Menu.Item>
            )}
            <Menu.Divider />
            <Menu.Item color="red" onClick={onDelete}>
              Delete
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Table.Td>
    </Table.Tr>
  );
}
