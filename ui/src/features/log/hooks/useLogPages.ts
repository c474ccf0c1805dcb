// The project log, loaded a page at a time as the member scrolls. Loads run one after another,
// so a page and a refresh never interleave; a new filter or project drops answers to the old one.
import { useCallback, useEffect, useRef, useState } from "react";
import { onProjectChanged, views, type LogEntryView, type LogFilter } from "../../../ipc";
import { useIpcEvent } from "../../../hooks/useIpcEvent";
import { appendPage, pagesFor } from "../utils/logPaging";

export const PAGE_SIZE = 100;

export type LogPages = {
  entries: LogEntryView[] | null;
  /** How many entries match in all. */
  total: number;
  loading: boolean;
  error: string | null;
  loadMore: () => void;
};

export function useLogPages(projectId: string, filter: LogFilter): LogPages {
  const [state, setState] = useState<{ entries: LogEntryView[] | null; total: number; error: string | null }>({
    entries: null,
    total: 0,
    error: null,
  });
  const [loading, setLoading] = useState(false);
  // The truth for queued loads, which must see what earlier loads found before React renders.
  const current = useRef({ generation: 0, entries: [] as LogEntryView[], total: 0, loaded: false });
  const chain = useRef<Promise<void>>(Promise.resolve());
  const queued = useRef({ more: false, refresh: false });
  const filterKey = JSON.stringify(filter);

  const enqueue = useCallback(
    (kind: "more" | "refresh" | "reset", generation: number) => {
      if (kind !== "reset") {
        if (queued.current[kind]) return;
        queued.current[kind] = true;
      }
      setLoading(true);
      chain.current = chain.current.then(async () => {
        if (kind !== "reset") queued.current[kind] = false;
        const c = current.current;
        if (c.generation !== generation) return;
        try {
          let entries: LogEntryView[];
          let total: number;
          if (kind === "more") {
            if (c.loaded && c.entries.length >= c.total) return;
            const page = await views.log(projectId, filter, c.entries.length, PAGE_SIZE);
            entries = appendPage(c.entries, page.entries);
            total = page.total;
          } else {
            // Read again everything shown so far: entries merged from other replicas can land
            // anywhere in time order, not only at the top.
            entries = [];
            total = 0;
            for (const { offset, limit } of pagesFor(Math.max(kind === "reset" ? 0 : c.entries.length, PAGE_SIZE))) {
              const page = await views.log(projectId, filter, offset, limit);
              entries = appendPage(entries, page.entries);
              total = page.total;
              if (page.entries.length < limit) break;
            }
          }
          if (current.current.generation !== generation) return;
          current.current = { generation, entries, total, loaded: true };
          setState({ entries, total, error: null });
        } catch (e) {
          if (current.current.generation !== generation) return;
          setState((s) => ({ ...s, error: e instanceof Error ? e.message : String(e) }));
        }
      }).finally(() => {
        if (current.current.generation === generation && !queued.current.more && !queued.current.refresh) setLoading(false);
      });
    },
    // The filter is compared by value: a new object with the same conditions is the same filter.
    [projectId, filterKey],
  );

  useEffect(() => {
    const generation = current.current.generation + 1;
    current.current = { generation, entries: [], total: 0, loaded: false };
    queued.current = { more: false, refresh: false };
    setState({ entries: null, total: 0, error: null });
    enqueue("reset", generation);
  }, [enqueue]);

  useIpcEvent(onProjectChanged, (changed) => {
    if (changed.project !== projectId) return;
    if (changed.items.length === 0 || changed.items.some((i) => i.kind === "log_entry" || i.kind === "member")) {
      enqueue("refresh", current.current.generation);
    }
  });

  const loadMore = useCallback(() => enqueue("more", current.current.generation), [enqueue]);
  return { ...state, loading, loadMore };
}
