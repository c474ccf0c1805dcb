// Subscribes a component to one IPC event for its lifetime; the latest handler is always the one called.
import { useEffect, useRef } from "react";
import type { Unsubscribe } from "../ipc";

/**
 * `subscribe` is one of the ipc module's `on…` functions. Subscribing is asynchronous, so an
 * unmount that happens before it resolves still unsubscribes once it does.
 */
export function useIpcEvent<T>(
  subscribe: (handler: (payload: T) => void) => Promise<Unsubscribe>,
  handler: (payload: T) => void,
): void {
  const latest = useRef(handler);
  latest.current = handler;

  useEffect(() => {
    let unsubscribe: Unsubscribe | null = null;
    let active = true;
    subscribe((payload) => {
      if (active) latest.current(payload);
    }).then(
      (stop) => {
        if (active) unsubscribe = stop;
        else stop();
      },
      (error: unknown) => console.warn("cannot listen to an app event:", error),
    );
    return () => {
      active = false;
      unsubscribe?.();
    };
  }, [subscribe]);
}
