// The palette against a fake IPC module: views are listed and filtered, the project is searched, a hit opens its view.
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeIpc, resetFakeIpc } from "../test/fakeIpc";
import { renderWithMantine } from "../test/render";
import { createSpotlight } from "@mantine/spotlight";
import { CommandPalette } from "./CommandPalette";

vi.mock("../ipc", async () => (await import("../test/fakeIpc")).fakeIpc);

// Typing into Mantine's spotlight in jsdom is slow on a busy machine.
describe("CommandPalette", { timeout: 20_000 }, () => {
  beforeEach(() => {
    resetFakeIpc();
  });

  it("filters the views by what is typed and opens the chosen one", async () => {
    const onNavigate = vi.fn();
    fakeIpc.search.mockResolvedValue([]);
    const [store, palette] = createSpotlight();
    renderWithMantine(<CommandPalette store={store} projectId="p1" onNavigate={onNavigate} onOpenHit={vi.fn()} />);
    palette.open();
    const input = await screen.findByTestId("palette-input");
    await userEvent.type(input, "risk");
    await waitFor(() => expect(screen.getAllByTestId("palette-view").map((e) => e.textContent)).toEqual([
      expect.stringContaining("Risks & issues"),
    ]));
    await userEvent.click(screen.getByTestId("palette-view"));
    expect(onNavigate).toHaveBeenCalledWith("risks");
  });

  it("searches the project and opens the item found", async () => {
    const onNavigate = vi.fn();
    const onOpenHit = vi.fn();
    const hit = { kind: "meeting", id: "mt1", label: "Weekly sync", field: "notes", snippet: "…the billing cutover…" } as const;
    fakeIpc.search.mockResolvedValue([hit]);
    const [store, palette] = createSpotlight();
    renderWithMantine(<CommandPalette store={store} projectId="p1" onNavigate={onNavigate} onOpenHit={onOpenHit} />);
    palette.open();
    await userEvent.type(await screen.findByTestId("palette-input"), "billing");
    const found = await screen.findByTestId("palette-hit");
    expect(found.textContent).toContain("Weekly sync");
    expect(found.textContent).toContain("notes: …the billing cutover…");
    await waitFor(() => expect(fakeIpc.search).toHaveBeenLastCalledWith("p1", "billing", 30));
    await userEvent.click(found);
    expect(onOpenHit).toHaveBeenCalledWith(hit);
    expect(onNavigate).not.toHaveBeenCalled();
  });

  it("says when nothing matches and when the search fails", async () => {
    fakeIpc.search.mockResolvedValue([]);
    const [store, palette] = createSpotlight();
    renderWithMantine(<CommandPalette store={store} projectId="p1" onNavigate={vi.fn()} onOpenHit={vi.fn()} />);
    palette.open();
    await userEvent.type(await screen.findByTestId("palette-input"), "zzqx");
    expect(await screen.findByText("Nothing matches “zzqx”.")).toBeTruthy();
    fakeIpc.search.mockRejectedValue(new Error("the profile is in use"));
    await userEvent.type(screen.getByTestId("palette-input"), "y");
    expect(await screen.findByText("Search failed: the profile is in use")).toBeTruthy();
  });
});
