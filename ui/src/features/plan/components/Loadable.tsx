// The three states every part of the plan has before its content: loading, failed, loaded.
import { Alert, Loader, Group, Text } from "@mantine/core";
import type { ReactNode } from "react";

export function Loadable<T>(props: {
  data: T | null;
  error: string | null;
  what: string;
  children: (data: T) => ReactNode;
}) {
  const { data, error, what, children } = props;
  if (error !== null) {
    return (
      <Alert color="red" title={`Cannot load the ${what}`}>
        {error}
      </Alert>
    );
  }
  if (data === null) {
    return (
      <Group gap="xs">
        <Loader size="xs" />
        <Text c="dimmed">Loading the {what}…</Text>
      </Group>
    );
  }
  return <>{children(data)}</>;
}

/** The core's refusal of the last change, until the member closes it or the next change works. */
export function CommandError({ error, onClose }: { error: string | null; onClose: () => void }) {
  if (error === null) return null;
  return (
    <Alert color="red" title="That change was not saved" withCloseButton onClose={onClose} data-testid="plan-error">
      {error}
    </Alert>
  );
}
