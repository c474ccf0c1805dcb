// Edits a meeting's title, time, length, series and place; sends only what changed.
import { Button, Group, NumberInput, Stack, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import type { Command, Executed, MeetingView } from "../../../ipc";
import { fromLocalInput, toLocalInput } from "../utils/meetingTime";
import { detailsOf, meetingPatch } from "../utils/meetingPatch";

type Props = {
  meeting: MeetingView;
  run: (command: Command) => Promise<Executed | null>;
  onDone: () => void;
};

export function MeetingDetailsForm({ meeting, run, onDone }: Props) {
  const [title, setTitle] = useState(meeting.title);
  const [start, setStart] = useState(toLocalInput(meeting.start));
  const [duration, setDuration] = useState<number | string>(meeting.duration_minutes);
  const [series, setSeries] = useState(meeting.series ?? "");
  const [location, setLocation] = useState(meeting.location ?? "");
  const startMillis = fromLocalInput(start);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (startMillis === null || typeof duration !== "number") return;
    const patch = meetingPatch(detailsOf(meeting), { title, start: startMillis, durationMinutes: duration, series, location });
    if (patch === null) return onDone();
    if (await run({ area: "meeting", command: { action: "update", id: meeting.id, patch } })) onDone();
  }

  return (
    <form onSubmit={save}>
      <Stack gap="xs">
        <TextInput data-testid="edit-meeting-title" label="Title" value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
        <Group grow align="flex-start">
          <TextInput
            type="datetime-local"
            label="Starts"
            value={start}
            onChange={(e) => setStart(e.currentTarget.value)}
            error={startMillis === null ? "Pick a date and time" : undefined}
          />
          <NumberInput label="Minutes" min={1} value={duration} onChange={setDuration} />
        </Group>
        <Group grow>
          <TextInput data-testid="edit-meeting-series" label="Series" value={series} onChange={(e) => setSeries(e.currentTarget.value)} />
          <TextInput label="Where" value={location} onChange={(e) => setLocation(e.currentTarget.value)} />
        </Group>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button data-testid="save-meeting" type="submit" disabled={startMillis === null || typeof duration !== "number"}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
