// The project log against a fake IPC holding 60,000 entries: paging, virtualisation, filters,
// adding and annotating entries, and refreshing on change events.
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from "vitest";
import type { LogEntryView, LogFilter } from "../../../ipc";
import { emit, fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
import { renderWithMantine } from "../../../test/render";
import { createFocusStore, FocusProvider } from "../../../hooks/useFocusRequest";
import { LogView } from "./LogView";

vi.mock("../../../ipc", async () => (await import("../../../test/fakeIpc")).fakeIpc);

const KINDS = ["note", "progress", "problem", "decision", "milestone"] as const;
const BASE = new Date(2025, 0, 1).getTime();

/** Entry number `n` (0 = oldest), made on demand so 60,000 cost nothing until read. */
function entry(n: number): LogEntryView {
  return {
    id: `l${n}`,
    at: BASE + n * 60_000,
    author: n % 2 === 0 ? "ann" : "bo",
    author_name: n % 2 === 0 ? "Ann" : "Bo",
    kind: KINDS[n % 5]!,
    body: `Entry ${n}`,
    refs: n === 59_999 ? [{ kind: "task", id: "t1" }] : [],
  };
}

/** The core's log read model over `count` entries, newest first, with the filter applied. */
function serveLog(count: number) {
  fakeIpc.views.log.mockImplementation(async (_p, filter: LogFilter, offset: number, limit: number) => {
    const all: LogEntryView[] = [];
    for (let n = count - 1; n >= 0 && all.length < offset + limit; n--) {
      const e = entry(n);
      if (filter.kind && e.kind !== filter.kind) continue;
      if (filter.author && e.author !== filter.author) continue;
      all.push(e);
    }
    const total = filter.kind || filter.author ? Math.ceil(count / (filter.kind ? 5 : 2)) : count;
    return { total, offset, entries: all.slice(offset, offset + limit) };
  });
}

const noFilter = { author: null, kind: null, item: null, from: null, to: null };
const shownIds = () => screen.queryAllByTestId("log-entry").map((e) => e.dataset.logId);

// jsdom lays nothing out: give the scroll area and each row a height, so the virtualiser has a
// window of 600 px over rows of 76 px.
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, "offsetHeight", { configurable: true, get: () => 76 });
});
afterAll(() => {
  delete (HTMLElement.prototype as { clientHeight?: number }).clientHeight;
  delete (HTMLElement.prototype as { offsetHeight?: number }).offsetHeight;
});

