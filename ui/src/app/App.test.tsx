// The whole UI against a fake IPC module: first run, joining, the shell, sync badge, remote notices, live refresh.
import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DashboardView, MemberView, ProjectSummary, SyncStatusItem } from "../ipc";
import { emit, fakeIpc, resetFakeIpc } from "../test/fakeIpc";
import { App } from "./App";

vi.mock("../ipc", async () => (await import("../test/fakeIpc")).fakeIpc);

const apollo: ProjectSummary = { id: "p1", name: "Apollo", current: true };

function overview(fields: Partial<DashboardView> = {}): DashboardView {
  return {
    today: "2026-03-10",
    name: "Apollo",
    client: "ACME",
    currency: "EUR",
    health: "on_track",
    health_overridden: false,
    health_computed: "on_track",
    health_reasons: [],
    percent_complete: 42.5,
    tasks_open: 3,
    tasks_done: 2,
    tasks_overdue: 1,
    overdue: [],
    next_milestones: [],
    goals: [],
    budget: { project_budget: null, lines: { planned: 0, committed: 0, actual: 0, remaining: 0 } },
    ...fields,
  };
}

const ann: MemberView = {
  id: "m1",
  name: "Ann",
  role: "coordinator",
  title: null,
  email: null,
  capacity_hours: 40,
  active: true,
  deleted: false,
};

function status(fields: Partial<SyncStatusItem> = {}): SyncStatusItem {
  return {
    project: "p1",
    name: "Apollo",
    server: null,
    role: null,
    state: "local_only",
    unsent: 0,
    last_synced: null,
    detail: null,
    ...fields,
  };
}

beforeEach(() => {
  resetFakeIpc();
  fakeIpc.appInfo.mockResolvedValue({ home: "/home/ann/.tandem", device: "ab12", current_project: null });
  fakeIpc.selectProject.mockResolvedValue(null);
  fakeIpc.views.dashboard.mockResolvedValue(overview());
  fakeIpc.views.members.mockResolvedValue([ann]);
  fakeIpc.listTasks.mockResolvedValue([]);
  fakeIpc.syncStatuses.mockResolvedValue([status()]);
});

describe("first run", () => {
  beforeEach(() => {
    fakeIpc.listProjects.mockResolvedValue([]);
  });

  it("creates a project and opens it", async () => {
    const user = userEvent.setup();
    fakeIpc.createProject.mockImplementation(async () => {
      fakeIpc.listProjects.mockResolvedValue([apollo]);
      return apollo;
    });
    render(<App />);

    await user.type(await screen.findByTestId("project-name"), "Apollo");
    await user.type(screen.getByTestId("my-name"), "Ann");
    await user.click(screen.getByTestId("create-project"));

    expect(await screen.findByTestId("project-title")).toHaveTextContent("Apollo");
    expect(fakeIpc.createProject).toHaveBeenCalledWith("Apollo", "Ann");
    expect(fakeIpc.selectProject).toHaveBeenCalledWith("p1");
    expect(await screen.findByText("Client: ACME")).toBeInTheDocument();
    expect(await screen.findByTestId("sync-state")).toHaveTextContent(/^Local only/);
  });

  it("says what is missing instead of creating", async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByTestId("create-project"));
    expect(screen.getByText("Give the project a name.")).toBeInTheDocument();
    expect(screen.getByText("Say who you are, so the team sees who changed what.")).toBeInTheDocument();
    expect(fakeIpc.createProject).not.toHaveBeenCalled();
  });

  it("shows progress while joining and the server's message when it fails", async () => {
    const user = userEvent.setup();
    let fail: (e: Error) => void = () => {};
    fakeIpc.joinProject.mockImplementation(() => new Promise((_, reject) => (fail = reject)));
    render(<App />);

    await user.type(await screen.findByTestId("invite-code"), "tandem-invite:eyJ2IjoxfQ");
    await user.type(screen.getByTestId("join-name"), "Bo");
    await user.click(screen.getByTestId("join-project"));

    expect(await screen.findByRole("status")).toHaveTextContent(/Joining/);
    expect(fakeIpc.joinProject).toHaveBeenCalledWith("tandem-invite:eyJ2IjoxfQ", "Bo");
    await act(async () => fail(new Error("the invite was already used")));
    expect(await screen.findByText("the invite was already used")).toBeInTheDocument();
    expect(screen.queryByRole("status")).not.toBeInTheDocument();
  });

  it("refuses something that is not an invite code before asking the server", async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.type(await screen.findByTestId("invite-code"), "hello");
    await user.type(screen.getByTestId("join-name"), "Bo");
    await user.click(screen.getByTestId("join-project"));
    expect(screen.getByText("An invite code starts with tandem-invite:; paste the whole line.")).toBeInTheDocument();
    expect(fakeIpc.joinProject).not.toHaveBeenCalled();
  });
});

