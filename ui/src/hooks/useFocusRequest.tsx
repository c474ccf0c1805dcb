// Opening one item from elsewhere (a search hit): the shell puts a focus request (kind + id) in a
// store, the view that shows that kind reads it, shows the item, and settles the request.
// It lives here rather than in app/ because features may not import the shell.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from "react";
import type { ItemRef } from "../ipc";

type Kind = ItemRef["kind"];

export type FocusRequest = {
  kind: Kind;
  id: string;
  /** What the item is called (a search hit's label), for messages. */
  label: string;
  /** Tells requests apart: asking for the same item twice is two requests. */
  seq: number;
};

export type FocusState = {
  /** Waiting for the view that shows its kind; null once settled or cancelled. */
  request: FocusRequest | null;
  /** What the shell tells the member about the last request (what was opened, or why it could not be shown). */
  note: string | null;
};

export type FocusStore = {
  get: () => FocusState;
  subscribe: (listener: () => void) => () => void;
  /** Asks the view showing `kind` to show item `id`; `note` says what was opened. */
  request: (kind: Kind, id: string, label: string, note: string) => void;
  /** Says what was opened without asking any view to focus anything (kinds no view can point at). */
  say: (note: string) => void;
  /** The view handled request `seq`; a `note` replaces what the shell says (e.g. why the item is not shown). */
  settle: (seq: number, note?: string) => void;
  /** Drops the pending request and the note (the member went elsewhere). */
  cancel: () => void;
  /** Forgets the note only. */
  dismiss: () => void;
};

export function createFocusStore(): FocusStore {
  let state: FocusState = { request: null, note: null };
  let next = 1;
  const listeners = new Set<() => void>();
  const set = (change: Partial<FocusState>) => {
    state = { ...state, ...change };
    listeners.forEach((l) => l());
  };
  return {
    get: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    request: (kind, id, label, note) => set({ request: { kind, id, label, seq: next++ }, note }),
    say: (note) => set({ request: null, note }),
    settle: (seq, note) => {
      if (state.request?.seq !== seq) return;
      set(note === undefined ? { request: null } : { request: null, note });
    },
    cancel: () => {
      if (state.request !== null || state.note !== null) set({ request: null, note: null });
    },
    dismiss: () => {
      if (state.note !== null) set({ note: null });
    },
  };
}

/** Outside a provider (a view rendered on its own) nothing is ever requested. */
const idle = createFocusStore();
const FocusContext = createContext<FocusStore>(idle);

export function FocusProvider({ store, children }: { store: FocusStore; children: ReactNode }) {
  return <FocusContext.Provider value={store}>{children}</FocusContext.Provider>;
}

/** The whole state, for the shell (its note). */
export function useFocusState(): FocusState & { store: FocusStore } {
  const store = useContext(FocusContext);
  const state = useSyncExternalStore(store.subscribe, store.get);
  return { ...state, store };
}

export type PendingFocus = {
  /** The request for one of `kinds`, or null. */
  request: FocusRequest | null;
  /** The item to show, or null: `request?.id`. */
  id: string | null;
  /** Marks the request handled; `note` replaces what the shell says (e.g. "not on this page"). */
  done: (note?: string) => void;
};

/**
 * The pending request for an item of `kinds`, if any. A view shows the item and then calls
 * `done`; reading without calling `done` (e.g. to switch a tab first) leaves it pending.
 */
export function useFocusRequest(kinds: Kind | readonly Kind[]): PendingFocus {
  const { request, store } = useFocusState();
  const wanted = typeof kinds === "string" ? [kinds] : kinds;
  const mine = request !== null && wanted.includes(request.kind) ? request : null;
  const seq = mine?.seq ?? null;
  const done = useCallback((note?: string) => (seq === null ? undefined : store.settle(seq, note)), [store, seq]);
  return { request: mine, id: mine?.id ?? null, done };
}

/** How long a focused item stays highlighted. */
export const HIGHLIGHT_MS = 4000;
const FIND_TRIES = 20;
const FIND_EVERY_MS = 50;

/**
 * Scrolls the element matching a selector into view and marks it `data-focused` (the shell's
 * stylesheet highlights it) for a few seconds. The element may appear a little later (after a
 * filter is cleared, or a virtual list scrolled to it), so it is looked for a few times.
 */
export function useHighlight(): (selector: string) => void {
  const timers = useRef<number[]>([]);
  const marked = useRef<Element | null>(null);

  const clear = useCallback(() => {
    timers.current.forEach((t) => window.clearTimeout(t));
    timers.current = [];
    marked.current?.removeAttribute("data-focused");
    marked.current = null;
  }, []);
  useEffect(() => clear, [clear]);

  return useCallback(
    (selector: string) => {
      clear();
      const attempt = (left: number) => {
        const el = document.querySelector(selector);
        if (el === null) {
          if (left > 0) timers.current.push(window.setTimeout(() => attempt(left - 1), FIND_EVERY_MS));
          return;
        }
        el.setAttribute("data-focused", "true");
        el.scrollIntoView?.({ block: "center" });
        marked.current = el;
        timers.current.push(window.setTimeout(clear, HIGHLIGHT_MS));
      };
      attempt(FIND_TRIES);
    },
    [clear],
  );
}

/** `[data-<attr>="<id>"]`, quoted so any id is safe. */
export function byData(attr: string, id: string): string {
  return `[data-${attr}=${JSON.stringify(id)}]`;
}

export type FocusTarget = {
  /**
   * Whether the view has the item: null while it cannot tell yet (loading), true when it can show
   * it, or a sentence saying why it cannot (deleted, not loaded, …), which the shell then shows.
   */
  lookup: (kind: Kind, id: string) => true | string | null;
  /** Makes the item visible: selects it, clears a filter that hides it, opens it… */
  reveal?: (kind: Kind, id: string) => void;
  /** The element to scroll to and highlight, if any. */
  selector?: (kind: Kind, id: string) => string | null;
};

/**
 * The usual way a view answers a focus request for `kinds`: once `lookup` can tell, the item is
 * revealed, scrolled to and highlighted, and the request settled (with the reason if it is not
 * shown). Returns the last item focused.
 */
export function useFocusTarget(kinds: Kind | readonly Kind[], target: FocusTarget): ItemRef | null {
  const { request, done } = useFocusRequest(kinds);
  const highlight = useHighlight();
  const [focused, setFocused] = useState<ItemRef | null>(null);
  const latest = useRef(target);
  latest.current = target;
  const found = request === null ? null : target.lookup(request.kind, request.id);

  useEffect(() => {
    if (request === null || found === null) return;
    if (found !== true) {
      done(found);
      return;
    }
    const { reveal, selector } = latest.current;
    reveal?.(request.kind, request.id);
    setFocused({ kind: request.kind, id: request.id } as ItemRef);
    const css = selector?.(request.kind, request.id) ?? null;
    if (css !== null) highlight(css);
    done();
  }, [request, found, done, highlight]);

  return focused;
}
