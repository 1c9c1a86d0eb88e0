import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { EVENTS, type Changed } from "$lib/bindings";

/**
 * Subscribes to a Tauri event; the returned function unsubscribes. Outside the desktop shell
 * (a plain browser during development) there is no event bus, and this quietly does nothing.
 */
export function onEvent<T>(name: string, handler: (payload: T) => void): () => void {
  let unlisten: UnlistenFn | null = null;
  let stopped = false;
  listen<T>(name, (event) => handler(event.payload))
    .then((fn) => {
      if (stopped) fn();
      else unlisten = fn;
    })
    .catch(() => {});
  return () => {
    stopped = true;
    unlisten?.();
  };
}

type ChangeHandler = (ids: string[]) => void;
const handlers = new Set<ChangeHandler>();

/**
 * Whatever is on screen registers here to refresh when the database changes — from this window,
 * the CLI or sync. Bursts of events (an import, a sync pull) are folded into one refresh.
 */
export function onDataChanged(handler: ChangeHandler): () => void {
  handlers.add(handler);
  return () => handlers.delete(handler);
}

const COALESCE_MS = 60;
let pendingIds: string[] = [];
let timer: ReturnType<typeof setTimeout> | null = null;

/** Fans one `kith://changed` payload out to every registered screen (coalesced). */
export function announceChange(payload: Changed): void {
  pendingIds.push(...(payload?.ids ?? []));
  if (timer !== null) return;
  timer = setTimeout(() => {
    timer = null;
    const ids = pendingIds;
    pendingIds = [];
    for (const handler of [...handlers]) handler(ids);
  }, COALESCE_MS);
}

/** Starts forwarding `kith://changed`; called once by the root layout. */
export function listenForChanges(): () => void {
  return onEvent<Changed>(EVENTS.changed, announceChange);
}
