import type { Contact, ContactPage, ContactQuery, ContactRow, FollowUp, Interaction } from "$lib/bindings";

export function contact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: "0190c0de-0000-7000-8000-000000000001",
    name: "Ada Lovelace",
    relationship: null,
    birthday: null,
    industry: null,
    location: null,
    company: "Analytical Engines",
    title: null,
    status: "active",
    vip: false,
    emails: [{ label: "work", value: "ada@example.com" }],
    phones: [],
    social_links: [],
    preferred_channel: null,
    addresses: [],
    tags: ["math"],
    keep_in_touch_days: null,
    background: { family: "", company: "", likes: "", dislikes: "", misc: "" },
    custom_fields: [],
    created_at: "2026-01-01T09:00:00Z",
    updated_at: "2026-01-02T09:00:00Z",
    last_contacted_at: null,
    deleted_at: null,
    ...overrides,
  };
}

export function row(index: number, overrides: Partial<ContactRow> = {}): ContactRow {
  return {
    id: `id-${index}`,
    name: `Person ${index}`,
    company: null,
    title: null,
    industry: null,
    status: "active",
    vip: false,
    tags: [],
    email: null,
    phone: null,
    last_contacted_at: null,
    ...overrides,
  };
}

/** A `contact_list` that serves `total` generated rows, honouring offset and limit. */
export function pageOf(total: number, make: (i: number) => ContactRow = (i) => row(i)) {
  return (q: ContactQuery): Promise<ContactPage> => {
    const rows: ContactRow[] = [];
    for (let i = q.offset; i < Math.min(total, q.offset + q.limit); i++) rows.push(make(i));
    return Promise.resolve({ total, offset: q.offset, rows });
  };
}

export function interaction(overrides: Partial<Interaction> = {}): Interaction {
  return {
    id: "int-1",
    contact_id: contact().id,
    kind: "call",
    occurred_at: "2026-03-01T10:00:00Z",
    notes: "Talked about the engine",
    transcript_source: null,
    ai_suggestions: null,
    confidence: null,
    created_at: "2026-03-01T10:00:00Z",
    updated_at: "2026-03-01T10:00:00Z",
    deleted_at: null,
    ...overrides,
  };
}

export function followUp(overrides: Partial<FollowUp> = {}): FollowUp {
  return {
    id: "fu-1",
    contact_id: contact().id,
    due_at: "2026-03-02T09:00:00Z",
    note: "Send the notes",
    status: "open",
    snoozed_until: null,
    completed_at: null,
    repeat_every_days: null,
    previous_id: null,
    created_at: "2026-03-01T10:00:00Z",
    updated_at: "2026-03-01T10:00:00Z",
    deleted_at: null,
    ...overrides,
  };
}
