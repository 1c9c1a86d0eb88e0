import { describe, expect, it } from "vitest";
import { errorCode, errorMessage, isIpcError } from "./errors";

describe("errorMessage", () => {
  it("shows the Rust side's message as written", () => {
    expect(errorMessage({ code: "invalid", message: "birthday must be YYYY-MM-DD or --MM-DD" })).toBe(
      "birthday must be YYYY-MM-DD or --MM-DD",
    );
  });

  it("falls back to an Error's message, a string, then a plain sentence", () => {
    expect(errorMessage(new Error("boom"))).toBe("boom");
    expect(errorMessage("offline")).toBe("offline");
    expect(errorMessage(undefined)).toBe("Something went wrong. Try again.");
  });

  it("gives the code only for IPC errors", () => {
    expect(isIpcError({ code: "not_found", message: "x" })).toBe(true);
    expect(isIpcError({ message: "x" })).toBe(false);
    expect(errorCode({ code: "not_found", message: "x" })).toBe("not_found");
    expect(errorCode(new Error("x"))).toBeNull();
  });
});
