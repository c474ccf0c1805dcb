// Schedules a meeting: title, start, length, series, place and who attends.
import { Button, Group, MultiSelect, NumberInput, Stack, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import type { Command, MemberView } from "../../../ipc";
import { fromLocalInput, nextFullHour, toLocalInput } from "../utils/meetingTime";

type Props = {
  members: MemberView[];
  /** Runs the command; resolves to the new meeting's id, or null when the core refused it. */
  onAdd: (command: Command) => Promise<string | null>;
};

export function NewMeetingForm({ members, onAdd }: Props) {
  const [title, setTitle] = useState("");
  const [start, setStart] = useState(() => toLocalInput(nextFullHour(new Date())));
  const [duration, setDuration] = useState<number | string>(60);
  const [series, setSeries] = useState("");
  const [location, setLocation] = useState("");
  const [attendees, setAttendees] = useState<string[]>([]);
  const [adding, setAdding] = useState(false);
  const startMillis = fromLocalInput(start);
  const ready = title.trim() !== "" && startMillis !== null && typeof duration === "number";

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!ready || adding) return;
    setAdding(true);
    const created = await onAdd({
      area: "meeting",
      command: {
        action: "add",
        title: title.trim(),
        start: startMillis,
        duration_minutes: duration,
        series: series.trim() === "" ? null : series.trim(),
        location: location.trim() === "" ? null : location.trim(),
        attendees,
      },
    });
    setAdding(false);
    // On a refusal everything stays as typed, so it can be fixed.
    if (created !== null) {
      setTitle("");
      setAttendees([]);
    }
  }

  const options = members.filter((m) => m.active && !m.deleted).map((m) => ({ value: m.id, label: m.name }));
  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <TextInput
          data-testid="new-meeting-title"
          label="New meeting"
          placeholder="Steering committee"
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
        />
        <Group grow align="flex-start">
          <TextInput
            data-testid="new-meeting-start"
            type="datetime-local"
            label="Starts"
            value={start}
            onChange={(e) => setStart(e.currentTarget.value)}
            error={startMillis === null ? "Pick a date and time" : undefined}
          />
          <NumberInput
            data-testid="new-meeting-duration"
            label="Minutes"
            min={1}
            max={7 * 24 * 60}
            value={duration}
            onChange={setDuration}
          />
        </Group>
        <Group grow>
          <TextInput
            data-testid="new-meeting-series"
            label="Series"
            placeholder="steering, standup…"
            value={series}
            onChange={(e) => setSeries(e.currentTarget.value)}
          />
          <TextInput
            data-testid="new-meeting-location"
            label="Where"
            value={location}
            onChange={(e) => setLocation(e.currentTarget.value)}
          />
        </Group>
        <MultiSelect
          data-testid="new-meeting-attendees"
          label="Attendees"
          placeholder={options.length === 0 ? "No members yet" : "Who attends"}
          data={options}
          value={attendees}
          onChange={setAttendees}
          searchable
        />
        <Group justify="flex-end">
          <Button data-testid="add-meeting" type="submit" disabled={!ready} loading={adding}>
            Add meeting
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
