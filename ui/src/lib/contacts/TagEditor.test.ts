import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import TagEditor from "./TagEditor.svelte";

describe("TagEditor", () => {
  it("adds what is typed on Enter and removes a chip", async () => {
    const onadd = vi.fn(async () => null);
    const onremove = vi.fn(async () => null);
    render(TagEditor, { tags: ["math", "vip"], onadd, onremove });
    expect(screen.getAllByTestId("tag-chip").map((c) => c.textContent?.trim())).toEqual(["math", "vip"]);
    const input = screen.getByTestId("tag-input");
    await fireEvent.input(input, { target: { value: "golf" } });
    await fireEvent.keyDown(input, { key: "Enter" });
    expect(onadd).toHaveBeenCalledWith("golf");
    await fireEvent.click(screen.getAllByTestId("tag-remove")[0]);
    expect(onremove).toHaveBeenCalledWith("math");
  });

  it("shows why a tag was refused", async () => {
    render(TagEditor, { tags: [], onadd: async () => "tag is too long", onremove: async () => null });
    const input = screen.getByTestId("tag-input");
    await fireEvent.input(input, { target: { value: "x".repeat(300) } });
    await fireEvent.keyDown(input, { key: "Enter" });
    expect((await screen.findByTestId("field-error")).textContent).toBe("tag is too long");
  });
});
