// One meeting opened: its details, attendees, agenda, shared notes, decisions and action items.
import { Alert, Badge, Button, Divider, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import type { DecisionView, MemberView } from "../../../ipc";
import { useCommand } from "../../../hooks/useCommand";
import { useMeeting } from "../hooks/useMeeting";
import { formatMeetingTime } from "../utils/meetingTime";
import { ActionItems } from "./ActionItems";
import { AgendaList } from "./AgendaList";
import { Attendees } from "./Attendees";
import { MeetingDecisions } from "./MeetingDecisions";
import { MeetingDetailsForm } from "./MeetingDetailsForm";
import { NotesEditor } from "./NotesEditor";

type Props = {
  projectId: string;
  meetingId: string;
  members: MemberView[];
  decisions: DecisionView[] | null;
};

export function MeetingDetail({ projectId, meetingId, members, decisions }: Props) {
  const { meeting, error, holdEvents } = useMeeting(projectId, meetingId);
  const { run, error: commandError, clearError } = useCommand(projectId);
  const [editing, setEditing] = useState(false);

  if (meeting === null) {
    return error ? (
      <Alert color="red" title="Cannot load the meeting">
        {error}
      </Alert>
    ) : (
      <Text c="dimmed">Loading the meeting…</Text>
    );
  }

  const setDeleted = (deleted: boolean) =>
    void run({ area: "item", command: { action: deleted ? "delete" : "restore", kind: "meeting", id: meeting.id } });

  return (
    <Paper withBorder p="md" data-testid="meeting-detail" data-meeting-id={meeting.id}>
      <Stack gap="md">
        {editing ? (
          <MeetingDetailsForm meeting={meeting} run={run} onDone={() => setEditing(false)} />
        ) : (
          <Group justify="space-between" align="flex-start">
            <div>
              <Title order={3} data-testid="meeting-title">
                {meeting.title}
              </Title>
              <Text size="sm" c="dimmed">
                {formatMeetingTime(meeting.start, meeting.duration_minutes)}
                {meeting.location && ` · ${meeting.location}`}
                {meeting.series && ` · series ${meeting.series}`}
              </Text>
            </div>
            <Group gap="xs">
              {meeting.deleted && <Badge color="red">deleted</Badge>}
              <Button size="xs" variant="default" onClick={() => setEditing(true)}>
                Edit
              </Button>
              {meeting.deleted ? (
                <Button size="xs" variant="light" onClick={() => setDeleted(false)}>
                  Restore
                </Button>
              ) : (
                <Button data-testid="delete-meeting" size="xs" variant="light" color="red" onClick={() => setDeleted(true)}>
                  Delete
                </Button>
              )}
            </Group>
          </Group>
        )}
        {commandError && (
          <Alert color="red" title="That change was not saved" withCloseButton onClose={clearError}>
            {commandError}
          </Alert>
        )}
        {error && (
          <Alert color="orange" title="Showing the last loaded state">
            {error}
          </Alert>
        )}
        <Attendees meetingId={meeting.id} attendees={meeting.attendees} members={members} run={run} />
        <Divider />
        <AgendaList meetingId={meeting.id} agenda={meeting.agenda} run={run} />
        <Divider />
        <NotesEditor
          key={meeting.id}
          projectId={projectId}
          meetingId={meeting.id}
          notes={meeting.notes}
          onSaving={holdEvents}
        />
        <Divider />
        <MeetingDecisions meetingId={meeting.id} linked={meeting.decisions} all={decisions} run={run} />
        <Divider />
        <ActionItems meetingId={meeting.id} items={meeting.action_items} members={members} run={run} />
      </Stack>
    </Paper>
  );
}
