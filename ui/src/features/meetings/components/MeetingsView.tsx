// The meetings view: schedule a meeting, pick one from the list (newest first), work in it.
import { Alert, Grid, Paper, Stack, Switch, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { views, type Command } from "../../../ipc";
import { touchesKinds, useProjectResource } from "../../../hooks/useProjectResource";
import { useCommand } from "../../../hooks/useCommand";
import { byData, useFocusTarget } from "../../../hooks/useFocusRequest";
import { formatMeetingTime, newestFirst } from "../utils/meetingTime";
import { MeetingDetail } from "./MeetingDetail";
import { NewMeetingForm } from "./NewMeetingForm";

const loadMeetings = (projectId: string) => views.meetings(projectId);
const loadMembers = (projectId: string) => views.members(projectId);
const loadDecisions = (projectId: string) => views.decisions(projectId);
const meetingKinds = touchesKinds("meeting");
const memberKinds = touchesKinds("member");
const decisionKinds = touchesKinds("decision", "meeting");

export function MeetingsView({ projectId }: { projectId: string }) {
  const meetings = useProjectResource(projectId, loadMeetings, meetingKinds);
  const members = useProjectResource(projectId, loadMembers, memberKinds);
  const decisions = useProjectResource(projectId, loadDecisions, decisionKinds);
  const { run, error: addError } = useCommand(projectId);
  const [selected, setSelected] = useState<string | null>(null);
  const [showDeleted, setShowDeleted] = useState(false);

  async function add(command: Command) {
    const done = await run(command);
    if (done?.created) setSelected(done.created);
    return done?.created ?? null;
  }

  // A meeting opened from search is selected (deleted ones shown if need be) and its row highlighted.
  useFocusTarget("meeting", {
    lookup: (_, id) => {
      if (meetings.data === null) return meetings.error === null ? null : "The meetings could not be loaded.";
      return meetings.data.some((m) => m.id === id) ? true : "That meeting is not in this project any more.";
    },
    reveal: (_, id) => {
      if (meetings.data?.find((m) => m.id === id)?.deleted) setShowDeleted(true);
      setSelected(id);
    },
    selector: (_, id) => `[data-testid="meeting-row"]${byData("meeting-id", id)}`,
  });

  const list = meetings.data === null ? null : newestFirst(meetings.data.filter((m) => showDeleted || !m.deleted));
  const deletedCount = meetings.data?.filter((m) => m.deleted).length ?? 0;

  return (
    <Stack>
      <Title order={2}>Meetings</Title>
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <Paper withBorder p="sm">
              <NewMeetingForm members={members.data ?? []} onAdd={add} />
            </Paper>
            {addError && (
              <Alert color="red" title="The meeting was not added">
                {addError}
              </Alert>
            )}
            {meetings.error && (
              <Alert color="red" title="Cannot load the meetings">
                {meetings.error}
              </Alert>
            )}
            {members.error && (
              <Alert color="orange" title="Cannot load the members">
                {members.error}
              </Alert>
            )}
            {list === null && !meetings.error && <Text c="dimmed">Loading meetings…</Text>}
            {list !== null && list.length === 0 && (
              <Text c="dimmed">No meetings yet. Schedule the first one with the form above.</Text>
            )}
            {deletedCount > 0 && (
              <Switch
                size="xs"
                label={`Show deleted meetings (${deletedCount})`}
                checked={showDeleted}
                onChange={(e) => setShowDeleted(e.currentTarget.checked)}
              />
            )}
            {list !== null && list.length > 0 && (
              <Table highlightOnHover>
                <Table.Tbody>
                  {list.map((m) => (
                    <Table.Tr
                      key={m.id}
                      data-testid="meeting-row"
                      data-meeting-id={m.id}
                      aria-selected={m.id === selected}
                      bg={m.id === selected ? "var(--mantine-primary-color-light)" : undefined}
                      style={{ cursor: "pointer" }}
                      // A row that opens the meeting, for the keyboard as well as the mouse.
                      tabIndex={0}
                      role="button"
                      onClick={() => setSelected(m.id)}
                      onKeyDown={(e) => {
                        if (e.key === "Enter" || e.key === " ") {
                          e.preventDefault();
                          setSelected(m.id);
                        }
                      }}
                    >
                      <Table.Td>
                        <Text fw={500} td={m.deleted ? "line-through" : undefined}>
                          {m.title}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {formatMeetingTime(m.start, m.duration_minutes)}
                          {m.series && ` · ${m.series}`} · {m.attendee_count} attending
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          {selected === null ? (
            <Text c="dimmed">Pick a meeting to see its agenda, notes, decisions and action items.</Text>
          ) : (
            <MeetingDetail
              key={selected}
              projectId={projectId}
              meetingId={selected}
              members={members.data ?? []}
              decisions={decisions.data}
            />
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
