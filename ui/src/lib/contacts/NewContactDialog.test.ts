import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";

vi.mock("$lib/bindings", async (importOriginal) => {
  const actual = await importOriginal<typeof import("$lib/bindings")>();
  const { fakeCommands } = await import("$lib/testing/commands");
  return { ...actual, commands: fakeCommands(actual.commands) };
});

import { commands } from "$lib/bindings";
import { contact } from "$lib/testing/fixtures";
import NewContactDialog from "./NewContactDialog.svelte";

describe("NewContactDialog", () => {
  it("shows an inline error for an empty name and focuses the name", async () => {
    render(NewContactDialog, { onclose: vi.fn(), oncreated: vi.fn() });
    await fireEvent.click(screen.getByTestId("new-contact-save"));
    const error = await screen.findByTestId("new-contact-error");
    expect(error.textContent).toContain("needs a name");
    expect(document.activeElement).toBe(screen.getByTestId("new-contact-name"));
    expect(commands.contact_create).not.toHaveBeenCalled();
  });

  it("creates the contact and hands it on", async () => {
    const created = contact({ id: "new-id", name: "Grace" });
    vi.mocked(commands.contact_create).mockResolvedValue(created);
    const oncreated = vi.fn();
    render(NewContactDialog, { onclose: vi.fn(), oncreated });
    await fireEvent.input(screen.getByTestId("new-contact-name"), { target: { value: "Grace" } });
    await fireEvent.input(screen.getByTestId("new-contact-company"), { target: { value: "Navy" } });
    await fireEvent.input(screen.getByTestId("new-contact-phone"), { target: { value: "+1 555 0100" } });
    await fireEvent.click(screen.getByTestId("new-contact-save"));
    await vi.waitFor(() => expect(oncreated).toHaveBeenCalledWith(created));
    expect(commands.contact_create).toHaveBeenCalledWith({
      name: "Grace",
      company: "Navy",
      phones: [{ label: "", value: "+1 555 0100" }],
    });
  });
});
