// Notices for changes that arrived from other members (`remote-changes` events), newest first.
import { useCallback, useRef, useState } from "react";
import { onRemoteChanges, type RemoteChangesItem } from "../../../ipc";
import { useIpcEvent } from "../../../hooks/useIpcEvent";
import { FOLD_WITHIN_MS, foldArrivals } from "../utils/notices";

export type RemoteNotice = { key: number; changes: RemoteChangesItem; /** When it last grew (ms). */ at: number };

/** Older notices beyond this many are dropped: they said less than the newer ones. */
const MAX_NOTICES = 3;

export function useRemoteNotices(): { notices: RemoteNotice[]; dismiss: (key: number) => void } {
  const [notices, setNotices] = useState<RemoteNotice[]>([]);
  const nextKey = useRef(1);

  useIpcEvent(onRemoteChanges, (changes: RemoteChangesItem) => {
    const at = Date.now();
    setNotices((shown) => {
      // A burst from the same project (someone typing notes) grows the newest notice.
      const newest = shown[0];
      if (newest && newest.changes.project === changes.project && at - newest.at < FOLD_WITHIN_MS) {
        return [{ key: newest.key, changes: foldArrivals(newest.changes, changes), at }, ...shown.slice(1)];
      }
      return [{ key: nextKey.current++, changes, at }, ...shown].slice(0, MAX_NOTICES);
    });
  });

  const dismiss = useCallback((key: number) => setNotices((shown) => shown.filter((n) => n.key !== key)), []);
  return { notices, dismiss };
}
