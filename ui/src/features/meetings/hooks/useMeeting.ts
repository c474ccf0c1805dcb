// One meeting, kept current like useProjectResource, plus what the notes editor needs on top: a
// way to hold change events while its keystrokes are saved (each is a change).
import { useCallback, useEffect, useRef, useState } from "react";
import { onProjectChanged, views, type ItemRef, type MeetingView } from "../../../ipc";
import { useIpcEvent } from "../../../hooks/useIpcEvent";

export type LoadedMeeting = {
  meeting: MeetingView | null;
  error: string | null;
  /**
   * While held, change events do not refetch: the notes editor holds them while its own
   * keystrokes are being saved (each is a change); releasing reloads once.
   */
  holdEvents: (hold: boolean) => void;
};

/** The meeting view also shows member names and decision titles, so changes to those matter too. */
function concerns(items: ItemRef[], meetingId: string): boolean {
  return (
    items.length === 0 ||
    items.some((i) => (i.kind === "meeting" && i.id === meetingId) || i.kind === "decision" || i.kind === "member")
  );
}

export function useMeeting(projectId: string, meetingId: string): LoadedMeeting {
  const [state, setState] = useState<{ meeting: MeetingView | null; error: string | null }>({
    meeting: null,
    error: null,
  });
  const key = `${projectId}/${meetingId}`;
  const run = useRef({ key, inFlight: false, queued: false });
  const held = useRef(false);

  const fetchNow = useCallback(() => {
    const r = run.current;
    if (r.inFlight) {
      r.queued = true;
      return;
    }
    r.inFlight = true;
    const forKey = r.key;
    views
      .meeting(projectId, meetingId)
      .then(
        (meeting) => {
          if (run.current.key === forKey) setState({ meeting, error: null });
        },
        (e: unknown) => {
          if (run.current.key !== forKey) return;
          setState((s) => ({ ...s, error: e instanceof Error ? e.message : String(e) }));
        },
      )
      .finally(() => {
        r.inFlight = false;
        if (r.queued) {
          r.queued = false;
          fetchNow();
        }
      });
  }, [projectId, meetingId]);

  useEffect(() => {
    // Answers about another meeting are dropped.
    run.current = { key, inFlight: false, queued: false };
    setState({ meeting: null, error: null });
    fetchNow();
  }, [key, fetchNow]);

  useIpcEvent(onProjectChanged, (changed) => {
    if (!held.current && changed.project === projectId && concerns(changed.items, meetingId)) fetchNow();
  });

  const holdEvents = useCallback(
    (hold: boolean) => {
      const released = held.current && !hold;
      held.current = hold;
      if (released) fetchNow();
    },
    [fetchNow],
  );
  return { meeting: state.meeting, error: state.error, holdEvents };
}
