// The item collection against a fake IPC: patches for small changes, full loads otherwise, and answers never applied out of order.
import { act, renderHook, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { emit, resetFakeIpc } from "../test/fakeIpc";
import { useItemCollection, type ItemSource } from "./useItemCollection";

vi.mock("../ipc", async () => (await import("../test/fakeIpc")).fakeIpc);

type Item = { id: string; v: number };

/** A promise resolved or rejected by the test, to choose the order answers arrive in. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

function setUp(options: Partial<ItemSource<Item>> = {}) {
  const loadAll = vi.fn<(projectId: string) => Promise<Item[]>>();
  const loadOne = vi.fn<(projectId: string, id: string) => Promise<Item>>();
  const source: ItemSource<Item> = { kind: "risk", loadAll, loadOne, idOf: (i) => i.id, patchLimit: 3, ...options };
  return { source, loadAll, loadOne };
}

/** The collection as `id=v` strings in id order. */
const shown = (data: ReadonlyMap<string, Item> | null) =>
  data === null ? null : [...data.values()].map((i) => `${i.id}=${i.v}`).sort();

const change = (...ids: string[]) => emit.projectChanged("p1", ids.map((id) => ({ kind: "risk", id })));
/** A change whose items are not known (a change by another tool): everything may have changed. */
const changeUnknown = () => emit.projectChanged("p1", []);

describe("useItemCollection", () => {
  beforeEach(() => resetFakeIpc());

  it("loads everything once, then fetches only the items a change names", async () => {
    const { source, loadAll, loadOne } = setUp();
    loadAll.mockResolvedValue([{ id: "a", v: 1 }, { id: "b", v: 1 }]);
    loadOne.mockImplementation(async (_, id) => ({ id, v: 2 }));
    const { result } = renderHook(() => useItemCollection("p1", source));
    await waitFor(() => expect(shown(result.current.data)).toEqual(["a=1", "b=1"]));

    act(() => change("b", "c"));
    await waitFor(() => expect(shown(result.current.data)).toEqual(["a=1", "b=2", "c=2"]));
    expect(loadAll).toHaveBeenCalledTimes(1);
    expect(loadOne.mock.calls).toEqual([
      ["p1", "b"],
      ["p1", "c"],
    ]);
  });

  it("ignores other kinds and other projects; reloads on unknown items and on the kinds it is told to", async () => {
    const { source, loadAll, loadOne } = setUp({ reloadOn: ["member"] });
    loadAll.mockResolvedValue([{ id: "a", v: 1 }]);
    const { result } = renderHook(() => useItemCollection("p1", source));
    await waitFor(() => expect(result.current.data).not.toBeNull());

    act(() => emit.projectChanged("p1", [{ kind: "task", id: "t1" }]));
    act(() => emit.projectChanged("p2", []));
    act(() => changeUnknown());
    await waitFor(() => expect(loadAll).toHaveBeenCalledTimes(2));
    act(() => emit.projectChanged("p1", [{ kind: "member", id: "m1" }, { kind: "risk", id: "a" }]));
    await waitFor(() => expect(loadAll).toHaveBeenCalledTimes(3));
    expect(loadOne).not.toHaveBeenCalled();
  });

  it("reloads everything, once, when a change names more items than the patch limit", async () => {
    const { source, loadAll, loadOne } = setUp();
    loadAll.mockResolvedValueOnce([{ id: "a", v: 1 }]).mockResolvedValue([{ id: "a", v: 2 }]);
    const { result } = renderHook(() => useItemCollection("p1", source));
    await waitFor(() => expect(shown(result.current.data)).toEqual(["a=1"]));

    act(() => change("a", "b", "c", "d"));
    await waitFor(() => expect(shown(result.current.data)).toEqual(["a=2"]));
    expect(loadAll).toHaveBeenCalledTimes(2);
    expect(loadOne).not.toHaveBeenCalled();
  });

  it("keeps the newest answer when fetches of one item come back out of order", async () => {
    const { source, loadAll, loadOne } = setUp();
    loadAll.mockResolvedValue([{ id: "a", v: 1 }]);
    const first = deferred<Item>();
    const second = deferred<Item>();
    loadOne.mockReturnValueOnce(first.promise).mockReturnValueOnce(second.promise);
    const { result } = renderHook(() => useItemCollection("p1", source));
    await waitFor(() => expect(result.current.data).not.toBeNull());

    act(() => change("a"));
    act(() => change("a"));
    await act(async () => second.resolve({ id: "a", v: 3 }));
    expect(shown(result.current.data)).toEqual(["a=3"]);
    await act(async () => first.resolve({ id: "a", v: 2 }));
    expect(shown(result.current.data)).toEqual(["a=3"]);
  });

  it("orders full loads and patches by when they were sent, not when they answer", async () => {
    const { source, loadAll, loadOne } = setUp();
    loadAll.mockResolvedValueOnce([{ id: "a", v: 1 }, { id: "b", v: 1 }]);
    const { result } = renderHook(() => useItemCollection("p1", source));
    await waitFor(() => expect(result.current.data).not.toBeNull());

    // A full load, then a patch of a: the full load answers last, with a stale a.
    const full = deferred<Item[]>();
    const patchA = deferred<Item>();
    loadAll.mockReturnValueOnce(full.promise);
    loadOne.mockReturnValueOnce(patchA.promise);
    act(() => changeUnknown());
    act(() => change("a"));
    await act(async () => patchA.resolve({ id: "a", v: 3 }));
    await act(async () => full.resolve([{ id: "a", v: 2 }, { id: "b", v: 2 }]));
    expect(shown(result.current.data)).toEqual(["a=3", "b=2"]);

    // A patch of b, then a full load: the patch answers last and is older than the full load.
    const patchB = deferred<Item>();
    const full2 = deferred<Item[]>();
    loadOne.mockReturnValueOnce(patchB.promise);
    loadAll.mockReturnValueOnce(full2.promise);
    act(() => change("b"));
    act(() => changeUnknown());
    await act(async () => full2.resolve([{ id: "a", v: 4 }, { id: "b", v: 4 }]));
    await act(async () => patchB.resolve({ id: "b", v: 3 }));
    expect(shown(result.current.data)).toEqual(["a=4", "b=4"]);
  });

  it("reloads everything when an item cannot be fetched (e.g. not found)", async () => {
    const { source, loadAll, loadOne } = setUp();
    loadAll.mockResolvedValueOnce([{ id: "a", v: 1 }]).mockResolvedValue([{ id: "b", v: 1 }]);
    loadOne.mockRejectedValue(new Error("no risk with id a in this project"));
    const { result } = renderHook(() => useItemCollection("p1", source));
    await waitFor(() => expect(result.current.data).not.toBeNull());

    act(() => change("a"));
    await waitFor(() => expect(shown(result.current.data)).toEqual(["b=1"]));
    expect(loadAll).toHaveBeenCalledTimes(2);
    expect(result.current.error).toBeNull();
  });

  it("runs at most one full load and queues one more, whatever the burst", async () => {
    const { source, loadAll, loadOne } = setUp();
    const first = deferred<Item[]>();
    loadAll.mockReturnValueOnce(first.promise).mockResolvedValue([{ id: "a", v: 2 }]);
    const { result } = renderHook(() => useItemCollection("p1", source));
    act(() => {
      for (let i = 0; i < 5; i++) changeUnknown();
      change("a"); // a full load is queued: it will read this change too
    });
    await act(async () => first.resolve([{ id: "a", v: 1 }]));
    await waitFor(() => expect(shown(result.current.data)).toEqual(["a=2"]));
    expect(loadAll).toHaveBeenCalledTimes(2);
    expect(loadOne).not.toHaveBeenCalled();
  });

  it("keeps a change that lands during the first load", async () => {
    const { source, loadAll, loadOne } = setUp();
    const first = deferred<Item[]>();
    loadAll.mockReturnValueOnce(first.promise);
    loadOne.mockResolvedValue({ id: "b", v: 2 });
    const { result } = renderHook(() => useItemCollection("p1", source));
    act(() => change("b"));
    await waitFor(() => expect(loadOne).toHaveBeenCalledTimes(1));
    expect(result.current.data).toBeNull();
    // The first load read the project before b changed.
    await act(async () => first.resolve([{ id: "a", v: 1 }, { id: "b", v: 1 }]));
    expect(shown(result.current.data)).toEqual(["a=1", "b=2"]);
    expect(loadAll).toHaveBeenCalledTimes(1);
  });

  it("shows why the first load failed, and tries a full load again on the next change", async () => {
    const { source, loadAll, loadOne } = setUp();
    loadAll.mockRejectedValueOnce(new Error("project p1 not found")).mockResolvedValue([{ id: "a", v: 1 }]);
    const { result } = renderHook(() => useItemCollection("p1", source));
    await waitFor(() => expect(result.current.error).toBe("project p1 not found"));
    act(() => change("a"));
    await waitFor(() => expect(shown(result.current.data)).toEqual(["a=1"]));
    expect(result.current.error).toBeNull();
    expect(loadOne).not.toHaveBeenCalled();
  });

  it("drops answers about the previous project", async () => {
    const { source, loadAll } = setUp();
    const old = deferred<Item[]>();
    loadAll.mockImplementation((projectId) => (projectId === "p1" ? old.promise : Promise.resolve([{ id: "x", v: 9 }])));
    const { result, rerender } = renderHook(({ project }) => useItemCollection(project, source), {
      initialProps: { project: "p1" },
    });
    rerender({ project: "p2" });
    await waitFor(() => expect(shown(result.current.data)).toEqual(["x=9"]));
    await act(async () => old.resolve([{ id: "a", v: 1 }]));
    expect(shown(result.current.data)).toEqual(["x=9"]);
  });
});
