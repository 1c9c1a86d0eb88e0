import { describe, expect, it, vi } from "vitest";

vi.mock("$lib/bindings", async (importOriginal) => {
  const actual = await importOriginal<typeof import("$lib/bindings")>();
  const { fakeCommands } = await import("$lib/testing/commands");
  return { ...actual, commands: fakeCommands(actual.commands) };
});

import { commands } from "$lib/bindings";
import { contact } from "$lib/testing/fixtures";
import { NewContactForm } from "./newContact.svelte";

describe("NewContactForm", () => {
  it("requires a name and sends nothing without one", async () => {
    const form = new NewContactForm();
    expect(await form.save()).toBeNull();
    expect(form.error).toBe("A contact needs a name.");
    expect(commands.contact_create).not.toHaveBeenCalled();
  });

  it("sends only the fields that were filled in", async () => {
    const form = new NewContactForm();
    form.name = " Grace Hopper ";
    form.email = "grace@navy.mil";
    form.tags = "navy, cobol";
    vi.mocked(commands.contact_create).mockResolvedValue(contact({ name: "Grace Hopper" }));
    const created = await form.save();
    expect(created?.name).toBe("Grace Hopper");
    expect(commands.contact_create).toHaveBeenCalledWith({
      name: "Grace Hopper",
      emails: [{ label: "", value: "grace@navy.mil" }],
      tags: ["navy", "cobol"],
    });
    expect(form.name).toBe("");
  });

  it("shows the Rust side's refusal and keeps what was typed", async () => {
    const form = new NewContactForm();
    form.name = "Grace";
    form.email = "not-an-email";
    vi.mocked(commands.contact_create).mockRejectedValue({ code: "invalid", message: "email is not valid: not-an-email" });
    expect(await form.save()).toBeNull();
    expect(form.error).toBe("email is not valid: not-an-email");
    expect(form.email).toBe("not-an-email");
  });
});
