import { describe, expect, it } from "vitest";
import { isTyping, label, matches } from "./shortcuts";

const key = (key: string, init: KeyboardEventInit = {}) => new KeyboardEvent("keydown", { key, ...init });

describe("matches", () => {
  it("reads mod as Ctrl off macOS", () => {
    expect(matches(key("k", { ctrlKey: true }), "mod+k")).toBe(true);
    expect(matches(key("K", { ctrlKey: true }), "mod+k")).toBe(true);
    expect(matches(key("k"), "mod+k")).toBe(false);
    expect(matches(key("k", { ctrlKey: true, shiftKey: true }), "mod+k")).toBe(false);
    expect(matches(key("2", { ctrlKey: true }), "mod+2")).toBe(true);
    expect(matches(key("é", { ctrlKey: true, code: "Digit2" }), "mod+2")).toBe(true);
  });

  it("takes shifted symbols as they are typed", () => {
    expect(matches(key("?", { shiftKey: true }), "?")).toBe(true);
    expect(matches(key("/"), "/")).toBe(true);
  });
});

describe("isTyping", () => {
  it("is true in text fields and false on buttons and checkboxes", () => {
    const text = document.createElement("input");
    const box = document.createElement("input");
    box.type = "checkbox";
    expect(isTyping(text)).toBe(true);
    expect(isTyping(document.createElement("textarea"))).toBe(true);
    expect(isTyping(box)).toBe(false);
    expect(isTyping(document.createElement("button"))).toBe(false);
    expect(isTyping(null)).toBe(false);
  });
});

describe("label", () => {
  it("writes combos for reading", () => {
    expect(label("mod+k")).toBe("Ctrl K");
    expect(label("?")).toBe("?");
  });
});
