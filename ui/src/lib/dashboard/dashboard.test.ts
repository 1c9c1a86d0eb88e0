import { describe, expect, it, vi } from "vitest";

vi.mock("$lib/bindings", async (importOriginal) => {
  const actual = await importOriginal<typeof import("$lib/bindings")>();
  const { fakeCommands } = await import("$lib/testing/commands");
  return { ...actual, commands: fakeCommands(actual.commands) };
});

import { commands, type Dashboard, type DueFollowUp } from "$lib/bindings";
import { followUp } from "$lib/testing/fixtures";
import { DashboardState, statusBars } from "./dashboard.svelte";

const due = (id: string): DueFollowUp => ({ ...followUp({ id }), contact_name: "Ada" });
const dashboard = (overrides: Partial<Dashboard> = {}): Dashboard => ({
  overdue: [],
  due_today: [],
  reach_out: [],
  reach_out_total: 0,
  birthdays: [],
  birthdays_total: 0,
  recent_interactions: [],
  vips: [],
  ...overrides,
});
const facets = { tags: [], industries: [], statuses: [{ name: "active", count: 4 }], vips: 0, total: 4 };

describe("statusBars", () => {
  it("always shows the three statuses, scaled to the largest", () => {
    expect(statusBars([{ name: "inactive", count: 5 }, { name: "active", count: 10 }])).toEqual([
      { name: "active", count: 10, fraction: 1 },
      { name: "inactive", count: 5, fraction: 0.5 },
      { name: "archived", count: 0, fraction: 0 },
    ]);
  });

  it("copes with no contacts at all", () => {
    expect(statusBars([]).every((b) => b.fraction === 0)).toBe(true);
  });
});

describe("DashboardState", () => {
  it("loads the dashboard and the status counts together", async () => {
    vi.mocked(commands.dashboard).mockResolvedValue(dashboard({ overdue: [due("a")] }));
    vi.mocked(commands.contact_facets).mockResolvedValue(facets);
    const dash = new DashboardState();
    await dash.load();
    expect(dash.loading).toBe(false);
    expect(dash.data?.overdue).toHaveLength(1);
    expect(dash.statuses).toEqual([{ name: "active", count: 4 }]);
    expect(dash.empty).toBe(false);
  });

  it("takes a follow-up off the lists once it is done or snoozed", async () => {
    vi.mocked(commands.dashboard).mockResolvedValue(dashboard({ overdue: [due("a"), due("b")], due_today: [due("c")] }));
    vi.mocked(commands.contact_facets).mockResolvedValue(facets);
    const dash = new DashboardState();
    await dash.load();
    dash.settled(followUp({ id: "b" }));
    dash.settled(followUp({ id: "c" }));
    expect(dash.data?.overdue.map((f) => f.id)).toEqual(["a"]);
    expect(dash.data?.due_today).toEqual([]);
  });

  it("shows why it could not load", async () => {
    vi.mocked(commands.dashboard).mockRejectedValue({ code: "io", message: "database is locked" });
    vi.mocked(commands.contact_facets).mockResolvedValue(facets);
    const dash = new DashboardState();
    await dash.load();
    expect(dash.error).toBe("database is locked");
    expect(dash.loading).toBe(false);
  });
});
