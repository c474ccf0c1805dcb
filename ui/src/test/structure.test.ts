// CONVENTIONS item 10 as a test: features never import each other or the app shell, and only src/ipc
// touches @tauri-apps; shared code (components, hooks, ipc, lib) imports no feature.
import { describe, expect, it } from "vitest";

const sources = import.meta.glob<string>("../**/*.{ts,tsx}", { query: "?raw", import: "default", eager: true });

/** Every import specifier in every source file, with the file's path under src/. */
const imports = Object.entries(sources).flatMap(([path, text]) => {
  const file = path.replace(/^\.\.\//, "");
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s*["']([^"']+)["']/g)].map((m) => ({
    file,
    target: resolve(file, m[1] ?? ""),
  }));
});

/** `features/tasks/components/X.tsx` + `../../../ipc` → `ipc`; packages stay as they are. */
function resolve(file: string, specifier: string): string {
  if (!specifier.startsWith(".")) return specifier;
  const parts = file.split("/").slice(0, -1);
  for (const part of specifier.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== ".") parts.push(part);
  }
  return parts.join("/");
}

const featureOf = (path: string) => /^features\/([^/]+)/.exec(path)?.[1] ?? null;

describe("structure", () => {
  it("finds the sources", () => {
    expect(imports.length).toBeGreaterThan(20);
  });

  it("keeps features independent", () => {
    const crossing = imports.filter(({ file, target }) => {
      const from = featureOf(file);
      const to = featureOf(target);
      return from !== null && ((to !== null && to !== from) || target.startsWith("app/"));
    });
    expect(crossing).toEqual([]);
  });

  it("keeps shared code free of features and of the app shell", () => {
    const shared = /^(components|hooks|ipc|lib)\//;
    const leaking = imports.filter(
      ({ file, target }) => shared.test(file) && (target.startsWith("features/") || target.startsWith("app/")),
    );
    expect(leaking).toEqual([]);
  });

  it("talks to Tauri only in src/ipc", () => {
    const direct = imports.filter(({ file, target }) => target.startsWith("@tauri-apps/") && !file.startsWith("ipc/"));
    expect(direct).toEqual([]);
  });
});
