// The history view against a fake IPC: rows with author, time, summary and items under day
// headings, paging as the end comes into view, new changes on top, the filters (member, item,
// period, read by the core) and grouping by author, and "as of here" opening time travel.
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { AuthorGroup, ChangeInfo, FilteredHistory, HistoryFilter, HistoryGrouping, MemberView } from "../../../ipc";
import { emit, fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
import { renderWithMantine } from "../../../test/render";
import { AUTHOR_LIMIT, PAGE_SIZE } from "../hooks/useHistory";
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

/** The local day `days` after the day of `ms`, as a date input holds it, and its midnight. */
function localDay(ms: number, days: number): string {
  const d = new Date(ms);
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}
function midnight(ms: number, days: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + days).getTime();
}

const EVERYTHING: HistoryFilter = { member: null, item: null, from: null, to: null };

/** A fake core: `total` changes, one per hour, newest first, filtered and paged as asked. */
function historyOf(total: number, top: ChangeInfo[] = []) {
  const all = [...top, ...Array.from({ length: total - top.length }, (_, i) => change(`h${i}`, { time: NOW - (i + 1) * HOUR }))];
  return (_p: string, filter: HistoryFilter, grouping: HistoryGrouping, offset: number, limit: number): Promise<FilteredHistory> => {
    const matching = all.filter(
      (c) =>
        (!filter.member || c.author === filter.member) &&
        (!filter.item || c.items.some((i) => i.kind === filter.item!.kind && i.id === filter.item!.id)) &&
        (filter.from == null || c.time >= filter.from) &&
        (filter.to == null || c.time < filter.to),
    );
    const page = matching.slice(offset, offset + limit);
    const authors: AuthorGroup[] = [];
    for (const c of page) {
      const group = authors.find((a) => a.author === c.author);
      if (group) group.changes.push(c);
      else authors.push({ author: c.author, author_name: c.author_name, changes: [c] });
    }
    authors.sort((a, b) => b.changes.length - a.changes.length);
    const groups = grouping === "author" ? { by: "author" as const, authors } : { by: "none" as const, changes: page };
    return Promise.resolve({ total: matching.length, offset, count: page.length, groups });
  };
}

const members = [
  { id: "m1", name: "Ann", deleted: false },
  { id: "m2", name: "Bo", deleted: false },
] as MemberView[];

const hashes = () => screen.getAllByTestId("history-row").map((r) => r.dataset.hash);

