import { fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import { describe, expect, it, vi } from "vitest";
import { contact } from "$lib/testing/fixtures";
import { FIELDS } from "./fields";
import InlineField from "./InlineField.svelte";

const spec = (key: string) => FIELDS.find((f) => f.key === key)!;

async function openEditor(key: string, onsave = vi.fn(async () => null as string | null), c = contact()) {
  render(InlineField, { spec: spec(key), contact: c, onsave });
  await fireEvent.click(screen.getByTestId(`field-${key}`));
  await tick();
  return { onsave, input: screen.getByTestId(`field-${key}-input`) as HTMLInputElement };
}

describe("InlineField", () => {
  it("becomes an input on click, with the current value", async () => {
    const { input } = await openEditor("company");
    expect(input.value).toBe("Analytical Engines");
    expect(document.activeElement).toBe(input);
  });

  it("saves only that field on Enter and goes back to text", async () => {
    const { onsave, input } = await openEditor("company");
    await fireEvent.input(input, { target: { value: "Babbage & Co" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    await vi.waitFor(() => expect(screen.queryByTestId("field-company-input")).toBeNull());
    expect(onsave).toHaveBeenCalledExactlyOnceWith({ company: "Babbage & Co" });
  });

  it("cancels on Escape without saving", async () => {
    const { onsave, input } = await openEditor("title");
    await fireEvent.input(input, { target: { value: "Countess" } });
    await fireEvent.keyDown(input, { key: "Escape" });
    await tick();
    expect(screen.queryByTestId("field-title-input")).toBeNull();
    expect(onsave).not.toHaveBeenCalled();
  });

  it("saves when the field loses focus", async () => {
    const { onsave, input } = await openEditor("location");
    await fireEvent.input(input, { target: { value: "London" } });
    await fireEvent.blur(input);
    await vi.waitFor(() => expect(onsave).toHaveBeenCalledWith({ location: "London" }));
  });

  it("keeps the editor open with the Rust side's message when a value is refused", async () => {
    const onsave = vi.fn(async () => "birthday must be YYYY-MM-DD or --MM-DD");
    const { input } = await openEditor("birthday", onsave);
    await fireEvent.input(input, { target: { value: "14 March" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    const error = await screen.findByTestId("field-error");
    expect(error.textContent).toContain("birthday must be YYYY-MM-DD");
    expect(screen.getByTestId("field-birthday-input")).toBeTruthy();
    // Leaving the refused value does not send it again.
    await fireEvent.blur(input);
    expect(onsave).toHaveBeenCalledOnce();
  });

  it("checks what it can before sending", async () => {
    const { onsave, input } = await openEditor("keep_in_touch_days");
    await fireEvent.input(input, { target: { value: "1.5" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    expect((await screen.findByTestId("field-error")).textContent).toMatch(/whole number/);
    expect(onsave).not.toHaveBeenCalled();
  });

  it("does not save a value that did not change", async () => {
    const { onsave, input } = await openEditor("company");
    await fireEvent.keyDown(input, { key: "Enter" });
    await tick();
    expect(onsave).not.toHaveBeenCalled();
    expect(screen.queryByTestId("field-company-input")).toBeNull();
  });
});
