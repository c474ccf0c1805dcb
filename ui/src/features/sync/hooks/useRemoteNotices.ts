// Notices for changes that arrived from other members (`remote-changes` events), newest first.
import { useCallback, useRef, useState } from "react";
import { onRemoteChanges, type RemoteChangesItem } from "../../../ipc";
import { useIpcEvent } from "../../../hooks/useIpcEvent";

export type RemoteNotice = { key: number; changes: RemoteChangesItem };

/** Older notices beyond this many are dropped: they said less than the newer ones. */
const MAX_NOTICES = 3;

export function useRemoteNotices(): { notices: RemoteNotice[]; dismiss: (key: number) => void } {
  const [notices, setNotices] = useState<RemoteNotice[]>([]);
  const nextKey = useRef(1);

  useIpcEvent(onRemoteChanges, (changes: RemoteChangesItem) => {
    const key = nextKey.current++;
    setNotices((shown) => [{ key, changes }, ...shown].slice(0, MAX_NOTICES));
  });

  const dismiss = useCallback((key: number) => setNotices((shown) => shown.filter((n) => n.key !== key)), []);
  return { notices, dismiss };
}
