// Loads one piece of a project's data and reloads it whenever the app reports that project changed.
import { useCallback, useEffect, useRef, useState } from "react";
import { onProjectChanged, type ItemRef, type ProjectChanged } from "../ipc";
import { useIpcEvent } from "./useIpcEvent";

export type ProjectResource<T> = {
  /** The last loaded value; kept while a reload runs, so views do not flicker. */
  data: T | null;
  /** The last load's error message, cleared by the next successful load. */
  error: string | null;
  /** Replaces the value after a command returned the new state, without waiting for the reload. */
  update: (change: (current: T) => T) => void;
};

/**
 * Whether a change that touched `items` concerns a view: by default every change does. Pass one
 * (stable, e.g. from `touchesKinds`) so a view skips changes to items it does not show. A change
 * whose items are unknown (empty list) always concerns every view.
 */
export type Relevance = (items: ItemRef[]) => boolean;

/** A relevance test for views that show items of these kinds (e.g. `["task", "member"]`). */
export function touchesKinds(...kinds: ItemRef["kind"][]): Relevance {
  return (items) => items.some((i) => kinds.includes(i.kind));
}

/**
 * `load` must be stable (a module function, not an inline closure). A burst of change events
 * costs at most one load in flight plus one queued, never one load per event.
 */
export function useProjectResource<T>(
  projectId: string,
  load: (projectId: string) => Promise<T>,
  relevant?: Relevance,
): ProjectResource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const state = useRef({ projectId, inFlight: false, queued: false });

  const fetchNow = useCallback(() => {
    const s = state.current;
    if (s.inFlight) {
      s.queued = true;
      return;
    }
    s.inFlight = true;
    // Answers for another project, or from a loader since replaced (a view's new filter), are
    // dropped: the effect below starts new bookkeeping for each.
    load(s.projectId)
      .then(
        (value) => {
          if (state.current !== s) return;
          setData(value);
          setError(null);
        },
        (e: unknown) => {
          if (state.current !== s) return;
          setError(e instanceof Error ? e.message : String(e));
        },
      )
      .finally(() => {
        s.inFlight = false;
        if (s.queued) {
          s.queued = false;
          // A replaced bookkeeping has already started its own load.
          if (state.current === s) fetchNow();
        }
      });
  }, [load]);

  useEffect(() => {
    // A new project or loader gets its own bookkeeping, so answers for the previous one are dropped.
    state.current = { projectId, inFlight: false, queued: false };
    setData(null);
    setError(null);
    fetchNow();
  }, [projectId, fetchNow]);

  useIpcEvent(onProjectChanged, (changed: ProjectChanged) => {
    if (changed.project !== state.current.projectId) return;
    if (changed.items.length === 0 || !relevant || relevant(changed.items)) fetchNow();
  });

  const update = useCallback((change: (current: T) => T) => {
    setData((current) => (current === null ? current : change(current)));
  }, []);

  return { data, error, update };
}
