import { describe, expect, it } from "vitest";
import { fuzzyFilter, fuzzyScore } from "./fuzzy";

describe("fuzzy matching", () => {
  it("matches letters in order, skipping others", () => {
    expect(fuzzyScore("gtc", "Go to contacts")).not.toBeNull();
    expect(fuzzyScore("xyz", "Go to contacts")).toBeNull();
  });

  it("ranks word starts and consecutive letters first", () => {
    const items = ["Toggle theme", "Go to settings", "New contact"];
    expect(fuzzyFilter("nc", items, (s) => s)[0]).toBe("New contact");
    expect(fuzzyFilter("set", items, (s) => s)[0]).toBe("Go to settings");
  });

  it("keeps every item, in order, for an empty query", () => {
    expect(fuzzyFilter("  ", ["b", "a"], (s) => s)).toEqual(["b", "a"]);
  });
});
