// The workload grid: members × ISO weeks of planned task hours against each member's weekly
// capacity; over-allocated weeks in red with the overload. A member's capacity is edited in place.
import { Alert, Button, Group, SegmentedControl, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useCallback, useState } from "react";
import { views, type WorkloadView as Workload } from "../../../ipc";
import { touchesKinds, useProjectResource } from "../../../hooks/useProjectResource";
import { useCommand } from "../../../hooks/useCommand";
import { addWeeks, hoursText, mondayOf, overload } from "../utils/weeks";

const workloadKinds = touchesKinds("task", "member");
const SPANS = ["4", "8", "12"];

type Row = Workload["rows"][number];
type Cell = Row["cells"][number];

function LoadCell({ row, cell }: { row: Row; cell: Cell }) {
  const over = overload(cell.hours, cell.capacity);
  return (
    <Table.Td
      data-testid="workload-cell"
      data-member={row.member}
      data-week={cell.week}
      data-over={cell.over ? "true" : "false"}
      bg={cell.over ? "var(--mantine-color-red-light)" : undefined}
      ta="center"
      title={`${row.name}, ${cell.week}: ${hoursText(cell.hours)} h planned of ${hoursText(cell.capacity)} h`}
    >
      <Text size="sm" c={cell.over ? "red" : cell.hours === 0 ? "dimmed" : undefined} fw={cell.over ? 700 : undefined}>
        {hoursText(cell.hours)} / {hoursText(cell.capacity)} h
      </Text>
      {cell.over && (
        <Text size="xs" c="red" data-testid="workload-overload">
          +{hoursText(over)} h over
        </Text>
      )}
    </Table.Td>
  );
}

function Capacity({ projectId, row }: { projectId: string; row: Row }) {
  const { run, error, busy } = useCommand(projectId);
  const [value, setValue] = useState(String(row.capacity_hours));
  const [invalid, setInvalid] = useState<string | null>(null);
  // Enter then blur must not send the same change twice while the reload is on its way.
  const [sent, setSent] = useState(row.capacity_hours);

  async function save() {
    const hours = Number(value.trim());
    if (value.trim() === "" || !Number.isFinite(hours) || hours < 0) {
      setInvalid("Enter hours per week, like 40 or 32.5");
      return;
    }
    setInvalid(null);
    if (hours === sent) return;
    setSent(hours);
    const done = await run({ area: "project", command: { action: "update_member", id: row.member, patch: { capacity_hours: hours } } });
    if (!done) setSent(row.capacity_hours);
  }

  return (
    <TextInput
      size="xs"
      w={110}
      aria-label={`Weekly capacity of ${row.name}`}
      data-testid="workload-capacity"
      rightSection={<Text size="xs">h</Text>}
      value={value}
      disabled={busy}
      error={invalid ?? error}
      onChange={(e) => setValue(e.currentTarget.value)}
      onBlur={() => void save()}
      onKeyDown={(e) => {
        if (e.key === "Enter") void save();
      }}
    />
  );
}

export function WorkloadView({ projectId }: { projectId: string }) {
  const thisMonday = mondayOf(new Date());
  const [monday, setMonday] = useState(thisMonday);
  const [weeks, setWeeks] = useState(8);
  // A new window is a new load; the hook reloads when this function changes.
  const load = useCallback((id: string) => views.workload(id, monday, weeks), [monday, weeks]);
  const { data, error } = useProjectResource(projectId, load, workloadKinds);
  // An answer for a window the member has already left is not shown.
  const workload = data !== null && data.from === monday && data.weeks.length === weeks ? data : null;

  return (
    <Stack data-testid="workload-view">
      <Title order={2}>Workload</Title>
      <Group justify="space-between">
        <Group gap="xs">
          <Button variant="default" size="xs" data-testid="workload-previous" onClick={() => setMonday(addWeeks(monday, -1))}>
            ← Previous week
          </Button>
          <Button variant="default" size="xs" data-testid="workload-today" disabled={monday === thisMonday} onClick={() => setMonday(thisMonday)}>
            This week
          </Button>
          <Button variant="default" size="xs" data-testid="workload-next" onClick={() => setMonday(addWeeks(monday, 1))}>
            Next week →
          </Button>
          <Text size="sm" c="dimmed" data-testid="workload-from">
            from Monday {monday}
          </Text>
        </Group>
        <SegmentedControl
          size="xs"
          data-testid="workload-span"
          data={SPANS.map((s) => ({ value: s, label: `${s} weeks` }))}
          value={String(weeks)}
          onChange={(v) => setWeeks(Number(v))}
        />
      </Group>

      {error && (
        <Alert color="red" title="Cannot load the workload">
          {error}
        </Alert>
      )}
      {workload === null && !error && <Text c="dimmed">Loading the workload…</Text>}
      {workload !== null && workload.rows.length === 0 && (
        <Text c="dimmed">No members yet. Add members to the project, then assign estimated tasks with dates to see their load.</Text>
      )}
      {workload !== null && workload.rows.length > 0 && (
        <Table.ScrollContainer minWidth={600}>
          <Table data-testid="workload-grid" withColumnBorders verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Member</Table.Th>
                {workload.weeks.map((week, i) => (
                  <Table.Th key={week} ta="center">
                    <Text size="sm" fw={600}>
                      {week}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {addWeeks(workload.from, i)}
                    </Text>
                  </Table.Th>
                ))}
                <Table.Th ta="center">Unscheduled</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {workload.rows.map((row) => (
                <Table.Tr key={row.member} data-testid="workload-row" data-member={row.member}>
                  <Table.Td>
                    <Text size="sm" fw={500} c={row.active ? undefined : "dimmed"}>
                      {row.name}
                      {!row.active && " (inactive)"}
                    </Text>
                    <Capacity key={row.capacity_hours} projectId={projectId} row={row} />
                  </Table.Td>
                  {row.cells.map((cell) => (
                    <LoadCell key={cell.week} row={row} cell={cell} />
                  ))}
                  <Table.Td ta="center" data-testid="workload-unscheduled">
                    <Text size="sm" c={row.unscheduled > 0 ? undefined : "dimmed"}>
                      {hoursText(row.unscheduled)} h
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Text size="xs" c="dimmed">
        Remaining estimate of open tasks, split between assignees and spread over the working days from start to due
        date. Tasks without dates count as unscheduled.
      </Text>
    </Stack>
  );
}
