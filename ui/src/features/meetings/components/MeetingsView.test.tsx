// The meetings view against a fake IPC: the list, scheduling, and everything inside a meeting
// except the notes (NotesEditor.test.tsx).
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { emit, fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
import { renderWithMantine } from "../../../test/render";
import { meetingView, member, summary } from "./fixtures";
import { MeetingsView } from "./MeetingsView";

vi.mock("../../../ipc", async () => (await import("../../../test/fakeIpc")).fakeIpc);

const ok = (created: string | null = null) => ({ summary: "done", created, changed: true });

function rows(): string[] {
  return screen.getAllByTestId("meeting-row").map((r) => r.dataset.meetingId ?? "");
}

async function openMeeting(id: string) {
  const user = userEvent.setup();
  await screen.findAllByTestId("meeting-row");
  await user.click(screen.getAllByTestId("meeting-row").find((r) => r.dataset.meetingId === id)!);
  await screen.findByTestId("meeting-detail");
  return user;
}

// Typing through user-event into Mantine inputs is slow in jsdom; these tests need more than 5 s.
describe("MeetingsView", { timeout: 30_000 }, () => {
  beforeEach(() => {
    resetFakeIpc();
    fakeIpc.views.members.mockResolvedValue([member("ann", "Ann"), member("bo", "Bo")]);
    fakeIpc.views.decisions.mockResolvedValue([]);
  });

  it("lists meetings newest first and hides deleted ones until asked", async () => {
    fakeIpc.views.meetings.mockResolvedValue([
      summary("m1", { title: "Kick-off", start: 1000 }),
      summary("m2", { title: "Review", start: 3000, deleted: true }),
      summary("m3", { title: "Steering", start: 2000, series: "steering", attendee_count: 2 }),
    ]);
    renderWithMantine(<MeetingsView projectId="p1" />);
    await screen.findAllByTestId("meeting-row");
    expect(rows()).toEqual(["m3", "m1"]);
    expect(screen.getByText(/steering · 2 attending/)).toBeInTheDocument();

    await userEvent.setup().click(screen.getByLabelText("Show deleted meetings (1)"));
    expect(rows()).toEqual(["m2", "m3", "m1"]);
  });

  it("says how to add the first meeting", async () => {
    fakeIpc.views.meetings.mockResolvedValue([]);
    renderWithMantine(<MeetingsView projectId="p1" />);
    expect(await screen.findByText(/No meetings yet. Schedule the first one/)).toBeInTheDocument();
  });

  it("shows why the meetings cannot be loaded", async () => {
    fakeIpc.views.meetings.mockRejectedValue(new Error("project p1 not found"));
    renderWithMantine(<MeetingsView projectId="p1" />);
    expect(await screen.findByText("project p1 not found")).toBeInTheDocument();
  });

  it("schedules a meeting with the core's Add command and opens it", async () => {
    const user = userEvent.setup();
    fakeIpc.views.meetings.mockResolvedValue([]);
    fakeIpc.execute.mockResolvedValue(ok("m9"));
    fakeIpc.views.meeting.mockResolvedValue(meetingView("m9", { title: "Planning" }));
    renderWithMantine(<MeetingsView projectId="p1" />);
    await screen.findByText(/No meetings yet/);

    await user.type(screen.getByTestId("new-meeting-title"), "  Planning ");
    const start = screen.getByTestId("new-meeting-start");
    await user.clear(start);
    await user.type(start, "2025-03-04T10:30");
    const duration = screen.getByTestId("new-meeting-duration");
    await user.clear(duration);
    await user.type(duration, "45");
    await user.type(screen.getByTestId("new-meeting-series"), "planning");
    await user.click(screen.getByTestId("add-meeting"));

    await waitFor(() => expect(fakeIpc.execute).toHaveBeenCalled());
    expect(fakeIpc.execute).toHaveBeenCalledWith("p1", {
      area: "meeting",
      command: {
        action: "add",
        title: "Planning",
        start: new Date(2025, 2, 4, 10, 30).getTime(),
        duration_minutes: 45,
        series: "planning",
        location: null,
        attendees: [],
      },
    });
    expect(await screen.findByTestId("meeting-title")).toHaveTextContent("Planning");
    expect(fakeIpc.views.meeting).toHaveBeenCalledWith("p1", "m9");
    expect(screen.getByTestId("new-meeting-title")).toHaveValue("");
  });

  it("keeps the form and shows the core's message when it refuses", async () => {
    const user = userEvent.setup();
    fakeIpc.views.meetings.mockResolvedValue([]);
    fakeIpc.execute.mockRejectedValue(new Error("title is longer than 300 characters"));
    renderWithMantine(<MeetingsView projectId="p1" />);
    await screen.findByText(/No meetings yet/);
    await user.type(screen.getByTestId("new-meeting-title"), "Long");
    await user.click(screen.getByTestId("add-meeting"));
    expect(await screen.findByText("title is longer than 300 characters")).toBeInTheDocument();
    expect(screen.getByTestId("new-meeting-title")).toHaveValue("Long");
  });

  it("shows an opened meeting's attendees, agenda, decisions and action items", async () => {
    fakeIpc.views.meetings.mockResolvedValue([summary("m1")]);
    fakeIpc.views.meeting.mockResolvedValue(
      meetingView("m1", {
        title: "Steering",
        attendees: [{ id: "ann", name: "Ann" }],
        agenda: [
          { id: "a1", title: "Budget", minutes: 15, done: true, order: "a" },
          { id: "a2", title: "Risks", minutes: null, done: false, order: "b" },
        ],
        decisions: [{ id: "d1", title: "Go with vendor B", status: "accepted", deleted: false }],
        action_items: [
          { id: "x1", text: "Send minutes", assignee: "bo", assignee_name: "Bo", due: "2025-03-10", order: "a", task: null },
          { id: "x2", text: "Book room", assignee: null, assignee_name: null, due: null, order: "b", task: "t7" },
        ],
      }),
    );
    renderWithMantine(<MeetingsView projectId="p1" />);
    await openMeeting("m1");

    expect(screen.getAllByTestId("attendee").map((a) => a.textContent)).toEqual(["Ann"]);
    expect(screen.getAllByTestId("agenda-title").map((a) => a.textContent)).toEqual(["Budget", "Risks"]);
    expect(screen.getByText("15 min planned")).toBeInTheDocument();
    expect(screen.getByLabelText("Done: Budget")).toBeChecked();
    expect(within(screen.getByTestId("meeting-decision")).getByText("Go with vendor B")).toBeInTheDocument();
    const [first, second] = screen.getAllByTestId("action-item");
    expect(within(first!).getByTestId("promote-action-item")).toBeInTheDocument();
    expect(within(second!).getByTestId("action-task")).toHaveTextContent("Task t7");
  });

  it("edits the agenda with the core's commands", async () => {
    fakeIpc.views.meetings.mockResolvedValue([summary("m1")]);
    fakeIpc.views.meeting.mockResolvedValue(
      meetingView("m1", {
        agenda: [
          { id: "a1", title: "Budget", minutes: 15, done: false, order: "a" },
          { id: "a2", title: "Risks", minutes: null, done: false, order: "b" },
          { id: "a3", title: "AOB", minutes: null, done: false, order: "c" },
        ],
      }),
    );
    fakeIpc.execute.mockResolvedValue(ok());
    renderWithMantine(<MeetingsView projectId="p1" />);
    const user = await openMeeting("m1");

    await user.type(screen.getByTestId("new-agenda-title"), "Hiring");
    await user.type(screen.getByTestId("new-agenda-minutes"), "20");
    await user.click(screen.getByTestId("add-agenda-item"));
    await user.click(screen.getByLabelText("Move AOB up"));
    await user.click(screen.getByLabelText("Move Budget down"));
    await user.click(screen.getByLabelText("Move Risks up"));
    await user.click(screen.getByLabelText("Done: Risks"));
    await user.click(screen.getByLabelText("Remove AOB"));
    await user.dblClick(screen.getByText("Budget"));
    const rename = screen.getByLabelText("Agenda item title");
    await user.clear(rename);
    await user.type(rename, "Budget 2025{Enter}");

    await waitFor(() => expect(fakeIpc.execute).toHaveBeenCalledTimes(7));
    const sent = fakeIpc.execute.mock.calls.map(([, c]) => c);
    expect(sent).toEqual([
      { area: "meeting", command: { action: "add_agenda_item", id: "m1", title: "Hiring", minutes: 20 } },
      { area: "meeting", command: { action: "move_agenda_item", id: "m1", item: "a3", after: "a1" } },
      { area: "meeting", command: { action: "move_agenda_item", id: "m1", item: "a1", after: "a2" } },
      { area: "meeting", command: { action: "move_agenda_item", id: "m1", item: "a2", after: null } },
      { area: "meeting", command: { action: "update_agenda_item", id: "m1", item: "a2", done: true } },
      { area: "meeting", command: { action: "remove_agenda_item", id: "m1", item: "a3" } },
      { area: "meeting", command: { action: "update_agenda_item", id: "m1", item: "a1", title: "Budget 2025" } },
    ]);
  });

  it("reorders the agenda by dragging a handle with the keyboard", async () => {
    fakeIpc.views.meetings.mockResolvedValue([summary("m1")]);
    fakeIpc.views.meeting.mockResolvedValue(
      meetingView("m1", {
        agenda: [
          { id: "a1", title: "Budget", minutes: null, done: false, order: "a" },
          { id: "a2", title: "Risks", minutes: null, done: false, order: "b" },
          { id: "a3", title: "AOB", minutes: null, done: false, order: "c" },
        ],
      }),
    );
    fakeIpc.execute.mockResolvedValue(ok());
    // jsdom lays nothing out: stack the agenda rows 40 px apart so dnd-kit can find neighbours.
    const rect = vi.spyOn(HTMLElement.prototype, "getBoundingClientRect").mockImplementation(function (this: HTMLElement) {
      const rows = [...document.querySelectorAll("[data-agenda-id]")];
      const row = this.closest("[data-agenda-id]");
      const top = row ? rows.indexOf(row) * 40 : 0;
      return { x: 0, y: top, top, left: 0, bottom: top + 36, right: 400, width: 400, height: 36, toJSON: () => ({}) };
    });
    renderWithMantine(<MeetingsView projectId="p1" />);
    const user = await openMeeting("m1");

    screen.getByLabelText("Drag AOB").focus();
    await user.keyboard("[Space]");
    await user.keyboard("[ArrowUp]");
    await user.keyboard("[ArrowUp]");
    await user.keyboard("[Space]");
    await waitFor(() => expect(fakeIpc.execute).toHaveBeenCalled());
    expect(fakeIpc.execute).toHaveBeenCalledWith("p1", {
      area: "meeting",
      command: { action: "move_agenda_item", id: "m1", item: "a3", after: null },
    });
    rect.mockRestore();
  });

  it("adds an action item, reassigns it and makes it a task", async () => {
    fakeIpc.views.meetings.mockResolvedValue([summary("m1")]);
    fakeIpc.views.meeting.mockResolvedValue(
      meetingView("m1", {
        action_items: [{ id: "x1", text: "Send minutes", assignee: null, assignee_name: null, due: null, order: "a", task: null }],
      }),
    );
    fakeIpc.execute.mockResolvedValue(ok());
    renderWithMantine(<MeetingsView projectId="p1" />);
    const user = await openMeeting("m1");
    await waitFor(() => expect(screen.getByTestId("new-action-assignee")).toHaveTextContent("Ann"));

    await user.type(screen.getByTestId("new-action-text"), "Call the vendor");
    await user.selectOptions(screen.getByTestId("new-action-assignee"), "ann");
    await user.type(screen.getByTestId("new-action-due"), "2025-03-20");
    await user.click(screen.getByTestId("add-action-item"));
    await waitFor(() => expect(screen.getByTestId("new-action-text")).toHaveValue(""));
    await user.selectOptions(screen.getByLabelText("Assignee of Send minutes"), "bo");
    const due = screen.getByLabelText("Due date of Send minutes");
    await user.type(due, "2025-04-01");
    await user.tab();
    await user.click(screen.getByTestId("promote-action-item"));

    const sent = fakeIpc.execute.mock.calls.map(([, c]) => c);
    expect(sent).toEqual([
      {
        area: "meeting",
        command: { action: "add_action_item", id: "m1", text: "Call the vendor", assignee: "ann", due: "2025-03-20" },
      },
      { area: "meeting", command: { action: "update_action_item", id: "m1", item: "x1", assignee: { set: "bo" } } },
      { area: "meeting", command: { action: "update_action_item", id: "m1", item: "x1", due: { set: "2025-04-01" } } },
      { area: "meeting", command: { action: "promote_action_item", id: "m1", item: "x1" } },
    ]);
  });

  it("manages attendees and decisions, and shows a refusal inline", async () => {
    fakeIpc.views.meetings.mockResolvedValue([summary("m1")]);
    fakeIpc.views.decisions.mockResolvedValue([
      {
        id: "d5",
        title: "Use Postgres",
        status: "proposed",
        context: "",
        decision: "",
        alternatives: "",
        decided_by: null,
        decided_by_name: null,
        decided_at: null,
        superseded_by: null,
        supersedes: [],
        meetings: [],
        tasks: [],
        created_at: null,
        created_by: null,
        deleted: false,
      },
    ]);
    fakeIpc.views.meeting.mockResolvedValue(
      meetingView("m1", {
        attendees: [{ id: "ann", name: "Ann" }],
        decisions: [{ id: "d1", title: "Vendor B", status: "accepted", deleted: false }],
      }),
    );
    fakeIpc.execute.mockResolvedValue(ok());
    renderWithMantine(<MeetingsView projectId="p1" />);
    const user = await openMeeting("m1");
    await screen.findByTestId("add-attendee");

    await user.selectOptions(screen.getByTestId("add-attendee"), "bo");
    await user.click(screen.getByLabelText("Remove Ann"));
    await user.type(screen.getByTestId("new-meeting-decision"), "Ship in May");
    await user.click(screen.getByTestId("record-decision"));
    await user.selectOptions(await screen.findByTestId("link-decision"), "d5");
    await user.click(screen.getByLabelText("Unlink Vendor B"));
    const sent = fakeIpc.execute.mock.calls.map(([, c]) => c);
    expect(sent).toEqual([
      { area: "meeting", command: { action: "add_attendee", id: "m1", member: "bo" } },
      { area: "meeting", command: { action: "remove_attendee", id: "m1", member: "ann" } },
      { area: "decision", command: { action: "add", title: "Ship in May", meetings: ["m1"] } },
      { area: "meeting", command: { action: "link_decision", id: "m1", decision: "d5" } },
      { area: "meeting", command: { action: "unlink_decision", id: "m1", decision: "d1" } },
    ]);

    fakeIpc.execute.mockRejectedValueOnce(new Error("Bo already attends meeting m1"));
    await user.selectOptions(screen.getByTestId("add-attendee"), "bo");
    expect(await screen.findByText("Bo already attends meeting m1")).toBeInTheDocument();
  });

  it("edits the details with a patch of what changed, and deletes the meeting", async () => {
    fakeIpc.views.meetings.mockResolvedValue([summary("m1")]);
    fakeIpc.views.meeting.mockResolvedValue(meetingView("m1", { title: "Steering", series: "steering" }));
    fakeIpc.execute.mockResolvedValue(ok());
    renderWithMantine(<MeetingsView projectId="p1" />);
    const user = await openMeeting("m1");

    await user.click(screen.getByRole("button", { name: "Edit" }));
    const title = screen.getByTestId("edit-meeting-title");
    await user.clear(title);
    await user.type(title, "Steering #2");
    await user.clear(screen.getByTestId("edit-meeting-series"));
    await user.click(screen.getByTestId("save-meeting"));
    await waitFor(() => expect(screen.queryByTestId("save-meeting")).not.toBeInTheDocument());
    await user.click(screen.getByTestId("delete-meeting"));

    const sent = fakeIpc.execute.mock.calls.map(([, c]) => c);
    expect(sent).toEqual([
      { area: "meeting", command: { action: "update", id: "m1", patch: { title: "Steering #2", series: "clear" } } },
      { area: "item", command: { action: "delete", kind: "meeting", id: "m1" } },
    ]);
  });

  it("refetches the open meeting when it changes, not when an unrelated item does", async () => {
    fakeIpc.views.meetings.mockResolvedValue([summary("m1")]);
    fakeIpc.views.meeting.mockResolvedValue(meetingView("m1", { title: "Old" }));
    renderWithMantine(<MeetingsView projectId="p1" />);
    await openMeeting("m1");
    expect(fakeIpc.views.meeting).toHaveBeenCalledTimes(1);

    fakeIpc.views.meeting.mockResolvedValue(meetingView("m1", { title: "New" }));
    act(() => emit.projectChanged("p1", [{ kind: "task", id: "t1" }]));
    act(() => emit.projectChanged("p1", [{ kind: "meeting", id: "m2" }]));
    expect(fakeIpc.views.meeting).toHaveBeenCalledTimes(1);
    act(() => emit.projectChanged("p1", [{ kind: "meeting", id: "m1" }]));
    await waitFor(() => expect(screen.getByTestId("meeting-title")).toHaveTextContent("New"));
  });
});