// Whole user flows through Mantine inputs take seconds in jsdom when the suite runs in parallel.
describe("HistoryView", { timeout: 20_000 }, () => {
  beforeEach(() => resetFakeIpc());

  it("shows who changed what, when, and the items touched, under day headings", async () => {
    fakeIpc.views.historyFiltered.mockImplementation(
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
    expect(fakeIpc.views.historyFiltered).toHaveBeenCalledWith("p1", EVERYTHING, "none", 0, PAGE_SIZE);
  });

  it("says when there is no history yet", async () => {
    fakeIpc.views.historyFiltered.mockResolvedValue({ total: 0, offset: 0, count: 0, groups: { by: "none", changes: [] } });
    renderWithMantine(<HistoryView projectId="p1" />);
    expect(await screen.findByText(/No changes yet/)).toBeInTheDocument();
  });

  it("renders only the rows in view and loads older pages as the end comes near", async () => {
    fakeIpc.views.historyFiltered.mockImplementation(historyOf(1000));
    renderWithMantine(<HistoryView projectId="p1" />);

    await waitFor(() => expect(fakeIpc.views.historyFiltered).toHaveBeenCalledWith("p1", EVERYTHING, "none", 0, PAGE_SIZE));
    await screen.findAllByTestId("history-row");
    expect(screen.getAllByTestId("history-row").length).toBeLessThan(60);
    expect(screen.getByTestId("history-loaded")).toHaveTextContent(`${PAGE_SIZE} of 1000 changes loaded`);

    const scroller = screen.getByTestId("history-scroll");
    const total = () => Number.parseInt(scroller.firstElementChild!.getAttribute("style")!.match(/height: (\d+)px/)![1]!);
    act(() => {
      scroller.scrollTop = total();
      scroller.dispatchEvent(new Event("scroll"));
    });
    await waitFor(() => expect(fakeIpc.views.historyFiltered).toHaveBeenCalledWith("p1", EVERYTHING, "none", PAGE_SIZE, PAGE_SIZE));
    await waitFor(() => expect(screen.getByTestId("history-loaded")).toHaveTextContent(`${2 * PAGE_SIZE} of 1000`));
  });

  it("puts new changes on top when the project changes", async () => {
    fakeIpc.views.historyFiltered.mockImplementation(historyOf(3));
    renderWithMantine(<HistoryView projectId="p1" />);
    await waitFor(() => expect(hashes()).toEqual(["h0", "h1", "h2"]));

    fakeIpc.views.historyFiltered.mockImplementation(historyOf(4, [change("new", { time: NOW })]));
    act(() => emit.projectChanged("p1", [{ kind: "task", id: "t1" }]));
    await waitFor(() => expect(hashes()).toEqual(["new", "h0", "h1", "h2"]));
  });

  it("asks the core for one member's changes, over the whole history", async () => {
    const user = userEvent.setup();
    fakeIpc.views.members.mockResolvedValue(members);
    fakeIpc.views.historyFiltered.mockImplementation(
      historyOf(3, [change("a"), change("b", { author: "m2", author_name: "Bo" }), change("c")]),
    );
    renderWithMantine(<HistoryView projectId="p1" />);
    await waitFor(() => expect(hashes()).toEqual(["a", "b", "c"]));

    await user.click(screen.getByRole("textbox", { name: "Changes by" }));
    await user.click(await screen.findByRole("option", { name: "Bo" }));
    await waitFor(() => expect(hashes()).toEqual(["b"]));
    expect(fakeIpc.views.historyFiltered).toHaveBeenLastCalledWith("p1", { ...EVERYTHING, member: "m2" }, "none", 0, PAGE_SIZE);
    expect(screen.getByTestId("history-loaded")).toHaveTextContent("1 of 1 matching changes loaded");

    await user.click(screen.getByTestId("history-clear-filters"));
    await waitFor(() => expect(hashes()).toEqual(["a", "b", "c"]));
  });

  it("narrows to an item from a change's badge, and to a period of whole days", async () => {
    const user = userEvent.setup();
    fakeIpc.views.members.mockResolvedValue(members);
    const task = { kind: "task" as const, id: "t1234567890" };
    fakeIpc.views.historyFiltered.mockImplementation(
      historyOf(4, [change("a", { items: [task] }), change("b"), change("c", { items: [task] })]),
    );
    renderWithMantine(<HistoryView projectId="p1" />);
    await waitFor(() => expect(hashes()).toEqual(["a", "b", "c", "h0"]));

    await user.click(within(screen.getAllByTestId("history-row")[0]!).getByText("task t1234567"));
    await waitFor(() => expect(hashes()).toEqual(["a", "c"]));
    expect(fakeIpc.views.historyFiltered).toHaveBeenLastCalledWith("p1", { ...EVERYTHING, item: task }, "none", 0, PAGE_SIZE);
    expect(screen.getByRole("textbox", { name: "About the item" })).toHaveValue("task t1234567");

    // An end before the start is refused next to the input, and the list stays as it was.
    fireEvent.change(screen.getByLabelText("Until (included)"), { target: { value: localDay(NOW, 2) } });
    await waitFor(() => expect(fakeIpc.views.historyFiltered).toHaveBeenLastCalledWith("p1", expect.objectContaining({ to: midnight(NOW, 3) }), "none", 0, PAGE_SIZE));
    fireEvent.change(screen.getByLabelText("From"), { target: { value: localDay(NOW, 5) } });
    expect(await screen.findByText(/The period ends before it starts/)).toBeInTheDocument();
    expect(hashes()).toEqual(["a", "c"]);

    fireEvent.change(screen.getByLabelText("From"), { target: { value: localDay(NOW, -10) } });
    await waitFor(() =>
      expect(fakeIpc.views.historyFiltered).toHaveBeenLastCalledWith(
        "p1",
        { ...EVERYTHING, item: task, from: midnight(NOW, -10), to: midnight(NOW, 3) },
        "none",
        0,
        PAGE_SIZE,
      ),
    );
    expect(screen.queryByText(/The period ends before it starts/)).not.toBeInTheDocument();
    await waitFor(() => expect(hashes()).toEqual(["a", "c"]));
  });

  it("groups by author, the most active first, with their counts", async () => {
    const user = userEvent.setup();
    fakeIpc.views.members.mockResolvedValue(members);
    fakeIpc.views.historyFiltered.mockImplementation(
      historyOf(3, [change("a", { author: "m2", author_name: "Bo" }), change("b"), change("c")]),
    );
    renderWithMantine(<HistoryView projectId="p1" />);
    await waitFor(() => expect(hashes()).toEqual(["a", "b", "c"]));

    await user.click(screen.getByRole("radio", { name: "By author" }));
    await waitFor(() => expect(screen.getAllByTestId("history-author").length).toBeGreaterThan(0));
    expect(fakeIpc.views.historyFiltered).toHaveBeenLastCalledWith("p1", EVERYTHING, "author", 0, AUTHOR_LIMIT);
    expect(screen.queryAllByTestId("history-day")).toHaveLength(0);
    await waitFor(() => expect(hashes()).toEqual(["b", "c", "a"]));
    const headings = screen.getAllByText(/ · \d+ changes?$/).map((h) => h.textContent);
    expect(headings).toEqual(["Ann · 2 changes", "Bo · 1 change"]);
    expect(screen.getByTestId("history-loaded")).toHaveTextContent("3 changes, grouped by author");
  });

  it("opens the project as of a change, read-only", async () => {
    const user = userEvent.setup();
    fakeIpc.views.historyFiltered.mockImplementation(historyOf(2));
    fakeIpc.views.asOf.mockResolvedValue({
      heads: ["h1"],
      last_change: change("h1", { summary: "Add task 'Brief'" }),
      day: "2026-12-01",
      dashboard: { name: "Apollo", health: "at_risk", percent_complete: 40, tasks_open: 3, tasks_done: 2, tasks_overdue: 1 },
      tasks: [{ id: "t1", title: "Brief", status: "in_progress", assignees: ["Ann"], due: "2026-12-10", estimate: null, parent: null }],
    } as never);
    renderWithMantine(<HistoryView projectId="p1" />);
    await waitFor(() => expect(hashes()).toEqual(["h0", "h1"]));

    await user.click(within(screen.getAllByTestId("history-row")[1]!).getByTestId("history-as-of"));
    expect(fakeIpc.views.asOf).toHaveBeenCalledWith("p1", { at: "change", hash: "h1" });
    expect(await screen.findByTestId("as-of-banner")).toHaveTextContent(/Apollo right after change h1.*Read-only/);
    expect(screen.getByTestId("as-of-open")).toHaveTextContent("3");
    expect(screen.getByTestId("as-of-overdue")).toHaveTextContent("1");
    expect(screen.getAllByTestId("as-of-task").map((r) => r.textContent)).toEqual(["Briefin progressAnn2026-12-10"]);
  });

  it("shows why the history cannot be loaded", async () => {
    fakeIpc.views.historyFiltered.mockRejectedValue(new Error("project p1 not found"));
    renderWithMantine(<HistoryView projectId="p1" />);
    expect(await screen.findByText("project p1 not found")).toBeInTheDocument();
  });
});
