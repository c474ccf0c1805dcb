// The reports view against a fake IPC: generating (the period and format sent, the report opened
// at once), refusals before and from the core, the saved list, opening HTML in a sandboxed frame
// and Markdown as text, and writing a report to a file.
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ReportInfo, ReportView } from "../../../ipc";
import { fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
import { renderWithMantine } from "../../../test/render";
import { ReportsView } from "./ReportsView";

vi.mock("../../../ipc", async () => (await import("../../../test/fakeIpc")).fakeIpc);

const info: ReportInfo = {
  id: "rp1",
  title: "Apollo status 2026-11-25 to 2026-12-01",
  period_from: "2026-11-25",
  period_to: "2026-12-01",
  format: "html",
  size_bytes: 12_345,
  created_at: 1_700_000_000_000,
  created_by: null,
  deleted: false,
};
const html: ReportView = { ...info, content: "<!DOCTYPE html><html><body><h1>Apollo</h1><svg></svg></body></html>" };
const markdown: ReportView = { ...info, id: "rp2", format: "markdown", size_bytes: 40, content: "# Apollo\n\nOn track." };

async function typeInto(id: string, text: string) {
  const field = screen.getByTestId(id);
  await userEvent.clear(field);
  if (text !== "") await userEvent.type(field, text);
}

describe("ReportsView", { timeout: 20_000 }, () => {
  beforeEach(() => resetFakeIpc());

  it("generates a report for the period, saves it and shows it in a sandboxed frame", async () => {
    const user = userEvent.setup();
    fakeIpc.views.reports.mockResolvedValue([]);
    fakeIpc.generateReport.mockResolvedValue(html);
    renderWithMantine(<ReportsView projectId="p1" />);
    expect(await screen.findByText("No report has been saved yet.")).toBeInTheDocument();

    await typeInto("report-from", "2026-11-25");
    await typeInto("report-to", "2026-12-01");
    await user.click(screen.getByTestId("generate-report"));
    expect(fakeIpc.generateReport).toHaveBeenCalledWith("p1", "2026-11-25", "2026-12-01", "html");
    const frame = await screen.findByTestId("report-frame");
    expect(frame.getAttribute("srcdoc")).toBe(html.content);
    expect(frame.getAttribute("sandbox")).toBe("");
    expect(screen.getByTestId("report-title")).toHaveTextContent("Apollo status");
  });

  it("refuses a period that is not two days in order, and shows the core's refusal", async () => {
    const user = userEvent.setup();
    fakeIpc.views.reports.mockResolvedValue([]);
    renderWithMantine(<ReportsView projectId="p1" />);
    await typeInto("report-from", "2026-12-05");
    await typeInto("report-to", "2026-12-01");
    await user.click(screen.getByTestId("generate-report"));
    expect(screen.getByTestId("report-error")).toHaveTextContent("The first day is after the last day; swap them.");
    expect(fakeIpc.generateReport).not.toHaveBeenCalled();

    fakeIpc.generateReport.mockRejectedValue(new Error("a status report covers at most 366 days"));
    await typeInto("report-from", "2024-01-01");
    await user.selectOptions(screen.getByTestId("report-format"), "markdown");
    await user.click(screen.getByTestId("generate-report"));
    expect(fakeIpc.generateReport).toHaveBeenCalledWith("p1", "2024-01-01", "2026-12-01", "markdown");
    expect(await screen.findByTestId("report-error")).toHaveTextContent("a status report covers at most 366 days");
  });

  it("lists saved reports, opens Markdown as text and saves it to a file", async () => {
    const user = userEvent.setup();
    fakeIpc.views.reports.mockResolvedValue([info, { ...markdown, deleted: false }, { ...info, id: "rp3", deleted: true }]);
    fakeIpc.views.report.mockResolvedValue(markdown);
    fakeIpc.saveReportFile.mockResolvedValue({ path: "/tmp/status.md", bytes: 40 });
    renderWithMantine(<ReportsView projectId="p1" />);

    const rows = await screen.findAllByTestId("report-row");
    expect(rows.map((r) => r.getAttribute("data-report-id"))).toEqual(["rp1", "rp2"]);
    expect(rows[0]).toHaveTextContent("2026-11-25 to 2026-12-01html12.3 kB");
    await user.click(within(rows[1]!).getByTestId("report-open"));
    expect(fakeIpc.views.report).toHaveBeenCalledWith("p1", "rp2");
    expect(await screen.findByTestId("report-text")).toHaveTextContent("# Apollo On track.");

    await user.type(screen.getByTestId("report-path"), "/tmp/status.md");
    await user.click(screen.getByTestId("report-save-file"));
    expect(fakeIpc.saveReportFile).toHaveBeenCalledWith("p1", "rp2", "/tmp/status.md");
    expect(await screen.findByTestId("report-saved")).toHaveTextContent("Wrote 40 B to /tmp/status.md");

    fakeIpc.saveReportFile.mockRejectedValue(new Error("the folder /nope does not exist"));
    await user.click(screen.getByTestId("report-save-file"));
    expect(await screen.findByTestId("report-save-error")).toHaveTextContent("the folder /nope does not exist");
    await user.click(screen.getByTestId("report-close"));
    expect(screen.queryByTestId("report-viewer")).toBeNull();
  });

  it("shows why the list could not load", async () => {
    fakeIpc.views.reports.mockRejectedValue(new Error("the profile is in use"));
    renderWithMantine(<ReportsView projectId="p1" />);
    expect(await screen.findByTestId("reports-error")).toHaveTextContent("the profile is in use");
  });
});
