// The log entries in a virtualised scroll area (the log can hold tens of thousands): only the
// rows in view are in the DOM, and the next page loads as the member nears the end.
import { Button, Center, Loader, ScrollArea, Text } from "@mantine/core";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef } from "react";
import type { ItemRef, LogEntryView } from "../../../ipc";
import { LogEntryRow, type FixText } from "./LogEntryRow";

type Props = {
  entries: LogEntryView[];
  total: number;
  loading: boolean;
  loadMore: () => void;
  /** Off after a failed load, so scrolling does not retry it in a loop; the button still does. */
  autoLoad: boolean;
  nameOf: (ref: ItemRef) => string;
  onRef: (ref: ItemRef) => void;
  onAnnotate: (entry: LogEntryView) => void;
  onFix: FixText;
  /** An entry to bring into view (opened from search), if it is loaded; a new object each time it is asked for. */
  scrollTo?: { id: string } | null;
};

/** Start the next page this many rows before the end, so scrolling rarely waits. */
const PREFETCH_ROWS = 20;

export function LogList({ entries, total, loading, loadMore, autoLoad, nameOf, onRef, onAnnotate, onFix, scrollTo = null }: Props) {
  const viewport = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => viewport.current,
    estimateSize: () => 76,
    overscan: 8,
    getItemKey: (index) => entries[index]?.id ?? index,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? -1;
  const more = entries.length < total;

  // Only the rows in view exist, so the list scrolls to the entry before anything can highlight it.
  useEffect(() => {
    if (scrollTo === null) return;
    const index = entries.findIndex((e) => e.id === scrollTo.id);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: "center" });
    // Once per entry asked for, not on every page loaded after it.
  }, [scrollTo]);

  useEffect(() => {
    if (autoLoad && more && !loading && lastShown >= entries.length - PREFETCH_ROWS) loadMore();
  }, [autoLoad, more, loading, lastShown, entries.length, loadMore]);

  return (
    <>
      <ScrollArea h="60vh" viewportRef={viewport} type="auto" data-testid="log-list">
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((item) => {
            const entry = entries[item.index]!;
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                style={{ position: "absolute", top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
              >
                <LogEntryRow entry={entry} nameOf={nameOf} onRef={onRef} onAnnotate={onAnnotate} onFix={onFix} />
              </div>
            );
          })}
        </div>
      </ScrollArea>
      <Center>
        {loading ? (
          <Loader size="xs" />
        ) : more ? (
          <Button data-testid="log-load-more" size="xs" variant="subtle" onClick={loadMore}>
            Load more ({entries.length} of {total})
          </Button>
        ) : (
          <Text size="xs" c="dimmed">
            All {total} entries shown
          </Text>
        )}
      </Center>
    </>
  );
}
