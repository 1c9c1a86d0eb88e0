import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";

vi.mock("$lib/bindings", async (importOriginal) => {
  const actual = await importOriginal<typeof import("$lib/bindings")>();
  const { fakeCommands } = await import("$lib/testing/commands");
  return { ...actual, commands: fakeCommands(actual.commands) };
});

import { commands } from "$lib/bindings";
import { followUp } from "$lib/testing/fixtures";
import FollowUpButtons from "./FollowUpButtons.svelte";

describe("FollowUpButtons", () => {
  it("marks done in place", async () => {
    const done = followUp({ status: "done" });
    vi.mocked(commands.followup_done).mockResolvedValue(done);
    const onchange = vi.fn();
    render(FollowUpButtons, { id: "fu-1", onchange });
    await fireEvent.click(screen.getByTestId("followup-done"));
    await vi.waitFor(() => expect(onchange).toHaveBeenCalledWith(done));
  });

  it("opens a snooze menu with an hour and tomorrow", async () => {
    vi.mocked(commands.followup_snooze).mockResolvedValue(followUp());
    const onchange = vi.fn();
    render(FollowUpButtons, { id: "fu-1", onchange });
    expect(screen.queryByTestId("snooze-hour")).toBeNull();
    await fireEvent.click(screen.getByTestId("followup-snooze"));
    expect(screen.getByTestId("snooze-tomorrow").textContent).toContain("09:00");
    await fireEvent.click(screen.getByTestId("snooze-hour"));
    await vi.waitFor(() => expect(onchange).toHaveBeenCalled());
    expect(vi.mocked(commands.followup_snooze).mock.calls[0][0].id).toBe("fu-1");
    expect(screen.queryByTestId("snooze-hour")).toBeNull();
  });
});
