// Test helpers: every command of `$lib/bindings` as a vi.fn that fails loudly unless a test
// says what it returns. Use from a vi.mock factory:
//
//   vi.mock("$lib/bindings", async (importOriginal) => {
//     const actual = await importOriginal<typeof import("$lib/bindings")>();
//     const { fakeCommands } = await import("$lib/testing/commands");
//     return { ...actual, commands: fakeCommands(actual.commands) };
//   });
import { vi, type Mock } from "vitest";

export type Fakes<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? Mock<(...args: A) => R> : never };

export function fakeCommands<T extends Record<string, unknown>>(commands: T): Fakes<T> {
  return Object.fromEntries(
    Object.keys(commands).map((name) => [
      name,
      vi.fn(() => Promise.reject({ code: "test", message: `${name} was not given an answer in this test` })),
    ]),
  ) as Fakes<T>;
}

/** A promise and the functions that settle it, for answering a call later. */
export function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets pending promise callbacks run. */
export async function flush(times = 5): Promise<void> {
  for (let i = 0; i < times; i++) await Promise.resolve();
}
