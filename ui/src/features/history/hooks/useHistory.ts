// The project's change history, newest first, loaded a page at a time. The first page follows
// every change to the project (any change is news here); older pages are loaded on demand.
import { useCallback, useEffect, useRef, useState } from "react";
import { views, type HistoryPage } from "../../../ipc";
import { useProjectResource } from "../../../hooks/useProjectResource";
import { appendPage, hasMore, mergeFirstPage, type Loaded } from "../utils/historyPages";

export const PAGE_SIZE = 200;

const loadFirstPage = (projectId: string): Promise<HistoryPage> => views.history(projectId, 0, PAGE_SIZE);

export type History = {
  loaded: Loaded | null;
  loadError: string | null;
  /** An older page failed to load; the message, until the next try succeeds. */
  moreError: string | null;
  loadingMore: boolean;
  more: boolean;
  loadMore: () => void;
};

export function useHistory(projectId: string): History {
  const first = useProjectResource(projectId, loadFirstPage);
  const [state, setState] = useState<{ projectId: string; loaded: Loaded | null }>({ projectId, loaded: null });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  // Bumped whenever a first page arrives, so an older page asked for before it is dropped.
  const generation = useRef(0);
  const loaded = state.projectId === projectId ? state.loaded : null;

  useEffect(() => {
    const page = first.data;
    if (page === null) return;
    // An older page asked for before this one may no longer line up; it is dropped and asked again.
    generation.current += 1;
    setState((s) => ({ projectId, loaded: mergeFirstPage(s.projectId === projectId ? s.loaded : null, page) }));
  }, [first.data, projectId]);

  const loadMore = useCallback(() => {
    if (loaded === null || !hasMore(loaded) || loadingMore) return;
    const asked = generation.current;
    setLoadingMore(true);
    views
      .history(projectId, loaded.entries.length, PAGE_SIZE)
      .then(
        (page) => {
          if (generation.current !== asked) return;
          setMoreError(null);
          setState((s) => (s.projectId === projectId && s.loaded ? { projectId, loaded: appendPage(s.loaded, page) } : s));
        },
        (e: unknown) => setMoreError(e instanceof Error ? e.message : String(e)),
      )
      .finally(() => setLoadingMore(false));
  }, [loaded, loadingMore, projectId]);

  return {
    loaded,
    loadError: first.error,
    moreError,
    loadingMore,
    more: loaded !== null && hasMore(loaded),
    loadMore,
  };
}
