// Keeping loaded pages of the change history consistent while new changes arrive at the top.
import type { ChangeInfo, HistoryPage } from "../../../ipc";

export type Loaded = { entries: ChangeInfo[]; total: number };

/**
 * Folds a freshly loaded first page into what is loaded. When exactly the new changes (the
 * growth of `total`) sit on top of the page, the older pages stay valid and are kept, so the
 * member keeps their place. Anything else (say, a sync brought in old offline edits that sort
 * between loaded entries) starts over from the first page rather than show a history with holes.
 */
export function mergeFirstPage(loaded: Loaded | null, page: HistoryPage): Loaded {
  if (loaded === null) return { entries: page.entries, total: page.total };
  const known = new Set(loaded.entries.map((e) => e.hash));
  const fresh = page.entries.filter((e) => !known.has(e.hash));
  const onTop = page.entries.slice(0, fresh.length).every((e) => !known.has(e.hash));
  if (page.total - loaded.total === fresh.length && onTop) {
    return { entries: [...fresh, ...loaded.entries], total: page.total };
  }
  return { entries: page.entries, total: page.total };
}

/** Appends an older page, skipping changes already loaded (pages may overlap after new changes). */
export function appendPage(loaded: Loaded, page: HistoryPage): Loaded {
  const known = new Set(loaded.entries.map((e) => e.hash));
  return {
    entries: [...loaded.entries, ...page.entries.filter((e) => !known.has(e.hash))],
    total: Math.max(page.total, loaded.total),
  };
}

/** Whether older changes remain to be loaded. */
export function hasMore(loaded: Loaded): boolean {
  return loaded.entries.length < loaded.total;
}