describe("LogView", { timeout: 30_000 }, () => {
  beforeEach(() => {
    resetFakeIpc();
    fakeIpc.views.members.mockResolvedValue([
      { id: "ann", name: "Ann", role: "member", title: null, email: null, capacity_hours: 40, active: true, deleted: false },
      { id: "bo", name: "Bo", role: "member", title: null, email: null, capacity_hours: 40, active: true, deleted: false },
    ]);
    fakeIpc.views.tasks.mockResolvedValue([]);
    fakeIpc.views.meetings.mockResolvedValue([]);
    fakeIpc.views.decisions.mockResolvedValue([]);
  });

  it("shows the newest page of a 60,000-entry log, only the rows in view", async () => {
    serveLog(60_000);
    renderWithMantine(<LogView projectId="p1" />);
    await screen.findAllByTestId("log-entry");
    expect(fakeIpc.views.log).toHaveBeenCalledWith("p1", noFilter, 0, 100);
    const ids = shownIds();
    expect(ids[0]).toBe("l59999");
    expect(ids.length).toBeGreaterThan(5);
    expect(ids.length).toBeLessThan(40);
    const newest = screen.getAllByTestId("log-entry")[0]!;
    expect(within(newest).getByText("Entry 59999")).toBeInTheDocument();
    expect(within(newest).getByText("task t1")).toBeInTheDocument();
    expect(screen.getByTestId("log-load-more")).toHaveTextContent("Load more (100 of 60000)");
  });

  it("scrolls to and highlights a loaded entry opened from search", async () => {
    serveLog(60_000);
    // jsdom does not scroll: do what a browser does when the list scrolls itself to the entry.
    const scrollTo = vi.fn(function (this: HTMLElement, options: ScrollToOptions) {
      this.scrollTop = options.top ?? this.scrollTop;
      this.dispatchEvent(new Event("scroll"));
    });
    Object.defineProperty(HTMLElement.prototype, "scrollTo", { configurable: true, value: scrollTo });
    Object.defineProperty(HTMLElement.prototype, "scrollHeight", { configurable: true, get: () => 100 * 76 });
    onTestFinished(() => {
      delete (HTMLElement.prototype as { scrollTo?: unknown }).scrollTo;
      delete (HTMLElement.prototype as { scrollHeight?: unknown }).scrollHeight;
    });
    const focus = createFocusStore();
    renderWithMantine(
      <FocusProvider store={focus}>
        <LogView projectId="p1" />
      </FocusProvider>,
    );
    await screen.findAllByTestId("log-entry");
    expect(shownIds()).not.toContain("l59950");
    focus.request("log_entry", "l59950", "Entry 59950", "Opened log entry “Entry 59950” in Project log.");
    await waitFor(() => {
      const row = screen.getAllByTestId("log-entry").find((e) => e.dataset.logId === "l59950");
      expect(row).toHaveAttribute("data-focused", "true");
    });
    expect(focus.get()).toEqual({ request: null, note: "Opened log entry “Entry 59950” in Project log." });
    expect(scrollTo).toHaveBeenCalled();
  });

  it("says plainly when an entry opened from search is not on the loaded page", async () => {
    serveLog(60_000);
    const focus = createFocusStore();
    focus.request("log_entry", "l12", "Entry 12", "Opened log entry “Entry 12” in Project log.");
    renderWithMantine(
      <FocusProvider store={focus}>
        <LogView projectId="p1" />
      </FocusProvider>,
    );
    await waitFor(() => expect(focus.get().request).toBeNull());
    expect(focus.get().note).toMatch(/^That log entry is not on the loaded page of the log \(the 100 newest of 60000 entries\)/);
    expect(fakeIpc.views.log).toHaveBeenCalledTimes(1);
  });

  it("loads the next page when scrolled near the end, and with the button", async () => {
    serveLog(60_000);
    renderWithMantine(<LogView projectId="p1" />);
    await screen.findAllByTestId("log-entry");
    const viewport = screen.getByTestId("log-list").querySelector(".mantine-ScrollArea-viewport") as HTMLElement;

    viewport.scrollTop = 100 * 76 - 600;
    fireEvent.scroll(viewport);
    await waitFor(() => expect(fakeIpc.views.log).toHaveBeenCalledWith("p1", noFilter, 100, 100));
    await waitFor(() => expect(shownIds()).toContain("l59899"));

    await userEvent.setup().click(await screen.findByTestId("log-load-more"));
    await waitFor(() => expect(fakeIpc.views.log).toHaveBeenCalledWith("p1", noFilter, 200, 100));
  });

  it("filters by kind, author and period", async () => {
    const user = userEvent.setup();
    serveLog(60_000);
    renderWithMantine(<LogView projectId="p1" />);
    await screen.findAllByTestId("log-entry");

    await user.selectOptions(screen.getByTestId("log-filter-kind"), "problem");
    await waitFor(() => expect(fakeIpc.views.log).toHaveBeenLastCalledWith("p1", { ...noFilter, kind: "problem" }, 0, 100));
    await waitFor(() => expect(shownIds()[0]).toBe("l59997"));

    await user.selectOptions(screen.getByTestId("log-filter-author"), "bo");
    await waitFor(() =>
      expect(fakeIpc.views.log).toHaveBeenLastCalledWith("p1", { ...noFilter, kind: "problem", author: "bo" }, 0, 100),
    );

    await user.type(screen.getByTestId("log-filter-from"), "2025-03-01");
    await waitFor(() =>
      expect(fakeIpc.views.log).toHaveBeenLastCalledWith(
        "p1",
        { ...noFilter, kind: "problem", author: "bo", from: new Date(2025, 2, 1).getTime() },
        0,
        100,
      ),
    );
  });

  it("filters by an item when its reference is clicked", async () => {
    const user = userEvent.setup();
    serveLog(60_000);
    renderWithMantine(<LogView projectId="p1" />);
    await user.click(await screen.findByText("task t1"));
    await waitFor(() =>
      expect(fakeIpc.views.log).toHaveBeenLastCalledWith("p1", { ...noFilter, item: { kind: "task", id: "t1" } }, 0, 100),
    );
    expect(screen.getByTestId("log-filter-item")).toHaveTextContent("About task t1");
  });

  it("says how to write the first entry, and adds one with the core's command", async () => {
    const user = userEvent.setup();
    serveLog(0);
    fakeIpc.execute.mockResolvedValue({ summary: "Log problem: Server down", created: "l0", changed: true });
    renderWithMantine(<LogView projectId="p1" />);
    expect(await screen.findByText("The log is empty. Write the first entry above.")).toBeInTheDocument();

    await user.type(screen.getByTestId("new-log-text"), "Server down ");
    await user.selectOptions(screen.getByTestId("new-log-kind"), "problem");
    await user.click(screen.getByTestId("add-log-entry"));
    await waitFor(() => expect(screen.getByTestId("new-log-text")).toHaveValue(""));
    expect(fakeIpc.execute).toHaveBeenCalledWith("p1", {
      area: "log",
      command: { action: "add", body: "Server down", kind: "problem", refs: [] },
    });
  });

  it("annotates an entry with a new entry that refers to it", async () => {
    const user = userEvent.setup();
    serveLog(3);
    fakeIpc.execute.mockResolvedValue({ summary: "ok", created: "l3", changed: true });
    renderWithMantine(<LogView projectId="p1" />);
    const [newest] = await screen.findAllByTestId("log-entry");
    await user.click(within(newest!).getByRole("button", { name: "Annotate" }));
    expect(screen.getByTestId("log-annotating")).toHaveTextContent("Entry 2");
    await user.type(screen.getByTestId("new-log-text"), "Correction: it was Tuesday");
    await user.click(screen.getByTestId("add-log-entry"));
    await waitFor(() => expect(screen.queryByTestId("log-annotating")).not.toBeInTheDocument());
    expect(fakeIpc.execute).toHaveBeenCalledWith("p1", {
      area: "log",
      command: { action: "add", body: "Correction: it was Tuesday", kind: "note", refs: [{ kind: "log_entry", id: "l2" }] },
    });
  });

  it("fixes an entry's text with one splice counted in chars", async () => {
    const user = userEvent.setup();
    serveLog(1);
    fakeIpc.views.log.mockResolvedValue({
      total: 1,
      offset: 0,
      entries: [{ ...entry(0), body: "😀 Deploy on Munday" }],
    });
    // The body as it is now, which another member has already changed since the page loaded.
    fakeIpc.readText.mockResolvedValue({ text: "😀 Deploy on Munday!", heads: ["h1"] });
    fakeIpc.execute.mockResolvedValue({ summary: "Edit body of log entry", created: null, changed: true });
    renderWithMantine(<LogView projectId="p1" />);
    const [row] = await screen.findAllByTestId("log-entry");
    await user.click(within(row!).getByRole("button", { name: "Fix text" }));
    const text = await screen.findByTestId("log-fix-text");
    expect(fakeIpc.readText).toHaveBeenCalledWith("p1", "log_entry", "l0", "body");
    expect(text).toHaveValue("😀 Deploy on Munday!");
    await user.clear(text);
    await user.type(text, "😀 Deploy on Monday!");
    await user.click(screen.getByTestId("log-fix-save"));
    await waitFor(() => expect(screen.queryByTestId("log-fix-text")).not.toBeInTheDocument());
    // The "u" is char 13 (UTF-16 index 14: the emoji is two units), counted in the text as of
    // the heads it was read at.
    expect(fakeIpc.execute).toHaveBeenCalledWith("p1", {
      area: "item",
      command: {
        action: "edit_text",
        kind: "log_entry",
        id: "l0",
        field: "body",
        at: ["h1"],
        pos: 13,
        delete: 1,
        insert: "o",
      },
    });
  });

  it("says why a correction cannot start", async () => {
    const user = userEvent.setup();
    serveLog(1);
    fakeIpc.readText.mockRejectedValue(new Error("log entry l0 is not in the project"));
    renderWithMantine(<LogView projectId="p1" />);
    const [row] = await screen.findAllByTestId("log-entry");
    await user.click(within(row!).getByRole("button", { name: "Fix text" }));
    expect((await screen.findByTestId("log-fix-error")).textContent).toContain("is not in the project");
    expect(screen.queryByTestId("log-fix-text")).toBeNull();
  });

  it("keeps the text and shows the core's refusal", async () => {
    const user = userEvent.setup();
    serveLog(0);
    fakeIpc.execute.mockRejectedValue(new Error("body is longer than 20000 characters"));
    renderWithMantine(<LogView projectId="p1" />);
    await screen.findByText(/The log is empty/);
    await user.type(screen.getByTestId("new-log-text"), "Hello");
    await user.click(screen.getByTestId("add-log-entry"));
    expect(await screen.findByText("body is longer than 20000 characters")).toBeInTheDocument();
    expect(screen.getByTestId("new-log-text")).toHaveValue("Hello");
  });

  it("reads the loaded entries again when the log changes, and only then", async () => {
    serveLog(150);
    renderWithMantine(<LogView projectId="p1" />);
    await screen.findAllByTestId("log-entry");
    await userEvent.setup().click(screen.getByTestId("log-load-more"));
    await waitFor(() => expect(fakeIpc.views.log).toHaveBeenCalledWith("p1", noFilter, 100, 100));
    await screen.findByText("All 150 entries shown");
    fakeIpc.views.log.mockClear();

    act(() => emit.projectChanged("p1", [{ kind: "task", id: "t1" }]));
    expect(fakeIpc.views.log).not.toHaveBeenCalled();

    serveLog(151);
    act(() => emit.projectChanged("p1", [{ kind: "log_entry", id: "l150" }]));
    await waitFor(() => expect(shownIds()[0]).toBe("l150"));
    expect(fakeIpc.views.log).toHaveBeenCalledWith("p1", noFilter, 0, 150);
  });

  it("shows why the log cannot be loaded", async () => {
    fakeIpc.views.log.mockRejectedValue(new Error("project p1 not found"));
    renderWithMantine(<LogView projectId="p1" />);
    expect(await screen.findByText("project p1 not found")).toBeInTheDocument();
  });
});
