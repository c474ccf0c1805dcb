// Saving a form's text fields keeps what others wrote into them since the form opened.
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Command } from "../ipc";
import { fakeIpc, resetFakeIpc } from "../test/fakeIpc";
import { withMergedTexts } from "./useCommand";

vi.mock("../ipc", async () => (await import("../test/fakeIpc")).fakeIpc);

const update = (patch: Record<string, unknown>): Command =>
  ({ area: "risk", command: { action: "update", id: "r1", patch } }) as Command;

describe("withMergedTexts", () => {
  beforeEach(() => resetFakeIpc());

  it("merges the form's text with others' edits made since the form opened", async () => {
    // The form opened on "Vendor may be late." and the member added a sentence at the end;
    // meanwhile another member inserted "very " before "late".
    fakeIpc.readText.mockResolvedValue({ text: "Vendor may be very late.", heads: ["h2"] });
    const sent = await withMergedTexts(
      "p1",
      update({ title: "Late vendor", description: "Vendor may be late. Call them weekly." }),
      { kind: "risk", id: "r1", fields: { description: "Vendor may be late.", mitigation: "Weekly call" } },
    );
    expect(fakeIpc.readText).toHaveBeenCalledTimes(1);
    expect(fakeIpc.readText).toHaveBeenCalledWith("p1", "risk", "r1", "description");
    expect(sent).toEqual(update({ title: "Late vendor", description: "Vendor may be very late. Call them weekly." }));
  });

  it("sends the form's text as is when nobody else changed the field", async () => {
    fakeIpc.readText.mockResolvedValue({ text: "Vendor may be late.", heads: ["h1"] });
    const command = update({ description: "Vendor may be late. Call them weekly." });
    const sent = await withMergedTexts("p1", command, {
      kind: "risk",
      id: "r1",
      fields: { description: "Vendor may be late." },
    });
    expect(sent).toEqual(command);
  });

  it("reads nothing for fields the form did not change, and leaves other commands alone", async () => {
    const unchanged = update({ title: "Late vendor", description: "Same" });
    expect(await withMergedTexts("p1", unchanged, { kind: "risk", id: "r1", fields: { description: "Same" } })).toEqual(
      unchanged,
    );
    const link: Command = { area: "decision", command: { action: "link", id: "d1", to: { meeting: "m1" } } };
    expect(await withMergedTexts("p1", link, { kind: "decision", id: "d1", fields: { context: "" } })).toEqual(link);
    expect(fakeIpc.readText).not.toHaveBeenCalled();
  });

  it("fails with the reason when the field cannot be read", async () => {
    fakeIpc.readText.mockRejectedValue(new Error("risk r1 is not in the project"));
    await expect(
      withMergedTexts("p1", update({ description: "New" }), { kind: "risk", id: "r1", fields: { description: "Old" } }),
    ).rejects.toThrow("not in the project");
  });
});
