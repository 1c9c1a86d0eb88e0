import type { Interaction, InteractionChanges, InteractionFilter, InteractionKind } from "$lib/bindings";
import { fromLocalInput, toLocalInput } from "$lib/shared/time";

/** The timeline's filter bar: a kind and a range of local dates (`YYYY-MM-DD`), each optional. */
export type TimelineFilter = { kind: InteractionKind | ""; from: string; to: string };

export const NO_FILTER: TimelineFilter = { kind: "", from: "", to: "" };

export function isFiltered(f: TimelineFilter): boolean {
  return f.kind !== "" || f.from !== "" || f.to !== "";
}

function localDay(value: string, offsetDays: number): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + offsetDays);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * The query for one contact's filtered timeline: `from` is the start of its local day, `to` the
 * last millisecond of its local day. Returns an error message when the range is backwards.
 */
export function toQuery(contact: string, f: TimelineFilter, limit = 500): InteractionFilter | string {
  const from = f.from ? localDay(f.from, 0) : null;
  const end = f.to ? localDay(f.to, 1) : null;
  if (f.from && !from) return "The start date is not a date.";
  if (f.to && !end) return "The end date is not a date.";
  const to = end ? new Date(end.getTime() - 1) : null;
  if (from && to && to < from) return "The range ends before it starts.";
  const query: InteractionFilter = { contact, limit };
  if (f.kind !== "") query.kind = f.kind;
  if (from) query.from = from.toISOString();
  if (to) query.to = to.toISOString();
  return query;
}

/** The form an interaction is edited in. */
export type EditForm = { kind: InteractionKind; when: string; notes: string };

export function editForm(i: Interaction): EditForm {
  return { kind: i.kind, when: toLocalInput(new Date(i.occurred_at)), notes: i.notes };
}

/** What the form changes, or an error message; an empty object when nothing changed. */
export function editChanges(i: Interaction, form: EditForm): InteractionChanges | string {
  const changes: InteractionChanges = {};
  if (form.kind !== i.kind) changes.kind = form.kind;
  if (form.notes !== i.notes) changes.notes = form.notes;
  if (form.when !== toLocalInput(new Date(i.occurred_at))) {
    const at = fromLocalInput(form.when);
    if (!at) return "The time is not a date and time.";
    changes.occurred_at = at;
  }
  return changes;
}
