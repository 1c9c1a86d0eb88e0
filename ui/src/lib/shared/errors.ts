import type { IpcError } from "$lib/bindings";

/** Whether a rejection came from the Rust side as `{code, message}`. */
export function isIpcError(e: unknown): e is IpcError {
  return (
    typeof e === "object" &&
    e !== null &&
    typeof (e as IpcError).code === "string" &&
    typeof (e as IpcError).message === "string"
  );
}

/** The sentence to show a person for any failure: the Rust message as written, else a plain fallback. */
export function errorMessage(e: unknown): string {
  if (isIpcError(e)) return e.message;
  if (e instanceof Error && e.message) return e.message;
  if (typeof e === "string" && e) return e;
  return "Something went wrong. Try again.";
}

/** The error's code, so callers branch on it rather than on the wording. */
export function errorCode(e: unknown): string | null {
  return isIpcError(e) ? e.code : null;
}
