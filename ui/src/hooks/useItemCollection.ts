// Keeps every item of one kind of a project as a map by id: loaded whole once, then patched item by item from project-changed.
import { useCallback, useEffect, useRef, useState } from "react";
import { onProjectChanged, type ItemRef, type ProjectChanged } from "../ipc";
import { useIpcEvent } from "./useIpcEvent";

type Kind = ItemRef["kind"];

/** Where a collection's items come from. Pass a module-level constant: the hook needs it stable. */
export type ItemSource<T> = {
  /** The kind of the items; changes naming items of this kind are patched in. */
  kind: Kind;
  /** Every item, deleted ones included (they stay in the map with their `deleted` flag). */
  loadAll: (projectId: string) => Promise<T[]>;
  /** One item; a rejection (e.g. not found) makes the hook reload everything. */
  loadOne: (projectId: string, id: string) => Promise<T>;
  idOf: (item: T) => string;
  /**
   * Other kinds whose changes can alter these items without naming them; such a change reloads
   * everything. Leave empty when every command that writes an item records it as touched.
   */
  reloadOn?: readonly Kind[];
  /** A change naming more items than this reloads everything instead (default `PATCH_LIMIT`). */
  patchLimit?: number;
};

export type ItemCollection<T> = {
  /** Every item by id, null until the first full load; a new Map after every applied answer. */
  data: ReadonlyMap<string, T> | null;
  /** The last full load's error message, cleared by the next successful full load. */
  error: string | null;
};

/** Above this many changed items one full load is cheaper than fetching each. */
export const PATCH_LIMIT = 50;

/**
 * The bookkeeping of one project's collection. Every load gets the next sequence number when it
 * is sent. An answer is applied only over older ones: a full load only if it is newer than the
 * full load the map rests on (`base`), a single item only if it is newer than both `base` and the
 * item's last patch. A load sent after a change was announced reads a document that has that
 * change, and every later change sends another load, so the newest answer is never wrong.
 */
type Book<T> = {
  projectId: string;
  next: number;
  items: Map<string, T>;
  base: number;
  patched: Map<string, number>;
  loaded: boolean;
  fullInFlight: boolean;
  fullQueued: boolean;
};

const newBook = <T>(projectId: string): Book<T> => ({
  projectId,
  next: 1,
  items: new Map(),
  base: 0,
  patched: new Map(),
  loaded: false,
  fullInFlight: false,
  fullQueued: false,
});

/**
 * Like `useProjectResource`, for collections too large to refetch on every change (the plan's
 * thousands of tasks): a change that names at most `patchLimit` items of `source.kind` (and no
 * `reloadOn` kind) fetches just those with `loadOne` and patches them in; anything else (more
 * items, a `reloadOn` kind, unknown items, a failed `loadOne`) reloads everything, at most one
 * full load in flight plus one queued.
 */
export function useItemCollection<T>(projectId: string, source: ItemSource<T>): ItemCollection<T> {
  const [data, setData] = useState<ReadonlyMap<string, T> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const bookRef = useRef<Book<T>>(newBook(projectId));

  const loadAll = useCallback(() => {
    const book = bookRef.current;
    if (book.fullInFlight) {
      book.fullQueued = true;
      return;
    }
    book.fullInFlight = true;
    const seq = book.next++;
    source
      .loadAll(book.projectId)
      .then(
        (list) => {
          if (bookRef.current !== book || seq <= book.base) return;
          const items = new Map(list.map((item) => [source.idOf(item), item] as const));
          // Items patched after this load was sent are newer than what it read.
          for (const [id, at] of book.patched) {
            if (at > seq) {
              const newer = book.items.get(id);
              if (newer !== undefined) items.set(id, newer);
            } else {
              book.patched.delete(id);
            }
          }
          book.items = items;
          book.base = seq;
          book.loaded = true;
          setData(items);
          setError(null);
        },
        (e: unknown) => {
          if (bookRef.current !== book) return;
          setError(e instanceof Error ? e.message : String(e));
        },
      )
      .finally(() => {
        book.fullInFlight = false;
        if (book.fullQueued && bookRef.current === book) {
          book.fullQueued = false;
          loadAll();
        }
      });
  }, [source]);

  const patch = useCallback(
    (ids: string[]) => {
      const book = bookRef.current;
      const seq = book.next++;
      Promise.all(ids.map((id) => source.loadOne(book.projectId, id))).then(
        (found) => {
          if (bookRef.current !== book || seq <= book.base) return;
          let items: Map<string, T> | null = null;
          for (const item of found) {
            const id = source.idOf(item);
            if ((book.patched.get(id) ?? 0) >= seq) continue;
            items ??= new Map(book.items);
            items.set(id, item);
            book.patched.set(id, seq);
          }
          if (items === null) return;
          book.items = items;
          if (book.loaded) setData(items);
        },
        () => {
          // Gone from the project (or unreadable): only a full load knows what to show now.
          if (bookRef.current === book) loadAll();
        },
      );
    },
    [source, loadAll],
  );

  useEffect(() => {
    // A new project gets its own bookkeeping, so answers about the previous one are dropped.
    bookRef.current = newBook(projectId);
    setData(null);
    setError(null);
    loadAll();
    // After unmounting, answers still on their way are dropped and no queued load is sent.
    return () => void (bookRef.current = newBook(projectId));
  }, [projectId, loadAll]);

  useIpcEvent(onProjectChanged, (changed: ProjectChanged) => {
    const book = bookRef.current;
    if (changed.project !== book.projectId) return;
    if (changed.items.length === 0) return loadAll();
    const reloadOn = source.reloadOn ?? [];
    if (changed.items.some((i) => reloadOn.includes(i.kind))) return loadAll();
    const ids = [...new Set(changed.items.filter((i) => i.kind === source.kind).map((i) => i.id))];
    if (ids.length === 0) return;
    // A full load that is yet to be sent will read this change anyway.
    if (book.fullQueued) return;
    // Nothing to patch until a full load worked; while the first one runs, patches are kept for it.
    if (ids.length > (source.patchLimit ?? PATCH_LIMIT) || (!book.loaded && !book.fullInFlight)) return loadAll();
    patch(ids);
  });

  return { data, error };
}
