// The history view against a fake IPC: rows with author, time, summary and items under day
// headings, paging as the end comes into view, new changes on top, and the member filter.
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { ChangeInfo, HistoryPage } from "../../../ipc";
import { emit, fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
import { renderWithMantine } from "../../../test/render";
import { PAGE_SIZE } from "../hooks/useHistory";
import { HistoryView } from "./HistoryView";

vi.mock("../../../ipc", async () => (await import("../../../test/fakeIpc")).fakeIpc);

// jsdom lays nothing out, so the virtual list would see a zero-height window and zero-height
// rows (and render them all); give the window 600px and each row 50px.
const layout = { clientHeight: 600, offsetHeight: 50 };
const original = Object.fromEntries(Object.keys(layout).map((k) => [k, Object.getOwnPropertyDescriptor(HTMLElement.prototype, k)]));
beforeAll(() => {
  for (const [key, px] of Object.entries(layout)) Object.defineProperty(HTMLElement.prototype, key, { configurable: true, get: () => px });
});
afterAll(() => {
  for (const [key, descriptor] of Object.entries(original)) if (descriptor) Object.defineProperty(HTMLElement.prototype, key, descriptor);
});

const NOW = Date.now();
const HOUR = 3600_000;

function change(hash: string, fields: Partial<ChangeInfo> = {}): ChangeInfo {
  return { hash, actor: "aa", author: "m1", author_name: "Ann", time: NOW - 5 * 60_000, summary: `Change ${hash}`, items: [], ...fields } as ChangeInfo;
}

/** A fake history of `total` changes, one per hour, newest first, answering any page. */
function historyOf(total: number, top: ChangeInfo[] = []) {
  const all = [...top, ...Array.from({ length: total - top.length }, (_, i) => change(`h${i}`, { time: NOW - (i + 1) * HOUR }))];
  return (_p: string, offset: number, limit: number): Promise<HistoryPage> =>
    Promise.resolve({ total: all.length, offset, entries: all.slice(offset, offset + limit) });
}

const hashes = () => screen.getAllByTestId("history-row").map((r) => r.dataset.hash);

// Whole user flows through Mantine inputs take seconds in jsdom when the suite runs in parallel.
describe("HistoryView", { timeout: 20_000 }, () => {
  beforeEach(() => resetFakeIpc());

  it("shows who changed what, when, and the items touched, under day headings", async () => {
    fakeIpc.views.history.mockImplementation(
      historyOf(2, [
        change("abc", { summary: "Add task 'Brief'", items: [{ kind: "task", id: "t1234567890" }] }),
        change("old", { author_name: "Bo", author: "m2", time: NOW - 400 * HOUR, summary: "Rename project" }),
      ]),
    );
    renderWithMantine(<HistoryView projectId="p1" />);

    const row = await screen.findByText("Add task 'Brief'");
    const first = row.closest("[data-testid=history-row]") as HTMLElement;
    expect(first.dataset.hash).toBe("abc");
    expect(within(first).getByTestId("history-author")).toHaveTextContent("Ann");
    expect(within(first).getByTestId("history-time")).toHaveTextContent("5 min ago");
    expect(within(first).getByText("task t1234567")).toBeInTheDocument();
    const days = screen.getAllByTestId("history-day").map((d) => d.textContent);
    expect(days[0]).toBe("Today");
    expect(days).toHaveLength(2);
    expect(fakeIpc.views.history).toHaveBeenCalledWith("p1", 0, PAGE_SIZE);
  });

  it("says when there is no history yet", async () => {
    fakeIpc.views.history.mockResolvedValue({ total: 0, offset: 0, entries: [] });
    renderWithMantine(<HistoryView projectId="p1" />);
    expect(await screen.findByText(/No changes yet/)).toBeInTheDocument();
  });

  it("renders only the rows in view and loads older pages as the end comes near", async () => {
    fakeIpc.views.history.mockImplementation(historyOf(1000));
    renderWithMantine(<HistoryView projectId="p1" />);

    await waitFor(() => expect(fakeIpc.views.history).toHaveBeenCalledWith("p1", 0, PAGE_SIZE));
    await screen.findAllByTestId("history-row");
    expect(screen.getAllByTestId("history-row").length).toBeLessThan(60);
    expect(screen.getByTestId("history-loaded")).toHaveTextContent(`${PAGE_SIZE} of 1000 changes loaded`);

    const scroller = screen.getByTestId("history-scroll");
    const total = () => Number.parseInt(scroller.firstElementChild!.getAttribute("style")!.match(/height: (\d+)px/)![1]!);
    act(() => {
      scroller.scrollTop = total();
      scroller.dispatchEvent(new Event("scroll"));
    });
    await waitFor(() => expect(fakeIpc.views.history).toHaveBeenCalledWith("p1", PAGE_SIZE, PAGE_SIZE));
    await waitFor(() => expect(screen.getByTestId("history-loaded")).toHaveTextContent(`${2 * PAGE_SIZE} of 1000`));
  });

  it("puts new changes on top when the project changes", async () => {
    fakeIpc.views.history.mockImplementation(historyOf(3));
    renderWithMantine(<HistoryView projectId="p1" />);
    await waitFor(() => expect(hashes()).toEqual(["h0", "h1", "h2"]));

    fakeIpc.views.history.mockImplementation(historyOf(4, [change("new", { time: NOW })]));
    act(() => emit.projectChanged("p1", [{ kind: "task", id: "t1" }]));
    await waitFor(() => expect(hashes()).toEqual(["new", "h0", "h1", "h2"]));
  });

  it("filters the loaded changes by member and says it looks only at those", async () => {
    const user = userEvent.setup();
    fakeIpc.views.history.mockImplementation(
      historyOf(3, [change("a"), change("b", { author: "m2", author_name: "Bo" }), change("c")]),
    );
    renderWithMantine(<HistoryView projectId="p1" />);
    await waitFor(() => expect(hashes()).toEqual(["a", "b", "c"]));

    await user.click(screen.getByRole("textbox", { name: "Changes by" }));
    await user.click(await screen.findByRole("option", { name: "Bo" }));
    await waitFor(() => expect(hashes()).toEqual(["b"]));
    expect(screen.getByTestId("history-loaded")).toHaveTextContent(/looks through the 3 of 3 changes loaded so far/);
  });

  it("shows why the history cannot be loaded", async () => {
    fakeIpc.views.history.mockRejectedValue(new Error("project p1 not found"));
    renderWithMantine(<HistoryView projectId="p1" />);
    expect(await screen.findByText("project p1 not found")).toBeInTheDocument();
  });
});
