// The virtualised history list: only the rows in view are in the DOM (a project can have
// hundreds of thousands of changes). Asks for older changes when the end comes into view. A
// change's item badges narrow the history to that item; "As of here" opens the project as it
// was right after the change.
import { Badge, Button, Group, Paper, Text } from "@mantine/core";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef } from "react";
import type { ChangeInfo, ItemRef } from "../../../ipc";
import { changeTime, itemLabel, type HistoryRow } from "../utils/historyRows";

/** How close to the end (in rows) the next page is asked for, so scrolling rarely waits. */
const PREFETCH_ROWS = 30;

type RowActions = {
  /** Narrows the history to an item the change touched. */
  onItem?: (item: ItemRef) => void;
  /** Opens the project as it was right after the change. */
  onAsOf?: (change: ChangeInfo) => void;
};

function ChangeRow({ change, now, onItem, onAsOf }: { change: ChangeInfo; now: number } & RowActions) {
  return (
    <Paper data-testid="history-row" data-hash={change.hash} px="sm" py={6} radius={0} style={{ borderBottom: "1px solid var(--mantine-color-default-border)" }}>
      <Group gap="xs" wrap="nowrap" align="baseline">
        <Text data-testid="history-author" size="sm" fw={600}>
          {change.author_name}
        </Text>
        <Text data-testid="history-time" size="xs" c="dimmed" title={new Date(change.time).toLocaleString()}>
          {changeTime(change.time, now)}
        </Text>
        {onAsOf && (
          <Button
            data-testid="history-as-of"
            size="compact-xs"
            variant="subtle"
            ml="auto"
            title="The project as it was right after this change (read-only)"
            onClick={() => onAsOf(change)}
          >
            As of here
          </Button>
        )}
      </Group>
      <Text data-testid="history-summary" size="sm">
        {change.summary || <Text span c="dimmed">(no description)</Text>}
      </Text>
      {change.items.length > 0 && (
        <Group gap={4} mt={2}>
          {change.items.map((item) => (
            <Badge
              key={`${item.kind}:${item.id}`}
              size="xs"
              variant="light"
              color="gray"
              tt="none"
              title={onItem ? `Show the history of ${item.kind} ${item.id}` : `${item.kind} ${item.id}`}
              component={onItem ? "button" : "span"}
              style={onItem ? { cursor: "pointer" } : undefined}
              onClick={onItem ? () => onItem(item) : undefined}
            >
              {itemLabel(item)}
            </Badge>
          ))}
        </Group>
      )}
    </Paper>
  );
}

type Props = { rows: HistoryRow[]; now: number; onNearEnd: () => void } & RowActions;

export function HistoryList({ rows, now, onNearEnd, onItem, onAsOf }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i]?.type === "change" ? 64 : 36),
    getItemKey: (i) => rows[i]?.key ?? i,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? -1;

  useEffect(() => {
    if (lastShown >= rows.length - 1 - PREFETCH_ROWS) onNearEnd();
  }, [lastShown, rows.length, onNearEnd]);

  return (
    <div ref={scrollRef} data-testid="history-scroll" style={{ height: "calc(100vh - 260px)", minHeight: 320, overflowY: "auto" }}>
      <div style={{ height: virtualizer.getTotalSize(), position: "relative", width: "100%" }}>
        {items.map((v) => {
          const row = rows[v.index];
          if (row === undefined) return null;
          return (
            <div
              key={v.key}
              data-index={v.index}
              ref={virtualizer.measureElement}
              style={{ position: "absolute", top: 0, left: 0, width: "100%", transform: `translateY(${v.start}px)` }}
            >
              {row.type === "change" ? (
                <ChangeRow change={row.change} now={now} onItem={onItem} onAsOf={onAsOf} />
              ) : (
                <Text data-testid={`history-${row.type}`} fw={700} size="sm" pt="sm" pb={4} px="sm" bg="var(--mantine-color-body)">
                  {row.label}
                </Text>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
