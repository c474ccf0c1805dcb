// The notice shown while a project opens from the views saved at the last close.
import { MantineProvider } from "@mantine/core";
import { screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeIpc, resetFakeIpc } from "../../../test/fakeIpc";
import { renderWithMantine } from "../../../test/render";
import { OpeningNotice } from "./OpeningNotice";

vi.mock("../../../ipc", async () => (await import("../../../test/fakeIpc")).fakeIpc);

const SAVED_AT = Date.UTC(2026, 10, 25, 17, 30);

describe("OpeningNotice", () => {
  beforeEach(() => resetFakeIpc());

  it("says nothing and loads nothing for a project that is already loaded", async () => {
    renderWithMantine(<OpeningNotice projectId="p1" />);
    await waitFor(() => expect(fakeIpc.openState).toHaveBeenCalledWith("p1"));
    expect(fakeIpc.openProject).not.toHaveBeenCalled();
    expect(screen.queryByTestId("opening-notice")).toBeNull();
  });

  it("says the views are the saved ones until the load finishes, then goes", async () => {
    fakeIpc.openState.mockResolvedValue({ from_cache: true, saved_at: SAVED_AT });
    let finish: (value: null) => void = () => {};
    fakeIpc.openProject.mockReturnValue(new Promise((resolve) => (finish = resolve)));
    renderWithMantine(<OpeningNotice projectId="p1" />);

    const notice = await screen.findByTestId("opening-notice");
    expect(notice.textContent).toContain("as saved when Tandem last closed");
    expect(notice.textContent).toContain(new Date(SAVED_AT).toLocaleString());
    expect(fakeIpc.openProject).toHaveBeenCalledWith("p1");

    finish(null);
    await waitFor(() => expect(screen.queryByTestId("opening-notice")).toBeNull());
  });

  it("says why when the project cannot be loaded", async () => {
    fakeIpc.openState.mockResolvedValue({ from_cache: true, saved_at: SAVED_AT });
    fakeIpc.openProject.mockRejectedValue(new Error("storage error: the disk is full"));
    renderWithMantine(<OpeningNotice projectId="p1" />);
    expect((await screen.findByTestId("opening-failed")).textContent).toContain("the disk is full");
    expect(screen.queryByTestId("opening-notice")).toBeNull();
  });

  it("asks again for a project switched to", async () => {
    const { rerender } = renderWithMantine(<OpeningNotice projectId="p1" />);
    await waitFor(() => expect(fakeIpc.openState).toHaveBeenCalledWith("p1"));
    fakeIpc.openState.mockResolvedValue({ from_cache: true, saved_at: null });
    fakeIpc.openProject.mockReturnValue(new Promise(() => {}));
    rerender(
      <MantineProvider>
        <OpeningNotice projectId="p2" />
      </MantineProvider>,
    );
    const notice = await screen.findByTestId("opening-notice");
    expect(fakeIpc.openProject).toHaveBeenCalledWith("p2");
    expect(notice.textContent).not.toContain(" at ");
  });
});
