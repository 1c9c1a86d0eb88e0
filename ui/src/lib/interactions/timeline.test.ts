import { describe, expect, it } from "vitest";
import type { Interaction } from "$lib/bindings";
import { editChanges, editForm, isFiltered, NO_FILTER, toQuery } from "./timeline";

const item: Interaction = {
  id: "i1",
  contact_id: "c1",
  kind: "call",
  occurred_at: new Date(2026, 2, 9, 10, 0).toISOString(),
  notes: "Talked",
  transcript_source: null,
  ai_suggestions: null,
  confidence: null,
  created_at: "2026-03-09T10:00:00.000Z",
  updated_at: "2026-03-09T10:00:00.000Z",
  deleted_at: null,
};

describe("timeline filter", () => {
  it("turns local dates into a whole-day range", () => {
    const q = toQuery("c1", { kind: "call", from: "2026-03-01", to: "2026-03-05" });
    if (typeof q === "string") throw new Error(q);
    expect(q.contact).toBe("c1");
    expect(q.kind).toBe("call");
    expect(new Date(q.from!).getTime()).toBe(new Date(2026, 2, 1).getTime());
    expect(new Date(q.to!).getTime()).toBe(new Date(2026, 2, 6).getTime() - 1);
  });

  it("leaves out what is not given and refuses a backwards range", () => {
    const q = toQuery("c1", NO_FILTER);
    expect(q).toEqual({ contact: "c1", limit: 500 });
    expect(isFiltered(NO_FILTER)).toBe(false);
    expect(toQuery("c1", { kind: "", from: "2026-03-05", to: "2026-03-01" })).toBe("The range ends before it starts.");
    expect(toQuery("c1", { kind: "", from: "soon", to: "" })).toBe("The start date is not a date.");
  });
});

describe("editing an interaction", () => {
  it("sends only what changed", () => {
    const form = editForm(item);
    expect(editChanges(item, form)).toEqual({});
    expect(editChanges(item, { ...form, notes: "Talked twice", kind: "meeting" })).toEqual({
      notes: "Talked twice",
      kind: "meeting",
    });
    const moved = editChanges(item, { ...form, when: "2026-03-08T09:30" });
    expect(moved).toEqual({ occurred_at: new Date(2026, 2, 8, 9, 30).toISOString() });
    expect(editChanges(item, { ...form, when: "yesterday" })).toBe("The time is not a date and time.");
  });
});
