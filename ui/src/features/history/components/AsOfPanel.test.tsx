// Time travel against a fake IPC: a moment typed in, the read-only view of that day, and the
// core's refusal (before the project began) shown as it comes.
import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { AsOfView, Moment } from "../../../ipc";
import { fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
import { renderWithMantine } from "../../../test/render";
import { AsOfPanel } from "./AsOfPanel";

vi.mock("../../../ipc", async () => (await import("../../../test/fakeIpc")).fakeIpc);

function Panel() {
  const [moment, setMoment] = useState<Moment | null>(null);
  return <AsOfPanel projectId="p1" moment={moment} onMoment={setMoment} />;
}

const view = {
  heads: ["h1"],
  last_change: null,
  day: "2026-11-02",
  dashboard: { name: "Apollo", health: "on_track", percent_complete: 12.5, tasks_open: 1, tasks_done: 0, tasks_overdue: 0 },
  tasks: [],
} as unknown as AsOfView;

describe("AsOfPanel", { timeout: 20_000 }, () => {
  beforeEach(() => resetFakeIpc());

  it("shows the project as of a moment typed in, marked read-only", async () => {
    const user = userEvent.setup();
    fakeIpc.views.asOf.mockResolvedValue(view);
    renderWithMantine(<Panel />);
    expect(screen.getByText(/Pick a moment/)).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText("The project as of"), { target: { value: "2026-11-02T10:00" } });
    await user.click(screen.getByTestId("as-of-show"));
    await waitFor(() =>
      expect(fakeIpc.views.asOf).toHaveBeenCalledWith("p1", { at: "time", time: new Date(2026, 10, 2, 10, 0).getTime() }),
    );
    expect(await screen.findByTestId("as-of-banner")).toHaveTextContent(/^Apollo as of .*Read-only/);
    expect(screen.getByTestId("as-of-health")).toHaveTextContent("on track");
    expect(screen.getByTestId("as-of-percent")).toHaveTextContent("12.5%");
    expect(screen.getByText("No tasks then.")).toBeInTheDocument();
  });

  it("asks for a whole date and time, and shows the core's refusal", async () => {
    const user = userEvent.setup();
    fakeIpc.views.asOf.mockRejectedValue(new Error("the project did not exist yet at that moment"));
    renderWithMantine(<Panel />);

    fireEvent.change(screen.getByLabelText("The project as of"), { target: { value: "" } });
    await user.click(screen.getByTestId("as-of-show"));
    expect(await screen.findByText("Give a date and time.")).toBeInTheDocument();
    expect(fakeIpc.views.asOf).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText("The project as of"), { target: { value: "2020-01-01T00:00" } });
    await user.click(screen.getByTestId("as-of-show"));
    expect(await screen.findByTestId("as-of-error")).toHaveTextContent("the project did not exist yet at that moment");
  });
});
