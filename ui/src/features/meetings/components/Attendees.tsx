// Who attends: a pill per attendee (remove with its ✕) and a picker for the members not in yet.
import { Group, NativeSelect, Pill, Stack, Text } from "@mantine/core";
import type { Command, Executed, MemberView } from "../../../ipc";
import type { Attendee } from "../types";

type Props = {
  meetingId: string;
  attendees: Attendee[];
  members: MemberView[];
  run: (command: Command) => Promise<Executed | null>;
};

export function Attendees({ meetingId, attendees, members, run }: Props) {
  const present = new Set(attendees.map((a) => a.id));
  const candidates = members.filter((m) => m.active && !m.deleted && !present.has(m.id));
  return (
    <Stack gap={4}>
      <Text fw={500} size="sm">
        Attendees
      </Text>
      <Group gap="xs">
        {attendees.length === 0 && (
          <Text size="sm" c="dimmed">
            Nobody yet. Pick who attends.
          </Text>
        )}
        {attendees.map((a) => (
          <Pill
            key={a.id}
            data-testid="attendee"
            data-member-id={a.id}
            withRemoveButton
            removeButtonProps={{ "aria-label": `Remove ${a.name}` }}
            onRemove={() => void run({ area: "meeting", command: { action: "remove_attendee", id: meetingId, member: a.id } })}
          >
            {a.name}
          </Pill>
        ))}
        {candidates.length > 0 && (
          <NativeSelect
            data-testid="add-attendee"
            aria-label="Add an attendee"
            size="xs"
            data={[{ value: "", label: "Add attendee…" }, ...candidates.map((m) => ({ value: m.id, label: m.name }))]}
            value=""
            onChange={(e) => {
              const member = e.currentTarget.value;
              if (member !== "") void run({ area: "meeting", command: { action: "add_attendee", id: meetingId, member } });
            }}
          />
        )}
      </Group>
    </Stack>
  );
}
