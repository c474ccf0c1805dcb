// The sync status of one project: loaded once, then kept current by `sync-status` events.
import { useEffect, useState } from "react";
import { onSyncStatus, syncStatuses, type SyncStatusItem } from "../../../ipc";
import { useIpcEvent } from "../../../hooks/useIpcEvent";

export type SyncStatusState = { status: SyncStatusItem | null; error: string | null };

export function useSyncStatus(projectId: string): SyncStatusState {
  const [byProject, setByProject] = useState<ReadonlyMap<string, SyncStatusItem>>(new Map());
  const [error, setError] = useState<string | null>(null);

  // Reloaded when the project on screen changes: a project created or joined a moment ago may
  // not have had an event yet.
  useEffect(() => {
    let active = true;
    syncStatuses().then(
      (all) => {
        if (!active) return;
        setByProject((known) => {
          const next = new Map(known);
          for (const s of all) next.set(s.project, s);
          return next;
        });
        setError(null);
      },
      (e: unknown) => active && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      active = false;
    };
  }, [projectId]);

  useIpcEvent(onSyncStatus, (status: SyncStatusItem) => {
    setByProject((known) => new Map(known).set(status.project, status));
  });

  return { status: byProject.get(projectId) ?? null, error };
}

/** The current time, refreshed every `everyMs`, so "synced 2 minutes ago" keeps counting. */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
