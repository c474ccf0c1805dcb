// Opening one item's history from the view that shows the item (a task's drawer): the shell
// provides `open`, which switches to the history narrowed to that item; the history view takes
// the request and settles it. It lives here rather than in app/ because features may not import
// the shell or each other.
import { createContext, useContext, type ReactNode } from "react";
import type { ItemRef } from "../ipc";

export type HistoryRequest = {
  item: ItemRef;
  /** What the item is called, for the history's filter. */
  label: string;
  /** Tells requests apart: asking for the same item twice is two requests. */
  seq: number;
};

export type ItemHistory = {
  /** The request waiting for the history view, if any. */
  request: HistoryRequest | null;
  /** Opens the history of `item`; null where no shell can (a view rendered on its own). */
  open: ((item: ItemRef, label: string) => void) | null;
  /** The history view took request `seq`. */
  settle: (seq: number) => void;
};

const none: ItemHistory = { request: null, open: null, settle: () => {} };
const ItemHistoryContext = createContext<ItemHistory>(none);

export function ItemHistoryProvider({ value, children }: { value: ItemHistory; children: ReactNode }) {
  return <ItemHistoryContext.Provider value={value}>{children}</ItemHistoryContext.Provider>;
}

export function useItemHistory(): ItemHistory {
  return useContext(ItemHistoryContext);
}
