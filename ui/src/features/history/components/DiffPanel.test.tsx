// "What changed" against a fake IPC: each kind of start, the result by author with items, fields
// before → after and text diffs, no earlier sync said plainly, refusals, and following changes.
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DiffView, MeetingSummary } from "../../../ipc";
import { emit, fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
import { renderWithMantine } from "../../../test/render";
import { DiffPanel } from "./DiffPanel";

vi.mock("../../../ipc", async () => (await import("../../../test/fakeIpc")).fakeIpc);

const diff: DiffView = {
  change_count: 3,
  authors: [
    {
      author: "Bo",
      changes: [{ hash: "h1" }, { hash: "h2" }] as DiffView["authors"][number]["changes"],
      items: [
        {
          item: { kind: "task", id: "t1" },
          label: "Write the brief",
          change: "changed",
          fields: [
            { field: "due", before: null, after: "2026-12-10", text: null, by: "Bo" },
            {
              field: "description",
              before: "Scope",
              after: "Scope and budget",
              text: [
                { op: "same", text: "Scope" },
                { op: "removed", text: "." },
                { op: "added", text: " and budget" },
              ],
              by: null,
            },
          ],
        },
        { item: { kind: "risk", id: "r1" }, label: "Vendor late", change: "deleted", fields: [] },
      ],
    },
    { author: "Ann", changes: [{ hash: "h3" }] as DiffView["authors"][number]["changes"], items: [] },
  ],
};

const meetings = [
  { id: "mt1", title: "Steering 1", series: "Steering", start: 1, duration_minutes: 60, attendee_count: 2, deleted: false },
  { id: "mt2", title: "Daily", series: null, start: 2, duration_minutes: 15, attendee_count: 2, deleted: false },
] as MeetingSummary[];

describe("DiffPanel", { timeout: 20_000 }, () => {
  beforeEach(() => {
    resetFakeIpc();
    fakeIpc.views.meetings.mockResolvedValue(meetings);
  });

  it("shows what changed since a moment, by author, with fields and text diffs", async () => {
    const user = userEvent.setup();
    const since = new Date(2025, 0, 6, 9, 0).getTime();
    fakeIpc.views.diff.mockResolvedValue({ since, meeting: null, diff });
    renderWithMantine(<DiffPanel projectId="p1" />);

    fireEvent.change(screen.getByLabelText("Since"), { target: { value: "2025-01-06T09:00" } });
    await user.click(screen.getByTestId("diff-show"));
    await waitFor(() => expect(fakeIpc.views.diff).toHaveBeenCalledWith("p1", { since: "time", at: since }));

    const result = await screen.findByTestId("diff-result");
    expect(within(result).getByRole("heading", { level: 3 })).toHaveTextContent(/^Since .*: 3 changes$/);
    const [bo, ann] = screen.getAllByTestId("diff-author");
    expect(within(bo!).getByRole("heading")).toHaveTextContent("Bo 2 changes");
    const [task, risk] = within(bo!).getAllByTestId("diff-item");
    expect(task).toHaveTextContent(/^changedtaskWrite the brief/);
    expect(risk).toHaveTextContent("deletedriskVendor late");
    expect(within(task!).getByText("due").closest("[data-testid=diff-field]")).toHaveTextContent("due(unset) → 2026-12-10(Bo)");
    const text = within(task!).getByTestId("text-diff");
    expect(text).toHaveTextContent("Scope. and budget");
    expect(within(text).getByText(".")).toHaveAttribute("data-op", "removed");
    expect(within(text).getByText(".")).toHaveStyle({ textDecoration: "line-through" });
    expect(within(text).getByText("and budget", { exact: false })).toHaveAttribute("data-op", "added");
    expect(ann).toHaveTextContent(/No item ended up different/);
  });

  it("starts at the last meeting of a series chosen from those that exist", async () => {
    const user = userEvent.setup();
    fakeIpc.views.diff.mockResolvedValue({ since: 1, meeting: "Steering 1", diff: { change_count: 0, authors: [] } });
    renderWithMantine(<DiffPanel projectId="p1" />);

    await user.click(screen.getByRole("radio", { name: "Since the last meeting" }));
    await user.click(screen.getByTestId("diff-show"));
    expect(await screen.findByText("Choose a meeting series.")).toBeInTheDocument();
    expect(fakeIpc.views.diff).not.toHaveBeenCalled();

    await user.click(screen.getByRole("textbox", { name: "Meeting series" }));
    expect(screen.getAllByRole("option").map((o) => o.textContent)).toEqual(["Steering"]);
    await user.click(screen.getByRole("option", { name: "Steering" }));
    await user.click(screen.getByTestId("diff-show"));
    await waitFor(() => expect(fakeIpc.views.diff).toHaveBeenCalledWith("p1", { since: "meeting", series: "Steering" }));
    expect(await screen.findByTestId("diff-result")).toHaveTextContent(/Since the meeting “Steering 1” \(Steering\) on .*: 0 changes/);
    expect(screen.getByText("Nothing changed in this period.")).toBeInTheDocument();
  });

  it("says plainly when there is no earlier sync to compare with, and shows refusals", async () => {
    const user = userEvent.setup();
    fakeIpc.views.diff.mockResolvedValue({ since: null, meeting: null, diff: null });
    renderWithMantine(<DiffPanel projectId="p1" />);

    await user.click(screen.getByRole("radio", { name: "While I was offline" }));
    await user.click(screen.getByTestId("diff-show"));
    await waitFor(() => expect(fakeIpc.views.diff).toHaveBeenCalledWith("p1", { since: "offline" }));
    expect(await screen.findByTestId("diff-no-sync")).toHaveTextContent("No earlier sync yet");

    fakeIpc.views.diff.mockRejectedValue(new Error("no meeting of the series 'Retro' has started yet"));
    act(() => emit.projectChanged("p1"));
    expect(await screen.findByTestId("diff-error")).toHaveTextContent("no meeting of the series 'Retro' has started yet");
  });

  it("reads the diff again when the project changes", async () => {
    const user = userEvent.setup();
    fakeIpc.views.diff.mockResolvedValue({ since: 1, meeting: null, diff: { change_count: 0, authors: [] } });
    renderWithMantine(<DiffPanel projectId="p1" />);
    await user.click(screen.getByTestId("diff-show"));
    await screen.findByText("Nothing changed in this period.");

    fakeIpc.views.diff.mockResolvedValue({ since: 1, meeting: null, diff });
    act(() => emit.projectChanged("p1", [{ kind: "task", id: "t1" }]));
    expect(await screen.findByText("Write the brief")).toBeInTheDocument();
    expect(fakeIpc.views.diff).toHaveBeenCalledTimes(2);
  });
});
