// An in-memory stand-in for the Rust side, for working on the UI in a plain browser
// (`npm run dev:demo`) and for screenshots. It is loaded only when VITE_KITH_DEMO is set at
// build time, so production builds do not contain it. It follows the contract in
// $lib/bindings closely enough to exercise every screen; it is not a second implementation
// of the rules, which live in kith-core.
import { emit } from "@tauri-apps/api/event";
import { mockIPC } from "@tauri-apps/api/mocks";
import type {
  Commands,
  Contact,
  ContactChanges,
  ContactQuery,
  ContactRow,
  Dashboard,
  FollowUp,
  HistoryEntry,
  ImportPreview,
  ImportRequest,
  Interaction,
  NewFollowUp,
  NewInteraction,
  InteractionFilter,
  InteractionUpdate,
  PreviewRow,
  RowError,
  SettingEntry,
  SyncStatus,
} from "$lib/bindings";

const FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken", "Radia", "Linus", "Frances", "Tim", "Hedy", "Dennis", "Katherine", "John"];
const LAST = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson", "Perlman", "Torvalds", "Allen", "Berners-Lee", "Lamarr", "Ritchie", "Johnson", "McCarthy"];
const COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell", null];
const INDUSTRIES = ["Software", "Shipping", "Finance", "Health", "Energy", null];
const TAGS = ["investor", "client", "friend", "golf", "board", "press"];
const DAY = 86_400_000;

/** An answer to every declared command: svelte-check fails when the Rust side declares one the
 * demo does not answer, or when an answer does not match the command's types. */
type Handlers = {
  [K in keyof Commands]: (input: Commands[K]["input"]) => Commands[K]["output"] | Promise<Commands[K]["output"]>;
};

const fail = (code: string, message: string) => {
  throw { code, message };
};

