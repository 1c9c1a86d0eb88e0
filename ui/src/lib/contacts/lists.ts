import type { Address, ContactChanges, CustomField, Email, Phone, SocialLink } from "$lib/bindings";

/** One editable list of a contact (emails, phones, links, addresses, custom fields). */
export type ListKind = "emails" | "phones" | "social_links" | "addresses" | "custom_fields";

export type Column = { key: string; label: string; placeholder?: string; wide?: boolean; type?: string };

export type Row = Record<string, string>;

export const LISTS: Record<ListKind, { title: string; add: string; columns: Column[]; required: string }> = {
  emails: {
    title: "Emails",
    add: "Add email",
    required: "value",
    columns: [
      { key: "label", label: "Label", placeholder: "work" },
      { key: "value", label: "Email", placeholder: "ada@example.com", wide: true, type: "email" },
    ],
  },
  phones: {
    title: "Phones",
    add: "Add phone",
    required: "value",
    columns: [
      { key: "label", label: "Label", placeholder: "mobile" },
      { key: "value", label: "Phone", placeholder: "+44 20 7946 0958", wide: true, type: "tel" },
    ],
  },
  social_links: {
    title: "Links",
    add: "Add link",
    required: "url",
    columns: [
      { key: "label", label: "Label", placeholder: "linkedin" },
      { key: "url", label: "URL", placeholder: "https://…", wide: true, type: "url" },
    ],
  },
  addresses: {
    title: "Addresses",
    add: "Add address",
    required: "",
    columns: [
      { key: "label", label: "Label", placeholder: "home" },
      { key: "street", label: "Street", wide: true },
      { key: "city", label: "City" },
      { key: "region", label: "Region" },
      { key: "postal_code", label: "Postcode" },
      { key: "country", label: "Country" },
    ],
  },
  custom_fields: {
    title: "Custom fields",
    add: "Add field",
    required: "key",
    columns: [
      { key: "key", label: "Field", placeholder: "Assistant" },
      { key: "value", label: "Value", wide: true },
    ],
  },
};

/** The list's items as editable rows of strings. */
export function toRows(kind: ListKind, items: ReadonlyArray<Email | Phone | SocialLink | Address | CustomField>): Row[] {
  return items.map((item) => {
    const row: Row = {};
    for (const c of LISTS[kind].columns) {
      const v = (item as Record<string, unknown>)[c.key];
      row[c.key] = typeof v === "string" ? v : "";
    }
    return row;
  });
}

/**
 * The edit that replaces the whole list with `rows`: blank rows are dropped, optional address
 * parts left out when empty, and a phone's E.164 form left for the Rust side to work out again.
 */
export function listChange(kind: ListKind, rows: Row[]): { changes: ContactChanges } | { error: string } {
  const spec = LISTS[kind];
  const kept = rows
    .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.trim()])) as Row)
    .filter((r) => Object.values(r).some((v) => v !== ""));
  for (const [i, r] of kept.entries()) {
    if (spec.required && !r[spec.required]) {
      const col = spec.columns.find((c) => c.key === spec.required)!;
      return { error: `Row ${i + 1}: ${col.label.toLowerCase()} is empty.` };
    }
  }
  switch (kind) {
    case "emails":
      return { changes: { emails: kept.map((r) => ({ label: r.label, value: r.value })) } };
    case "phones":
      return { changes: { phones: kept.map((r) => ({ label: r.label, value: r.value })) } };
    case "social_links":
      return { changes: { social_links: kept.map((r) => ({ label: r.label, url: r.url })) } };
    case "custom_fields":
      return { changes: { custom_fields: kept.map((r) => ({ key: r.key, value: r.value })) } };
    case "addresses":
      return {
        changes: {
          addresses: kept.map((r) => {
            const a: Address = { label: r.label };
            for (const k of ["street", "city", "region", "postal_code", "country"] as const) if (r[k]) a[k] = r[k];
            return a;
          }),
        },
      };
  }
}

/** One line for reading an address. */
export function addressLine(a: Omit<Address, "label">): string {
  return [a.street, a.city, a.region, a.postal_code, a.country].filter(Boolean).join(", ");
}
