// Loads one piece of a project's data and reloads it whenever the app reports that project changed.
import { useCallback, useEffect, useRef, useState } from "react";
import { onProjectChanged } from "../ipc";
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
 * `load` must be stable (a module function, not an inline closure). A burst of change events
 * costs at most one load in flight plus one queued, never one load per event.
 */
export function useProjectResource<T>(projectId: string, load: (projectId: string) => Promise<T>): ProjectResource<T> {
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
    const forProject = s.projectId;
    load(forProject)
      .then(
        (value) => {
          if (state.current.projectId !== forProject) return;
          setData(value);
          setError(null);
        },
        (e: unknown) => {
          if (state.current.projectId !== forProject) return;
          setError(e instanceof Error ? e.message : String(e));
        },
      )
      .finally(() => {
        s.inFlight = false;
        if (s.queued) {
          s.queued = false;
          fetchNow();
        }
      });
  }, [load]);

  useEffect(() => {
    // A new project gets its own bookkeeping, so answers about the previous one are dropped.
    state.current = { projectId, inFlight: false, queued: false };
    setData(null);
    setError(null);
    fetchNow();
  }, [projectId, fetchNow]);

  useIpcEvent(onProjectChanged, (changed: string) => {
    if (changed === state.current.projectId) fetchNow();
  });

  const update = useCallback((change: (current: T) => T) => {
    setData((current) => (current === null ? current : change(current)));
  }, []);

  return { data, error, update };
}