function makeContact(i: number, now: number): Contact {
  const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}${i >= 256 ? ` ${i}` : ""}`;
  const company = COMPANIES[i % COMPANIES.length];
  return {
    id: `0190c0de-0000-7000-8000-${String(i).padStart(12, "0")}`,
    name,
    relationship: i % 7 === 0 ? "client" : null,
    birthday: i % 11 === 0 ? `19${60 + (i % 40)}-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 27) + 1).padStart(2, "0")}` : null,
    industry: INDUSTRIES[i % INDUSTRIES.length],
    location: i % 3 === 0 ? "London" : null,
    company,
    title: i % 4 === 0 ? "CTO" : null,
    status: i % 13 === 0 ? "archived" : i % 5 === 0 ? "inactive" : "active",
    vip: i % 97 === 0,
    emails: [{ label: "work", value: `${name.split(" ")[0].toLowerCase()}.${i}@example.com` }],
    phones: i % 2 ? [{ label: "mobile", value: `+44 20 7946 ${String(i % 10000).padStart(4, "0")}` }] : [],
    social_links: [],
    preferred_channel: null,
    addresses: [],
    tags: [TAGS[i % TAGS.length], ...(i % 4 === 0 ? [TAGS[(i + 2) % TAGS.length]] : [])],
    keep_in_touch_days: i % 9 === 0 ? 30 : null,
    background: { family: "", company: "", likes: "", dislikes: "", misc: "" },
    custom_fields: [],
    created_at: new Date(now - 400 * DAY).toISOString(),
    updated_at: new Date(now - 10 * DAY).toISOString(),
    last_contacted_at: i % 3 ? new Date(now - (i % 90) * DAY).toISOString() : null,
    deleted_at: null,
  };
}

/** The demo's CSV files: a Google export with a header row, and a file without one (any path
 * ending in `no-header.csv`), so the mapping step can be tried. */
const DEMO_FILES = {
  google: {
    lines: [
      ["Name", "E-mail 1 - Value", "Phone 1 - Value", "Organization 1 - Name", "Labels", "Birthday", "Favourite snack"],
      ["Mary Jackson", "mary@nasa.gov", "+1 757 555 0100", "NASA", "engineer", "1921-04-09", "pecan pie"],
      ["Dorothy Vaughan", "", "+1 757 555 0101", "NASA", "", "31/02", ""],
      ["Dot Vaughan", "dot@example.com", "+1 757 555 0101", "", "friend", "", ""],
      ["", "", "", "Langley", "", "", ""],
    ],
    header: true,
    guesses: ["name", "email", "phone", "company", "tags", "birthday", "Favourite snack"],
  },
  noHeader: {
    lines: [
      ["Katherine Johnson", "katherine@nasa.gov", "+1 757 555 0110", "NASA", "mathematician"],
      ["Christine Darden", "christine@nasa.gov", "+1 757 555 0111", "NASA", "aeronautics"],
      ["Chris Darden", "christine@nasa.gov", "", "", ""],
      ["Annie Easley", "", "+1 216 555 0112", "NASA Lewis", "1933-04-23"],
    ],
    header: false,
    guesses: ["name", "email", "phone", "Column 4", "Column 5"],
  },
};

const isEmailName = (n: string) => n === "email" || n.endsWith(" email");
const isPhoneName = (n: string) => n === "phone" || n === "mobile" || n.endsWith(" phone");
const NAME_PARTS = ["first name", "middle name", "last name"];

/** A demo CSV file's first rows read with `names` as the column names, roughly as kith-core would. */
function readDemoRows(lines: string[][], names: string[], header: boolean, limit: number) {
  const rows: PreviewRow[] = [];
  const errors: RowError[] = [];
  const warnings: RowError[] = [];
  const data = header ? lines.slice(1) : lines;
  data.slice(0, limit).forEach((cells, k) => {
    const row = k + 1;
    const r: PreviewRow = { row, name: "", emails: [], phones: [], company: null, tags: [], other: [], duplicate_of: null };
    const parts: string[] = [];
    cells.forEach((cell, i) => {
      const value = cell.trim();
      const name = (names[i] ?? (header ? lines[0][i] : `Column ${i + 1}`)).toLowerCase();
      if (!value || name === "-") return;
      if (name === "name") r.name = value;
      else if (NAME_PARTS.includes(name)) parts[NAME_PARTS.indexOf(name)] = value;
      else if (isEmailName(name)) r.emails.push(value);
      else if (isPhoneName(name)) r.phones.push(value);
      else if (name === "company") r.company = value;
      else if (name === "tags") r.tags.push(...value.split(/[;,]/).map((t) => t.trim()).filter(Boolean));
      else if (name === "birthday" && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
        warnings.push({ row, column: header ? lines[0][i] : `Column ${i + 1}`, message: `not a date: ${value}; kept as the custom field birthday` });
        r.other.push({ key: "birthday", value });
      } else r.other.push({ key: names[i] ?? name, value });
    });
    r.name ||= parts.filter(Boolean).join(" ");
    if (!r.name && !r.emails.length && !r.phones.length) errors.push({ row, column: null, message: "the row names no one (no name, email or phone)" });
    else rows.push(r);
  });
  // Like kith-core: another name with the email or phone of an earlier row may be the same person.
  const seen = new Map<string, PreviewRow>();
  for (const r of rows) {
    const handles = [...r.emails.map((e) => e.toLowerCase()), ...r.phones.map((p) => p.replace(/\D/g, ""))];
    const earlier = handles.map((h) => seen.get(h)).find((o) => o && o.name && r.name && o.name !== r.name);
    r.duplicate_of = earlier?.row ?? null;
    for (const h of handles) if (!seen.has(h)) seen.set(h, r);
  }
  return { rows, errors, warnings };
}

/** The demo's `import_preview`: the two CSV files above (by the end of the path), or a vCard. */
function demoPreview(r: ImportRequest): ImportPreview {
  if (!r.path.endsWith(".csv") && !r.path.endsWith(".vcf")) fail("io", `cannot read ${r.path}: no such file`);
  if (r.path.endsWith(".vcf") || r.format === "vcard" || r.format === "propertyradar") {
    return {
      format: r.format ?? "vcard",
      rows: [
        { row: 1, name: "Mary Jackson", emails: ["mary@nasa.gov"], phones: ["+1 757 555 0100"], company: "NASA", tags: ["engineer"], other: [{ key: "birthday", value: "1921-04-09" }], duplicate_of: null },
        { row: 2, name: "Dorothy Vaughan", emails: [], phones: ["+1 757 555 0101"], company: "NASA", tags: [], other: [], duplicate_of: null },
      ],
      errors: [{ row: 3, column: null, message: "the card names no one (no FN, N, EMAIL or TEL)" }],
      warnings: [{ row: 2, column: "X-ABLABEL", message: "an Apple label with no property; ignored" }],
      columns: null,
      refused: null,
    };
  }
  const file = r.path.endsWith("no-header.csv") ? DEMO_FILES.noHeader : DEMO_FILES.google;
  const format = r.format ?? (file === DEMO_FILES.google ? "google" : "csv");
  const firstRow = file.lines[0];
  const header = r.columns?.header ?? file.header;
  const names = r.columns?.columns ?? file.guesses;
  const columns = { first_row: firstRow, header, columns: names };
  if (!r.columns && !file.header) {
    const refused = `the first row (${firstRow.join(", ")}) looks like data, not a header; name the columns with --columns (for example --columns name,email,phone,-,company), or add a header row`;
    return { format, rows: [], errors: [], warnings: [], columns, refused };
  }
  if (r.columns && !names.some((n) => n === "name" || NAME_PARTS.includes(n) || isEmailName(n) || isPhoneName(n))) {
    fail("invalid_input", `--columns: no column names a person: name one column name, first name, last name, email or phone (got ${names.join(",")})`);
  }
  return { format, ...readDemoRows(file.lines, names, header, 100), columns, refused: null };
}

export function installDemoBackend(count: number): void {
  const now = () => Date.now();
  const contacts = new Map<string, Contact>();
  for (let i = 0; i < count; i++) {
    const c = makeContact(i, now());
    contacts.set(c.id, c);
  }
  const byName = () => [...contacts.values()].filter((c) => !c.deleted_at);
  const first = byName()[0];
  const interactions: Interaction[] = [];
  const followUps: FollowUp[] = [];
  const history = new Map<string, HistoryEntry[]>();
  const conflicts = new Map<string, { field: string; values: string[] }[]>();
  let draft: string | null = localStorage.getItem("kith-demo-draft");
  let sync: SyncStatus = { account: null, waiting: 3 };
  let startAtLogin = false;
  const settings: SettingEntry[] = [
    { key: "theme", value: "system", default: "system", description: "light, dark or system." },
    { key: "quiet_hours", value: "21:00-08:00", default: "21:00-08:00", description: "No notifications between these times (or off)." },
    { key: "reminders.followups", value: "on", default: "on", description: "Notify when a follow-up is due." },
    { key: "reminders.keep_in_touch", value: "on", default: "on", description: "Notify when it is time to reach out." },
    { key: "reminders.birthdays", value: "on", default: "on", description: "Notify before birthdays." },
    { key: "birthday_lead_days", value: "1", default: "1", description: "How many days ahead (0–30)." },
    { key: "birthday_time", value: "09:00", default: "09:00", description: "When birthday reminders are sent." },
    { key: "snooze_tomorrow_time", value: "09:00", default: "09:00", description: "The time “Snooze until tomorrow” picks." },
  ];

  const uuid = () => crypto.randomUUID();
  const iso = (t: number) => new Date(t).toISOString();
  const changed = (ids: string[]) => void emit("kith://changed", { ids });
  /** A history entry; `before` and `after` are the record around the change. */
  const record = (id: string, action: string, fields: string[], before: object = {}, after: object = {}) => {
    const list = history.get(id) ?? [];
    const value = (r: object, f: string) => (r as Record<string, unknown>)[f] ?? null;
    const changes = fields.map((field) => ({ field, old: value(before, field), new: value(after, field) }));
    list.push({ at: iso(now()), device: "demo-device-1", this_device: true, action, fields, changes, hash: uuid() });
    history.set(id, list);
  };

  if (first) {
    conflicts.set(first.id, [{ field: "company", values: ["Analytical Engines", "Analytical Engines Ltd"] }]);
    history.set(first.id, [
      { at: iso(now() - 5 * DAY), device: "7f3a2b9c1d", this_device: false, action: "created", fields: [], changes: [], hash: "h1" },
      {
        at: iso(now() - 2 * DAY), device: "demo-device-1", this_device: true, action: "edited", fields: ["company", "tags"], hash: "h2",
        changes: [
          { field: "company", old: "Analytical Engines", new: first.company },
          { field: "tags", old: ["math"], new: first.tags },
        ],
      },
    ]);
    const live = byName().slice(0, 6);
    live.forEach((c, k) => {
      interactions.push({
        id: uuid(), contact_id: c.id, kind: (["call", "meeting", "email", "note"] as const)[k % 4], occurred_at: iso(now() - k * DAY - 3600_000),
        notes: ["Talked about the Q3 roadmap.", "Lunch; she is moving to Berlin in spring.", "Sent the proposal.", "Intro via Grace."][k % 4],
        transcript_source: null, ai_suggestions: null, confidence: null, created_at: iso(now()), updated_at: iso(now()), deleted_at: null,
      });
      followUps.push({
        id: uuid(), contact_id: c.id, due_at: iso(k < 2 ? now() - (k + 1) * DAY : now() + (k - 1) * 3600_000), note: ["Send the deck", "Ask about the board seat", "Check in after the launch", "Birthday card"][k % 4],
        status: "open", snoozed_until: null, completed_at: null, repeat_every_days: k === 3 ? 30 : null, previous_id: null, created_at: iso(now()), updated_at: iso(now()), deleted_at: null,
      });
    });
  }

  const get = (id: string) => contacts.get(id) ?? fail("not_found", `no contact with id ${id}`);
  const live = (id: string) => {
    const c = get(id);
    if (c.deleted_at) fail("not_found", `the contact ${c.name} was deleted`);
    return c;
  };
  const toRow = (c: Contact): ContactRow => ({
    id: c.id, name: c.name, company: c.company, title: c.title, industry: c.industry, status: c.status, vip: c.vip,
    tags: c.tags, email: c.emails[0]?.value ?? null, phone: c.phones[0]?.value ?? null, last_contacted_at: c.last_contacted_at,
  });

  function apply(c: Contact, ch: ContactChanges): string[] {
    const fields: string[] = [];
    for (const [key, value] of Object.entries(ch)) {
      if (value === undefined) continue;
      fields.push(key);
      if (key === "name" && !String(value).trim()) fail("invalid", "name cannot be empty");
      if (key === "birthday" && value !== null && !/^(\d{4}|-)-\d{2}-\d{2}$/.test(String(value))) fail("invalid", "birthday must be YYYY-MM-DD or --MM-DD");
      if (key === "emails") for (const e of value as { value: string }[]) if (!e.value.includes("@")) fail("invalid", `not an email address: ${e.value}`);
      if (key === "add_tags") c.tags = [...new Set([...c.tags, ...(value as string[])])];
      else if (key === "remove_tags") c.tags = c.tags.filter((t) => !(value as string[]).includes(t));
      else if (key === "background") Object.assign(c.background, value);
      else if (["relationship", "industry", "location", "company", "title", "preferred_channel"].includes(key)) (c as Record<string, unknown>)[key] = value === "" ? null : value;
      else (c as Record<string, unknown>)[key] = value;
    }
    c.updated_at = iso(now());
    return fields;
  }

  function list(q: ContactQuery) {
    const s = q.search?.toLowerCase() ?? null;
    let rows = byName().filter(
      (c) =>
        (!s || c.name.toLowerCase().includes(s) || (c.company ?? "").toLowerCase().includes(s) || c.emails.some((e) => e.value.includes(s)) || c.tags.includes(s)) &&
        (!q.tag || c.tags.includes(q.tag)) && (!q.status || c.status === q.status) && (!q.vip || c.vip) && (!q.industry || c.industry === q.industry),
    );
    if (q.sort === "last_contacted") rows = rows.sort((a, b) => (b.last_contacted_at ?? "").localeCompare(a.last_contacted_at ?? ""));
    else rows = rows.sort((a, b) => a.name.localeCompare(b.name));
    return { total: rows.length, offset: q.offset, rows: rows.slice(q.offset, q.offset + Math.min(q.limit, 500)).map(toRow) };
  }

  function counts(values: (string | null)[]) {
    const m = new Map<string, number>();
    for (const v of values) if (v) m.set(v, (m.get(v) ?? 0) + 1);
    return [...m].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count);
  }

  function dashboard(): Dashboard {
    const t = now();
    const endOfDay = new Date(new Date().setHours(23, 59, 59, 999)).getTime();
    const startOfDay = new Date(new Date().setHours(0, 0, 0, 0)).getTime();
    const open = followUps.filter((f) => f.status === "open" && !f.deleted_at && !get(f.contact_id).deleted_at);
    const due = (f: FollowUp) => Date.parse(f.snoozed_until ?? f.due_at);
    const withName = (f: FollowUp) => ({ ...f, contact_name: get(f.contact_id).name });
    const people = byName();
    const reach = people.filter((c) => c.keep_in_touch_days).map((c) => {
      const since = c.last_contacted_at ? Math.floor((t - Date.parse(c.last_contacted_at)) / DAY) : 999;
      return { contact_id: c.id, name: c.name, keep_in_touch_days: c.keep_in_touch_days!, last_contacted_at: c.last_contacted_at, days_since: since, days_overdue: since - c.keep_in_touch_days! };
    }).filter((r) => r.days_overdue > 0).sort((a, b) => b.days_overdue - a.days_overdue);
    const birthdays = people.filter((c) => c.birthday).map((c) => {
      const [, mm, dd] = /(\d{2})-(\d{2})$/.exec(c.birthday!)!;
      const d = new Date(new Date().getFullYear(), Number(mm) - 1, Number(dd));
      if (d.getTime() < startOfDay) d.setFullYear(d.getFullYear() + 1);
      const year = /^\d{4}/.test(c.birthday!) ? Number(c.birthday!.slice(0, 4)) : null;
      return { contact_id: c.id, name: c.name, birthday: c.birthday!, date: `${d.getFullYear()}-${mm}-${dd}`, days_until: Math.round((d.getTime() - startOfDay) / DAY), turning: year ? d.getFullYear() - year : null };
    }).filter((b) => b.days_until <= 14).sort((a, b) => a.days_until - b.days_until);
    return {
      overdue: open.filter((f) => due(f) < Math.min(t, startOfDay) || (due(f) < t && due(f) < startOfDay)).map(withName),
      due_today: open.filter((f) => due(f) >= startOfDay && due(f) <= endOfDay).map(withName),
      reach_out: reach.slice(0, 5), reach_out_total: reach.length,
      birthdays: birthdays.slice(0, 5), birthdays_total: birthdays.length,
      recent_interactions: interactions.filter((i) => !i.deleted_at).sort((a, b) => b.occurred_at.localeCompare(a.occurred_at)).slice(0, 6).map((i) => ({ ...i, contact_name: get(i.contact_id).name })),
      vips: people.filter((c) => c.vip).slice(0, 12),
    };
  }

  const followUp = (id: string) => followUps.find((f) => f.id === id) ?? fail("not_found", "no such follow-up");
  const interaction = (id: string) => interactions.find((i) => i.id === id) ?? fail("not_found", "no such interaction");
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const handlers: Handlers = {
    app_info: () => ({ version: "0.1.0-demo", db_path: "/home/demo/.local/share/kith/kith.db", device_id: "demo-device-1", contacts: byName().length }),
    dashboard,
    contact_list: list,
    contact_facets: () => {
      const p = byName();
      return { tags: counts(p.flatMap((c) => c.tags)), industries: counts(p.map((c) => c.industry)), statuses: counts(p.map((c) => c.status)), vips: p.filter((c) => c.vip).length, total: p.length };
    },
    contact_get: (id: string) => {
      const c = live(id);
      return {
        contact: c, interactions: interactions.filter((i) => i.contact_id === id && !i.deleted_at), follow_ups: followUps.filter((f) => f.contact_id === id && !f.deleted_at),
        history: history.get(id) ?? [], conflicts: conflicts.get(id) ?? [],
      };
    },
    contact_create: (ch: ContactChanges) => {
      const c = makeContact(0, now());
      Object.assign(c, { id: uuid(), name: "", company: null, title: null, industry: null, location: null, relationship: null, birthday: null, status: "active", vip: false, emails: [], phones: [], tags: [], keep_in_touch_days: null, last_contacted_at: null, created_at: iso(now()) });
      apply(c, ch);
      if (!c.name.trim()) fail("invalid", "name cannot be empty");
      contacts.set(c.id, c);
      record(c.id, "created", []);
      changed([c.id]);
      return c;
    },
    contact_update: ({ id, changes }: { id: string; changes: ContactChanges }) => {
      const c = live(id);
      const copy = structuredClone(c);
      const fields = apply(copy, changes);
      contacts.set(id, copy);
      record(id, "edited", fields, c, copy);
      changed([id]);
      return copy;
    },
    contact_keep_value: ({ id, field, value }: { id: string; field: string; value: string }) => {
      const c = live(id);
      const before = structuredClone(c);
      (c as Record<string, unknown>)[field] = value;
      conflicts.set(id, (conflicts.get(id) ?? []).filter((x) => x.field !== field));
      record(id, "edited", [field], before, c);
      changed([id]);
      return c;
    },
    contacts_edit: ({ ids, changes }: { ids: string[]; changes: ContactChanges }) => {
      for (const id of ids) apply(live(id), changes);
      changed(ids);
      return ids.length;
    },
    contacts_delete: (ids: string[]) => {
      for (const id of ids) live(id).deleted_at = iso(now());
      changed(ids);
      return ids.length;
    },
    contacts_restore: (ids: string[]) => {
      for (const id of ids) get(id).deleted_at = null;
      changed(ids);
      return ids.length;
    },
    interaction_create: (n: NewInteraction) => {
      const c = live(n.contact_id);
      const at = n.occurred_at ?? iso(now());
      const i: Interaction = { id: uuid(), contact_id: n.contact_id, kind: n.kind, occurred_at: at, notes: n.notes, transcript_source: null, ai_suggestions: null, confidence: null, created_at: iso(now()), updated_at: iso(now()), deleted_at: null };
      interactions.push(i);
      if (!c.last_contacted_at || c.last_contacted_at < at) c.last_contacted_at = at;
      changed([i.id, c.id]);
      return i;
    },
    interaction_update: ({ id, changes }: InteractionUpdate) => {
      const i = interaction(id);
      if (i.deleted_at) fail("invalid", "the interaction is deleted; restore it first");
      if (changes.kind) i.kind = changes.kind;
      if (changes.notes !== undefined) i.notes = changes.notes;
      if (changes.occurred_at) i.occurred_at = changes.occurred_at;
      i.updated_at = iso(now());
      changed([i.id]);
      return { ...i };
    },
    interaction_list: (f: InteractionFilter) => {
      if (f.from && f.to && f.to < f.from) fail("invalid", "to: the range ends before it starts");
      return interactions
        .filter((i) => !i.deleted_at && (!f.contact || i.contact_id === f.contact) && (!f.kind || i.kind === f.kind))
        .filter((i) => (!f.from || i.occurred_at >= f.from) && (!f.to || i.occurred_at <= f.to))
        .sort((a, b) => b.occurred_at.localeCompare(a.occurred_at))
        .slice(0, f.limit ?? 100);
    },
    interaction_delete: (id: string) => ((interaction(id).deleted_at = iso(now())), changed([id]), interaction(id)),
    interaction_restore: (id: string) => ((interaction(id).deleted_at = null), changed([id]), interaction(id)),
    draft_get: () => draft,
    draft_set: (value: string | null) => {
      draft = value;
      if (value === null) localStorage.removeItem("kith-demo-draft");
      else localStorage.setItem("kith-demo-draft", value);
      return null;
    },
    followup_create: (n: NewFollowUp) => {
      live(n.contact_id);
      const f: FollowUp = { id: uuid(), contact_id: n.contact_id, due_at: n.due_at, note: n.note, status: "open", snoozed_until: null, completed_at: null, repeat_every_days: n.repeat_every_days, previous_id: null, created_at: iso(now()), updated_at: iso(now()), deleted_at: null };
      followUps.push(f);
      changed([f.id]);
      return f;
    },
    followup_done: (id: string) => {
      const f = followUp(id);
      Object.assign(f, { status: "done", completed_at: iso(now()) });
      if (f.repeat_every_days) handlers.followup_create({ contact_id: f.contact_id, due_at: iso(Date.parse(f.due_at) + f.repeat_every_days * DAY), note: f.note, repeat_every_days: f.repeat_every_days });
      changed([id]);
      return f;
    },
    followup_snooze: ({ id, until }: { id: string; until: string }) => ((followUp(id).snoozed_until = until), changed([id]), followUp(id)),
    followup_dismiss: (id: string) => ((followUp(id).status = "dismissed"), changed([id]), followUp(id)),
    followup_delete: (id: string) => ((followUp(id).deleted_at = iso(now())), changed([id]), followUp(id)),
    followup_restore: (id: string) => ((followUp(id).deleted_at = null), changed([id]), followUp(id)),
    import_pick_file: () => "/home/demo/Downloads/google-contacts.csv",
    import_preview: demoPreview,
    import_run: async (r: ImportRequest) => {
      const preview = demoPreview(r);
      if (preview.refused) fail("invalid_input", `header: ${preview.refused}`);
      const total = 1_200_000;
      for (let b = 0; b <= total; b += 200_000) {
        await emit("kith://import-progress", { rows: Math.round(b / 400), bytes_read: b, total_bytes: total });
        await sleep(250);
      }
      changed([]);
      // Two people of the demo stand in for the contacts the rows became, so the links lead somewhere.
      const [one, other] = byName();
      return {
        format: preview.format, rows: 3000, created: 2990, updated: 8, unchanged: 0,
        errors: [{ row: 4, column: null, message: "the row names no one (no name, email or phone)" }, { row: 77, column: "Phone 1 - Value", message: "not a phone number: call reception" }],
        warnings: [{ row: 2, column: "Birthday", message: "not a date: 31/02; kept as the custom field birthday" }],
        possible_duplicates: one && other ? [{ row: 3, name: "Dot Vaughan", contact: other.id, other_row: 2, other_name: "Dorothy Vaughan", other_contact: one.id, shared: "+1 757 555 0101" }] : [],
        duration_ms: 1500,
      };
    },
    export_pick_file: (f: string) => `/home/demo/kith-export.${f === "vcard" ? "vcf" : f}`,
    export_to: () => byName().length,
    backup_to: (path: string) => (path.startsWith("/") ? null : fail("io", "the backup path must be absolute")),
    settings_list: () => settings,
    start_at_login_get: () => startAtLogin,
    start_at_login_set: (on: boolean) => (startAtLogin = on),
    settings_set: ({ key, value }: { key: string; value: string }) => {
      const s = settings.find((x) => x.key === key) ?? fail("invalid", `unknown setting ${key}`);
      if (key === "quiet_hours" && !/^(off|\d{1,2}:\d{2}-\d{1,2}:\d{2})$/.test(value)) fail("invalid", "quiet_hours: expected HH:MM-HH:MM (e.g. 21:00-08:00) or off");
      if (/_time$/.test(key) && !/^\d{1,2}:\d{2}$/.test(value)) fail("invalid", `${key}: expected HH:MM`);
      s.value = value;
      return { key, value };
    },
    sync_status: () => sync,
    sync_sign_in: async (r) => {
      await sleep(400);
      const account = { server: r.server, email: r.email, workspace_id: "w1", device_id: "demo-device-1" };
      sync = { account, waiting: 3 };
      return { account, recovery_key: r.recovery_key ? null : "KITH-7Q2MX-PL9RT-4HVNK-ZC8WD-3JFYA-6BUSE-XK2NP-R5MQT-V9GHL-2DWCF-8YJTA" };
    },
    sync_sign_out: () => ((sync = { account: null, waiting: sync.waiting }), null),
    sync_now: async () => (await sleep(500), (sync = { ...sync, waiting: 0 }), { pushed: 3, pulled: 12, cursor: 42 }),
    rebuild: async () => (await sleep(300), { matched: true, documents: contacts.size + interactions.length + followUps.length }),
  };

  mockIPC(
    async (cmd, args) => {
      const handler = (handlers as Record<string, (input: unknown) => unknown>)[cmd] ?? fail("unknown_command", `the demo backend has no ${cmd}`);
      await sleep(2);
      return handler((args as { input?: unknown } | undefined)?.input);
    },
    { shouldMockEvents: true },
  );
}
