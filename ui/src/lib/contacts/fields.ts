import type { Contact, ContactChanges, ContactStatus } from "$lib/bindings";
import { formatBirthday } from "$lib/shared/time";

/** The single-valued fields of a contact that edit in place, in the order the page shows them. */
export type FieldKey =
  | "name"
  | "relationship"
  | "company"
  | "title"
  | "industry"
  | "location"
  | "birthday"
  | "status"
  | "keep_in_touch_days"
  | "preferred_channel";

export type FieldSpec = {
  key: FieldKey;
  label: string;
  input: "text" | "number" | "select";
  options?: readonly string[];
  placeholder?: string;
  /** Suggestions offered while typing (a datalist), not a restriction. */
  suggestions?: readonly string[];
};

export const STATUSES: readonly ContactStatus[] = ["active", "inactive", "archived"];
export const CHANNELS = ["email", "phone", "message", "whatsapp", "linkedin", "in person"] as const;

export const FIELDS: readonly FieldSpec[] = [
  { key: "relationship", label: "Relationship", input: "text", placeholder: "client, friend, investor…" },
  { key: "company", label: "Company", input: "text" },
  { key: "title", label: "Title", input: "text" },
  { key: "industry", label: "Industry", input: "text" },
  { key: "location", label: "Location", input: "text" },
  { key: "birthday", label: "Birthday", input: "text", placeholder: "1990-03-14 or --03-14" },
  { key: "status", label: "Status", input: "select", options: STATUSES },
  { key: "keep_in_touch_days", label: "Keep in touch every", input: "number", placeholder: "days" },
  { key: "preferred_channel", label: "Preferred channel", input: "text", suggestions: CHANNELS },
];

/** The field's value as the edit box starts with it ("" for nothing). */
export function fieldValue(contact: Contact, key: FieldKey): string {
  const value = contact[key];
  return value === null || value === undefined ? "" : String(value);
}

/**
 * Turns what was typed into the one-field edit `contact_update` takes, or a message saying what
 * to type instead. Only checks the UI can make without the rules; the Rust side checks the rest
 * and its message is shown the same way.
 */
export function fieldChange(key: FieldKey, raw: string): { changes: ContactChanges } | { error: string } {
  const value = raw.trim();
  switch (key) {
    case "name":
      return value ? { changes: { name: value } } : { error: "A contact needs a name." };
    case "birthday":
      return { changes: { birthday: value === "" ? null : value } };
    case "keep_in_touch_days": {
      if (value === "") return { changes: { keep_in_touch_days: null } };
      const days = Number(value);
      if (!Number.isInteger(days) || days < 0) {
        return { error: "Enter a whole number of days, or leave it empty to stop." };
      }
      return { changes: { keep_in_touch_days: days === 0 ? null : days } };
    }
    case "status":
      return (STATUSES as readonly string[]).includes(value)
        ? { changes: { status: value as ContactStatus } }
        : { error: `Status is one of ${STATUSES.join(", ")}.` };
    default:
      return { changes: { [key]: value } };
  }
}

/** How a field reads on the page when it is not being edited. */
export function fieldDisplay(contact: Contact, key: FieldKey): string {
  if (key === "keep_in_touch_days") {
    const d = contact.keep_in_touch_days;
    return d ? `${d} ${d === 1 ? "day" : "days"}` : "";
  }
  if (key === "birthday") return contact.birthday ? formatBirthday(contact.birthday) : "";
  return fieldValue(contact, key);
}
