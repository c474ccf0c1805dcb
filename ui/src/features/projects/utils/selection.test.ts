import { describe, expect, it } from "vitest";
import type { ProjectSummary } from "../../../ipc";
import { inviteCodeProblem, pickCurrentProject } from "./selection";

const a: ProjectSummary = { id: "a", name: "Apollo", current: false };
const b: ProjectSummary = { id: "b", name: "Borealis", current: true };
const c: ProjectSummary = { id: "c", name: "Cygnus", current: false };

describe("pickCurrentProject", () => {
  it.each<[string | null, ProjectSummary[], string | null]>([
    [null, [], null],
    ["gone", [], null],
    ["c", [a, b, c], "c"],
    [null, [a, b, c], "b"],
    ["gone", [a, b, c], "b"],
    [null, [a, c], "a"],
  ])("current %s → %s", (current, projects, expected) => {
    expect(pickCurrentProject(current, projects)).toBe(expected);
  });
});

describe("inviteCodeProblem", () => {
  it.each<[string, string | null]>([
    ["tandem-invite:eyJ2IjoxfQ", null],
    ["  tandem-invite:eyJ2IjoxfQ\n", null],
    ["", "Paste the invite code you were sent."],
    ["   ", "Paste the invite code you were sent."],
    ["eyJ2IjoxfQ", "An invite code starts with tandem-invite:; paste the whole line."],
    ["tandem-invite:", "The invite code is cut off; paste the whole line."],
  ])("%j → %j", (code, expected) => {
    expect(inviteCodeProblem(code)).toBe(expected);
  });
});
