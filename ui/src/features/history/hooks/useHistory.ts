// The project's change history that matches a filter, newest first. Listed (with or without day
// headings), it is loaded a page at a time: the first page follows every change to the project
// (any change is news here) and older pages come on demand. Grouped by author, the newest
// AUTHOR_LIMIT matching changes are grouped by the core in one read.
import { useCallback, useEffect, useRef, useState } from "react";
import { views, type AuthorGroup, type ChangeInfo, type FilteredHistory, type HistoryFilter } from "../../../ipc";
import { useProjectResource } from "../../../hooks/useProjectResource";
import { appendPage, hasMore, mergeFirstPage, type Loaded } from "../utils/historyPages";
import { filterKey, type Grouping } from "../utils/historyFilter";

export const PAGE_SIZE = 200;
/** How many of the newest matching changes are grouped by author (the most one read returns). */
export const AUTHOR_LIMIT = 500;

/** A page with the filter it was read for, so a page for an earlier filter is recognised. */
type Answer = { key: string; page: FilteredHistory };

/** The changes of a page that was read without grouping. */
function changesOf(page: FilteredHistory): ChangeInfo[] {
  switch (page.groups.by) {
    case "none":
      return page.groups.changes;
    case "day":
      return page.groups.days.flatMap((d) => d.changes);
    case "author":
      return page.groups.authors.flatMap((a) => a.changes);
  }
}

export type History = {
  /** The changes listed so far (not grouped by author); null until the first page arrives. */
  loaded: Loaded | null;
  /** Grouped by author: the groups, and how many matching changes they hold of how many. */
  authors: { groups: AuthorGroup[]; count: number; total: number } | null;
  loadError: string | null;
  /** An older page failed to load; the message, until the next try succeeds. */
  moreError: string | null;
  loadingMore: boolean;
  more: boolean;
  loadMore: () => void;
};

export function useHistory(projectId: string, filter: HistoryFilter, grouping: Grouping): History {
  const byAuthor = grouping === "author";
  const key = `${projectId}#${filterKey(filter, byAuthor ? "author" : "none")}`;
  // The filter as of `key`: the loader below changes exactly when the key does.
  const current = useRef({ filter, key });
  current.current = { filter, key };

  const loadFirstPage = useCallback(
    (p: string): Promise<Answer> => {
      const asked = current.current;
      const read = byAuthor
        ? views.historyFiltered(p, asked.filter, "author", 0, AUTHOR_LIMIT)
        : views.historyFiltered(p, asked.filter, "none", 0, PAGE_SIZE);
      return read.then((page) => ({ key: asked.key, page }));
    },
    // `key` stands for the filter (read through the ref), so a new filter is a new loader.
    [key, byAuthor],
  );
  const first = useProjectResource(projectId, loadFirstPage);
  const [state, setState] = useState<{ key: string; loaded: Loaded | null }>({ key, loaded: null });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  // Bumped whenever a first page arrives, so an older page asked for before it is dropped.
  const generation = useRef(0);
  // The last answer for the current filter. A slow answer for an earlier filter may replace
  // `first.data` after it; it is ignored, and the good one kept.
  const [latest, setLatest] = useState<Answer | null>(null);
  useEffect(() => {
    if (first.data !== null && first.data.key === key) setLatest(first.data);
  }, [first.data, key]);
  const answer = latest !== null && latest.key === key ? latest : null;
  const loaded = !byAuthor && state.key === key ? state.loaded : null;

  useEffect(() => {
    if (answer === null || byAuthor) return;
    const page = { total: answer.page.total, offset: answer.page.offset, entries: changesOf(answer.page) };
    // An older page asked for before this one may no longer line up; it is dropped and asked again.
    generation.current += 1;
    setMoreError(null);
    setState((s) => ({ key, loaded: mergeFirstPage(s.key === key ? s.loaded : null, page) }));
  }, [answer, byAuthor, key]);

  const loadMore = useCallback(() => {
    if (loaded === null || !hasMore(loaded) || loadingMore) return;
    const asked = generation.current;
    const { filter: f } = current.current;
    setLoadingMore(true);
    views
      .historyFiltered(projectId, f, "none", loaded.entries.length, PAGE_SIZE)
      .then(
        (page) => {
          if (generation.current !== asked) return;
          setMoreError(null);
          const older = { total: page.total, offset: page.offset, entries: changesOf(page) };
          setState((s) => (s.key === key && s.loaded ? { key, loaded: appendPage(s.loaded, older) } : s));
        },
        (e: unknown) => setMoreError(e instanceof Error ? e.message : String(e)),
      )
      .finally(() => setLoadingMore(false));
  }, [loaded, loadingMore, projectId, key]);

  const authors =
    byAuthor && answer !== null && answer.page.groups.by === "author"
      ? { groups: answer.page.groups.authors, count: answer.page.count, total: answer.page.total }
      : null;

  return {
    loaded,
    authors,
    loadError: first.error,
    moreError,
    loadingMore,
    more: loaded !== null && hasMore(loaded),
    loadMore,
  };
}
