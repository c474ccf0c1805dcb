// The list of changes: every change to the project, newest first, with who made it, when, what it
// says and which items it touched; filtered by member, item and period (by the core, over the
// whole history), and grouped by day or by author.
import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { useEffect, useMemo, useRef, useState } from "react";
import { views, type ChangeInfo, type HistoryFilter, type ItemRef } from "../../../ipc";
import type { HistoryRequest } from "../../../hooks/useItemHistory";
import { touchesKinds, useProjectResource } from "../../../hooks/useProjectResource";
import { AUTHOR_LIMIT, useHistory } from "../hooks/useHistory";
import { filterKey, isFiltered, noFilter, toHistoryFilter, type FilterForm, type Grouping } from "../utils/historyFilter";
import { itemLabel, withAuthorHeadings, withDayHeadings, withoutHeadings } from "../utils/historyRows";
import { HistoryFilters } from "./HistoryFilters";
import { HistoryList } from "./HistoryList";

const loadMembers = (projectId: string) => views.members(projectId);
const membersOnly = touchesKinds("member");
const EVERYTHING: HistoryFilter = { member: null, item: null, from: null, to: null };

type Props = {
  projectId: string;
  onAsOf: (change: ChangeInfo) => void;
  /** An item whose history another view asked for: the list is narrowed to it. */
  itemRequest: HistoryRequest | null;
};

export function ChangesPanel({ projectId, onAsOf, itemRequest }: Props) {
  const members = useProjectResource(projectId, loadMembers, membersOnly);
  const [form, setForm] = useState<FilterForm>(() =>
    itemRequest === null ? noFilter : { ...noFilter, item: { ref: itemRequest.item, label: itemRequest.label } },
  );
  useEffect(() => {
    if (itemRequest !== null) setForm({ ...noFilter, item: { ref: itemRequest.item, label: itemRequest.label } });
  }, [itemRequest]);
  const [grouping, setGrouping] = useState<Grouping>("day");
  const parsed = toHistoryFilter(form);
  // While the period is being fixed, the last filter that made sense stays in force.
  const lastValid = useRef(EVERYTHING);
  if (parsed.filter !== null) lastValid.current = parsed.filter;
  const key = filterKey(lastValid.current, "none");
  // The same object while the filter says the same, so the history is not read again for nothing.
  const filter = useMemo(() => lastValid.current, [key]);
  const filtered = isFiltered(filter);

  const { loaded, authors, loadError, moreError, loadingMore, more, loadMore } = useHistory(projectId, filter, grouping);
  // Relative times and "Today" are worked out per render; headings are regrouped at most once a minute.
  const now = Date.now();
  const minute = Math.floor(now / 60_000);
  const rows = useMemo(() => {
    if (grouping === "author") return authors === null ? [] : withAuthorHeadings(authors.groups);
    const entries = loaded?.entries ?? [];
    return grouping === "day" ? withDayHeadings(entries, minute * 60_000) : withoutHeadings(entries);
  }, [grouping, authors, loaded, minute]);

  const total = grouping === "author" ? (authors?.total ?? null) : (loaded?.total ?? null);
  const status =
    grouping === "author"
      ? authors && (authors.count < authors.total
          ? `Grouped: the newest ${authors.count} of ${authors.total} matching changes (at most ${AUTHOR_LIMIT}); narrow the period to see the rest.`
          : `${authors.total} ${filtered ? "matching " : ""}changes, grouped by author`)
      : loaded && `${loaded.entries.length} of ${loaded.total} ${filtered ? "matching " : ""}changes loaded`;

  const showItem = (ref: ItemRef) => setForm((f) => ({ ...f, item: { ref, label: itemLabel(ref) } }));

  return (
    <Stack>
      <HistoryFilters
        projectId={projectId}
        value={form}
        onChange={setForm}
        periodError={parsed.error}
        grouping={grouping}
        onGrouping={setGrouping}
        members={members.data ?? []}
      />
      {loadError && (
        <Alert color="red" title="Cannot load the history">
          {loadError}
        </Alert>
      )}
      {total === null && !loadError && <Text c="dimmed">Loading history…</Text>}
      {total === 0 &&
        (filtered ? (
          <Text c="dimmed">No changes match these filters.</Text>
        ) : (
          <Text c="dimmed">No changes yet. Everything anyone changes in this project will be listed here.</Text>
        ))}
      {total !== null && total > 0 && (
        <>
          <Group>
            <Text size="sm" c="dimmed" data-testid="history-loaded">
              {status}
            </Text>
            {filtered && (
              <Button size="compact-sm" variant="subtle" data-testid="history-clear-filters" onClick={() => setForm(noFilter)}>
                Show every change
              </Button>
            )}
          </Group>
          {moreError && (
            <Alert color="red" title="Cannot load older changes">
              {moreError}
            </Alert>
          )}
          <HistoryList rows={rows} now={now} onNearEnd={moreError ? noop : loadMore} onItem={showItem} onAsOf={onAsOf} />
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

function noop() {}