describe("with a project", () => {
  beforeEach(() => {
    fakeIpc.appInfo.mockResolvedValue({ home: "/home/ann/.tandem", device: "ab12", current_project: "p1" });
    fakeIpc.listProjects.mockResolvedValue([apollo]);
  });

  it("shows the dashboard, then the tasks", async () => {
    const user = userEvent.setup();
    render(<App />);
    expect(await screen.findByTestId("project-title")).toHaveTextContent("Apollo");
    expect(await screen.findByText("42.5%")).toBeInTheDocument();
    expect(screen.getByText("Ann")).toBeInTheDocument();
    expect(fakeIpc.selectProject).not.toHaveBeenCalled();

    await user.click(screen.getByTestId("nav-tasks"));
    expect(await screen.findByTestId("new-task-title")).toBeInTheDocument();
    await user.click(screen.getByTestId("nav-dashboard"));
    expect(await screen.findByTestId("dashboard-members")).toBeInTheDocument();
  });

  it("follows sync-status events in the header", async () => {
    render(<App />);
    await waitFor(() => expect(screen.getByTestId("sync-state")).toHaveTextContent(/^Local only$/));

    act(() => emit.syncStatus(status({ state: "offline", server: "https://sync.example", unsent: 2 })));
    await waitFor(() => expect(screen.getByTestId("sync-state")).toHaveTextContent(/^Offline/));
    expect(screen.getByTestId("sync-state")).toHaveTextContent("2 changes not on the server yet");
    expect(screen.getByTestId("sync-state")).toHaveTextContent("never synced");

    act(() => emit.syncStatus(status({ project: "p2", state: "storage_error" })));
    expect(screen.getByTestId("sync-state")).toHaveTextContent(/^Offline/);
  });

  it("announces remote changes and refreshes the open view", async () => {
    const user = userEvent.setup();
    render(<App />);
    expect(await screen.findByText("Open tasks")).toBeInTheDocument();

    fakeIpc.views.dashboard.mockResolvedValue(overview({ tasks_open: 7 }));
    act(() => {
      emit.remoteChanges({
        project: "p1",
        name: "Apollo",
        new_changes: 3,
        authors: [{ name: "Bo", changes: 3 }],
        conflicts: 2,
        deleted_edits: 0,
      });
      emit.projectChanged("p1");
    });

    expect(await screen.findByTestId("remote-notice")).toHaveTextContent("Bo made 3 changes · 2 conflicts to review");
    expect(await screen.findByText("7")).toBeInTheDocument();

    // More arrivals right after (someone typing notes) grow the same notice.
    act(() => {
      emit.remoteChanges({
        project: "p1",
        name: "Apollo",
        new_changes: 1,
        authors: [{ name: "Ada", changes: 1 }],
        conflicts: 0,
        deleted_edits: 0,
      });
    });
    await waitFor(() => expect(screen.getByTestId("remote-notice")).toHaveTextContent("Ada made 1 change"));
    expect(screen.getAllByTestId("remote-notice")).toHaveLength(1);
    expect(screen.getByTestId("remote-notice")).toHaveTextContent("Bo made 3 changes");
    expect(screen.getByTestId("remote-notice")).toHaveTextContent("2 conflicts to review");
    expect(fakeIpc.views.dashboard).toHaveBeenCalledTimes(2);

    await user.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByTestId("remote-notice")).not.toBeInTheDocument();
  });

  it("switches projects when there are several", async () => {
    const user = userEvent.setup();
    const borealis: ProjectSummary = { id: "p2", name: "Borealis", current: false };
    fakeIpc.listProjects.mockResolvedValue([apollo, borealis]);
    render(<App />);
    expect(await screen.findByTestId("project-title")).toHaveTextContent("Apollo");

    fakeIpc.views.dashboard.mockResolvedValue(overview({ name: "Borealis", client: null }));
    await user.selectOptions(screen.getByTestId("project-switcher"), "p2");
    await waitFor(() => expect(screen.getByTestId("project-title")).toHaveTextContent("Borealis"));
    expect(fakeIpc.selectProject).toHaveBeenCalledWith("p2");
    expect(await screen.findByText("No client recorded")).toBeInTheDocument();
  });

  it("offers to try again when the profile cannot be read", async () => {
    const user = userEvent.setup();
    fakeIpc.listProjects.mockRejectedValueOnce(new Error("profile is locked by another Tandem"));
    render(<App />);
    expect(await screen.findByText("profile is locked by another Tandem")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByTestId("project-title")).toHaveTextContent("Apollo");
  });
});
