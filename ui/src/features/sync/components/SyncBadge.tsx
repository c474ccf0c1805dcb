// The header's sync indicator: state label, unsent changes and last sync, always visible.
import { Badge, Group, Text } from "@mantine/core";
import { useNow, useSyncStatus } from "../hooks/useSyncStatus";
import { stateLabel, stateTone, syncBadgeText, type StateTone } from "../utils/format";

const TONE_COLORS: Record<StateTone, string> = { ok: "teal", busy: "blue", idle: "gray", error: "red" };

export function SyncBadge({ projectId }: { projectId: string }) {
  const { status, error } = useSyncStatus(projectId);
  const now = useNow(30_000);

  if (status === null) {
    return (
      <Text data-testid="sync-state" size="sm" c={error ? "red" : "dimmed"} title={error ?? undefined}>
        {error ? `Sync status unavailable: ${error}` : "Sync status loading…"}
      </Text>
    );
  }

  const text = syncBadgeText(status, now);
  const label = stateLabel(status.state);
  const rest = text.slice(label.length).replace(/^ · /, "");
  const where = status.server ? `${status.server}${status.role ? ` as ${status.role}` : ""}` : "no server";
  return (
    <Group data-testid="sync-state" gap="xs" wrap="nowrap" title={status.detail ? `${where}: ${status.detail}` : where}>
      <Badge color={TONE_COLORS[stateTone(status.state)]} variant="light" tt="none">
        {label}
      </Badge>
      {rest && (
        <Text size="sm" c="dimmed" truncate>
          {rest}
        </Text>
      )}
    </Group>
  );
}
