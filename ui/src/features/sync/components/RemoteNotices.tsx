// Inline notices when other members' changes arrive: who changed how much, and conflicts to review.
import { Alert, Stack } from "@mantine/core";
import { useRemoteNotices } from "../hooks/useRemoteNotices";
import { remoteNoticeParts } from "../utils/format";

export function RemoteNotices({ currentProject }: { currentProject: string | null }) {
  const { notices, dismiss } = useRemoteNotices();
  const shown = notices
    .map((n) => ({ ...n, parts: remoteNoticeParts(n.changes, currentProject) }))
    .filter((n) => n.parts.length > 0);
  if (shown.length === 0) return null;
  return (
    <Stack gap="xs" mb="md">
      {shown.map((n) => (
        <Alert
          key={n.key}
          data-testid="remote-notice"
          color={n.changes.conflicts > 0 || n.changes.deleted_edits > 0 ? "orange" : "blue"}
          variant="light"
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => dismiss(n.key)}
        >
          {n.parts.join(" · ")}
        </Alert>
      ))}
    </Stack>
  );
}
