// The change history: every change to the project, newest first, by day, with who made it, when,
// what it says and which items it touched. Read-only; diffs and time travel come with the
// coordinator's desk.
import { Alert, Button, Group, Select, Stack, Text, Title } from "@mantine/core";
import { useCallback, useMemo, useState } from "react";
import { useHistory } from "../hooks/useHistory";
import { authorOptions, byAuthor, withDayHeadings } from "../utils/historyRows";
import { HistoryList } from "./HistoryList";

export function HistoryView({ projectId }: { projectId: string }) {
  const { loaded, loadError, moreError, loadingMore, more, loadMore } = useHistory(projectId);
  const [author, setAuthor] = useState<string | null>(null);
  // Relative times and "Today" are worked out per render; the list re-renders on every change.
  const now = Date.now();
  const entries = loaded?.entries;
  const authors = useMemo(() => authorOptions(entries ?? []), [entries]);
  const shown = useMemo(() => byAuthor(entries ?? [], author), [entries, author]);
  // Headings ("Today") are regrouped at most once a minute, not on every render.
  const minute = Math.floor(now / 60_000);
  const rows = useMemo(() => withDayHeadings(shown, minute * 60_000), [shown, minute]);

  // With a member filter on, few rows may fill the screen, and paging on by itself could read the
  // whole history; so older pages then come only when the member asks for them.
  const onNearEnd = useCallback(() => {
    if (author === null && !moreError) loadMore();
  }, [author, moreError, loadMore]);

  return (
    <Stack>
      <Title order={2}>History</Title>
      {loadError && (
        <Alert color="red" title="Cannot load the history">
          {loadError}
        </Alert>
      )}
      {loaded === null && !loadError && <Text c="dimmed">Loading history…</Text>}
      {loaded !== null && loaded.total === 0 && (
        <Text c="dimmed">No changes yet. Everything anyone changes in this project will be listed here.</Text>
      )}
      {loaded !== null && loaded.total > 0 && (
        <>
          <Group align="flex-end">
            <Select
              data-testid="history-member-filter"
              label="Changes by"
              placeholder="Everyone"
              data={authors}
              value={author}
              onChange={setAuthor}
              clearable
              w={240}
            />
            <Text size="sm" c="dimmed" data-testid="history-loaded">
              {author === null
                ? `${loaded.entries.length} of ${loaded.total} changes loaded`
                : `The filter looks through the ${loaded.entries.length} of ${loaded.total} changes loaded so far; load older ones to search further back.`}
            </Text>
          </Group>
          {moreError && (
            <Alert color="red" title="Cannot load older changes">
              {moreError}
            </Alert>
          )}
          {rows.length === 0 ? (
            <Text c="dimmed">No changes by this member among those loaded.</Text>
          ) : (
            <HistoryList rows={rows} now={now} onNearEnd={onNearEnd} />
          )}
          {more && (
            <Group>
              <Button data-testid="history-load-more" variant="light" loading={loadingMore} onClick={loadMore}>
                Load older changes
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
