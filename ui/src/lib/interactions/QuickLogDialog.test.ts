import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";

vi.mock("$lib/bindings", async (importOriginal) => {
  const actual = await importOriginal<typeof import("$lib/bindings")>();
  const { fakeCommands } = await import("$lib/testing/commands");
  return { ...actual, commands: fakeCommands(actual.commands) };
});

import { commands } from "$lib/bindings";
import { interaction, pageOf, row } from "$lib/testing/fixtures";
import QuickLogDialog from "./QuickLogDialog.svelte";
import { QuickLog } from "./quickLog.svelte";

describe("QuickLogDialog", () => {
  it("saves on Ctrl+Enter from the notes", async () => {
    vi.mocked(commands.draft_get).mockResolvedValue(null);
    vi.mocked(commands.draft_set).mockResolvedValue(null);
    vi.mocked(commands.interaction_create).mockResolvedValue(interaction());
    const log = new QuickLog();
    await log.show({ id: "c1", name: "Ada" });
    render(QuickLogDialog, { log });
    expect((screen.getByTestId("log-contact") as HTMLInputElement).value).toBe("Ada");
    const notes = screen.getByTestId("log-notes");
    await fireEvent.input(notes, { target: { value: "Quick call" } });
    await fireEvent.keyDown(notes, { key: "Enter", ctrlKey: true });
    await vi.waitFor(() => expect(commands.interaction_create).toHaveBeenCalled());
    expect(vi.mocked(commands.interaction_create).mock.calls[0][0]).toMatchObject({ contact_id: "c1", notes: "Quick call" });
  });

  it("offers contacts as the name is typed and picks one with the keyboard", async () => {
    vi.mocked(commands.draft_get).mockResolvedValue(null);
    vi.mocked(commands.draft_set).mockResolvedValue(null);
    vi.mocked(commands.contact_list).mockImplementation(pageOf(2, (i) => row(i, { name: ["Grace", "Greta"][i] })));
    const log = new QuickLog();
    await log.show();
    render(QuickLogDialog, { log });
    const picker = screen.getByTestId("log-contact");
    await fireEvent.input(picker, { target: { value: "gr" } });
    const options = await screen.findAllByTestId("log-contact-option");
    expect(options.map((o) => o.textContent?.trim())).toEqual(["Grace", "Greta"]);
    await fireEvent.keyDown(picker, { key: "ArrowDown" });
    await fireEvent.keyDown(picker, { key: "Enter" });
    expect(log.contactName).toBe("Greta");
    expect(document.activeElement).toBe(screen.getByTestId("log-notes"));
  });
});
