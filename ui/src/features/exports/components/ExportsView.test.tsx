// The export and import view against a fake IPC: each export sent with its kind and path, the
// import's count and its refusal (first bad row), a partial import, and opening an archive.
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
import { renderWithMantine } from "../../../test/render";
import type { DeliverableView } from "../../../ipc";
import { ExportsView } from "./ExportsView";

function deliverable(id: string, title: string, deleted = false): DeliverableView {
  return {
    id,
    title,
    description: "",
    due: null,
    owner: null,
    review: "draft",
    criteria: [],
    criteria_met: 0,
    criteria_total: 0,
    signoff: null,
    tasks: [],
    created_at: null,
    created_by: null,
    deleted,
  };
}

vi.mock("../../../ipc", async () => (await import("../../../test/fakeIpc")).fakeIpc);

describe("ExportsView", { timeout: 20_000 }, () => {
  beforeEach(() => {
    resetFakeIpc();
    fakeIpc.views.deliverables.mockResolvedValue([]);
  });

  it("exports what is chosen to the typed path, and says where", async () => {
    const user = userEvent.setup();
    fakeIpc.exportFile.mockResolvedValue({ path: "/tmp/apollo.ics", bytes: 812 });
    renderWithMantine(<ExportsView projectId="p1" onProjectOpened={() => {}} />);
    expect(screen.getByTestId("export-path")).toHaveAttribute("placeholder", "/home/you/Documents/tasks.csv");
    await user.selectOptions(screen.getByTestId("export-kind"), "calendar");
    expect(screen.getByTestId("export-path")).toHaveAttribute("placeholder", "/home/you/Documents/project.ics");
    await user.type(screen.getByTestId("export-path"), "/tmp/apollo.ics");
    await user.click(screen.getByTestId("export-run"));
    expect(fakeIpc.exportFile).toHaveBeenCalledWith("p1", "calendar", "/tmp/apollo.ics");
    expect(await screen.findByTestId("export-done")).toHaveTextContent("Wrote 812 bytes to /tmp/apollo.ics");

    fakeIpc.exportFile.mockRejectedValue(new Error("tasks.csv is not a full path"));
    await user.click(screen.getByTestId("export-run"));
    expect(await screen.findByTestId("export-error")).toHaveTextContent("tasks.csv is not a full path");
    expect(screen.queryByTestId("export-done")).toBeNull();
  });

  it("imports tasks and says how many were added, or the first bad row", async () => {
    const user = userEvent.setup();
    fakeIpc.importTasks.mockResolvedValue({ rows: 3, added: 3, created: ["t1", "t2", "t3"], error: null });
    renderWithMantine(<ExportsView projectId="p1" onProjectOpened={() => {}} />);
    await user.type(screen.getByTestId("import-path"), "/tmp/backlog.csv");
    await user.click(screen.getByTestId("import-run"));
    expect(fakeIpc.importTasks).toHaveBeenCalledWith("p1", "/tmp/backlog.csv");
    expect(await screen.findByTestId("import-done")).toHaveTextContent("Added 3 tasks.");

    fakeIpc.importTasks.mockRejectedValue(
      new Error("nothing was imported: row 3: estimate 'lots' is not a number of hours; fix the CSV and import it again"),
    );
    await user.click(screen.getByTestId("import-run"));
    expect(await screen.findByTestId("import-error")).toHaveTextContent("row 3: estimate 'lots'");

    fakeIpc.importTasks.mockResolvedValue({ rows: 3, added: 1, created: ["t1"], error: "storage error: disk full" });
    await user.click(screen.getByTestId("import-run"));
    expect(await screen.findByTestId("import-error")).toHaveTextContent(
      "Added 1 task of 3 rows. Adding stopped: storage error: disk full",
    );
  });

  it("opens an archive as a project and hands it to the shell", async () => {
    const user = userEvent.setup();
    const project = { id: "p9", name: "Apollo", current: true };
    const onProjectOpened = vi.fn();
    fakeIpc.openArchive.mockResolvedValue(project);
    renderWithMantine(<ExportsView projectId="p1" onProjectOpened={onProjectOpened} />);
    await user.type(screen.getByTestId("archive-path"), "/tmp/apollo.automerge");
    await user.click(screen.getByTestId("archive-run"));
    expect(fakeIpc.openArchive).toHaveBeenCalledWith("/tmp/apollo.automerge");
    expect(onProjectOpened).toHaveBeenCalledWith(project);

    fakeIpc.openArchive.mockRejectedValue(new Error("this file is not a Tandem project archive"));
    await user.click(screen.getByTestId("archive-run"));
    expect(await screen.findByTestId("archive-error")).toHaveTextContent("this file is not a Tandem project archive");
    expect(onProjectOpened).toHaveBeenCalledTimes(1);
  });

  it("writes the handover package of the ticked deliverables, or of all of them", async () => {
    const user = userEvent.setup();
    fakeIpc.views.deliverables.mockResolvedValue([
      deliverable("d1", "Admin portal"),
      deliverable("d2", "Operations manual"),
      deliverable("d3", "Old draft", true),
    ]);
    fakeIpc.exportHandover.mockResolvedValue({
      path: "/tmp/acme.zip",
      zip: true,
      files: ["README.md", "deliverables.md"],
      bytes: 4096,
    });
    renderWithMantine(<ExportsView projectId="p1" onProjectOpened={() => {}} />);
    expect(await screen.findByText("Admin portal")).toBeInTheDocument();
    expect(screen.queryByText("Old draft")).toBeNull();
    await user.type(screen.getByTestId("handover-path"), "/tmp/acme.zip");
    await user.click(screen.getByTestId("handover-run"));
    expect(fakeIpc.exportHandover).toHaveBeenLastCalledWith("p1", [], "/tmp/acme.zip");
    expect(await screen.findByTestId("handover-done")).toHaveTextContent(
      "Wrote the handover package (2 files, 4096 bytes) as the zip file /tmp/acme.zip",
    );

    await user.click(screen.getByLabelText("Operations manual"));
    fakeIpc.exportHandover.mockRejectedValue(new Error("/tmp/acme.zip already exists: choose another path"));
    await user.click(screen.getByTestId("handover-run"));
    expect(fakeIpc.exportHandover).toHaveBeenLastCalledWith("p1", ["d2"], "/tmp/acme.zip");
    expect(await screen.findByTestId("handover-error")).toHaveTextContent("already exists");
  });

  it("says when there is no deliverable to hand over", async () => {
    renderWithMantine(<ExportsView projectId="p1" onProjectOpened={() => {}} />);
    expect(await screen.findByTestId("handover-none")).toHaveTextContent("no deliverables yet");
  });
});
