// One meeting, kept current like useProjectResource, plus what the notes editor needs on top:
// a way to reload on demand and the number of the load each value came from, so the editor can
// tell text read before its own last save from text read after it.
import { useCallback, useEffect, useRef, useState } from "react";
import { onProjectChanged, views, type ItemRef, type MeetingView } from "../../../ipc";
import { useIpcEvent } from "../../../hooks/useIpcEvent";

export type LoadedMeeting = {
  meeting: MeetingView | null;
  /** Which load produced `meeting`: loads are numbered from 1 in the order they start. */
  loadNumber: number;
  error: string | null;
  /** The number the next load to start will get. */
  nextLoadNumber: () => number;
  reload: () => void;
  /**
   * While held, change events do not refetch: the notes editor holds them while its own
   * keystrokes are being saved (each is a change) and reloads once when they are all saved.
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
  const [state, setState] = useState<{ meeting: MeetingView | null; loadNumber: number; error: string | null }>({
    meeting: null,
    loadNumber: 0,
    error: null,
  });
  const key = `${projectId}/${meetingId}`;
  const run = useRef({ key, inFlight: false, queued: false, started: 0 });
  const held = useRef(false);

  const fetchNow = useCallback(() => {
    const r = run.current;
    if (r.inFlight) {
      r.queued = true;
      return;
    }
    r.inFlight = true;
    const number = ++r.started;
    const forKey = r.key;
    views
      .meeting(projectId, meetingId)
      .then(
        (meeting) => {
          if (run.current.key === forKey) setState({ meeting, loadNumber: number, error: null });
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
    // Answers about another meeting are dropped; numbering goes on, so it never repeats.
    run.current = { key, inFlight: false, queued: false, started: run.current.started };
    setState({ meeting: null, loadNumber: 0, error: null });
    fetchNow();
  }, [key, fetchNow]);

  useIpcEvent(onProjectChanged, (changed) => {
    if (!held.current && changed.project === projectId && concerns(changed.items, meetingId)) fetchNow();
  });

  const nextLoadNumber = useCallback(() => run.current.started + 1, []);
  const holdEvents = useCallback((hold: boolean) => {
    held.current = hold;
  }, []);
  return { ...state, nextLoadNumber, reload: fetchNow, holdEvents };
}
