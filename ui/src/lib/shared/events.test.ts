import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const listeners = vi.hoisted(() => new Map<string, (e: { payload: unknown }) => void>());
vi.mock("@tauri-apps/api/event", () => ({
  listen: vi.fn(async (name: string, handler: (e: { payload: unknown }) => void) => {
    listeners.set(name, handler);
    return () => listeners.delete(name);
  }),
}));

import { announceChange, listenForChanges, onDataChanged, onEvent } from "./events";

describe("data change fan-out", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("folds a burst of change events into one refresh per screen", () => {
    const screen = vi.fn();
    const stop = onDataChanged(screen);
    announceChange({ ids: ["a"] });
    announceChange({ ids: ["b"] });
    vi.advanceTimersByTime(100);
    expect(screen).toHaveBeenCalledExactlyOnceWith(["a", "b"]);
    stop();
    announceChange({ ids: ["c"] });
    vi.advanceTimersByTime(100);
    expect(screen).toHaveBeenCalledOnce();
  });

  it("forwards kith://changed from the Tauri event bus", async () => {
    const screen = vi.fn();
    onDataChanged(screen);
    listenForChanges();
    await vi.waitFor(() => expect(listeners.has("kith://changed")).toBe(true));
    listeners.get("kith://changed")!({ payload: { ids: ["x"] } });
    vi.advanceTimersByTime(100);
    expect(screen).toHaveBeenCalledWith(["x"]);
  });
});

describe("onEvent", () => {
  it("unsubscribes even when stopped before the subscription was confirmed", async () => {
    const stop = onEvent("kith://navigate", () => {});
    stop();
    await Promise.resolve();
    await Promise.resolve();
    expect(listeners.has("kith://navigate")).toBe(false);
  });
});
