import { invoke } from "@tauri-apps/api/core";

// The IPC contract between the Kith desktop window and its Rust side (crate kith-desktop).
// The real file, ui/src/lib/bindings.ts, is GENERATED from the Rust types (ts-rs) and will
// replace a hand-written copy. It exports exactly these names with these shapes; field names
// are snake_case as Rust serialises them. Times are RFC 3339 strings ("2026-11-21T09:00:00Z").
// Ids are UUID strings. Birthdays are "YYYY-MM-DD" or "--MM-DD" (year unknown).

// ---------------------------------------------------------------- domain types (kith-core)
export type ContactStatus = "active" | "inactive" | "archived";
export type Email = { label: string; value: string };
export type Phone = { label: string; value: string; e164?: string };
export type SocialLink = { label: string; url: string };
export type Address = { label: string; street?: string; city?: string; region?: string; postal_code?: string; country?: string };
export type CustomField = { key: string; value: string };
export type Background = { family: string; company: string; likes: string; dislikes: string; misc: string };
export type Contact = {
  id: string; name: string; relationship: string | null; birthday: string | null;
  industry: string | null; location: string | null; company: string | null; title: string | null;
  status: ContactStatus; vip: boolean; emails: Array<Email>; phones: Array<Phone>;
  social_links: Array<SocialLink>; preferred_channel: string | null; addresses: Array<Address>;
  tags: Array<string>; keep_in_touch_days: number | null; background: Background;
  custom_fields: Array<CustomField>; created_at: string; updated_at: string;
  last_contacted_at: string | null; deleted_at: string | null;
};
// An edit: a field left out (undefined) is left alone; "" clears a text field; lists replace
// the whole list; add_tags / remove_tags edit tags one by one. birthday: null clears it;
// keep_in_touch_days: null stops keeping in touch. Unknown keys are rejected.
export type ContactChanges = {
  name?: string; relationship?: string; birthday?: string | null; industry?: string;
  location?: string; company?: string; title?: string; status?: ContactStatus; vip?: boolean;
  emails?: Array<Email>; phones?: Array<Phone>; social_links?: Array<SocialLink>;
  preferred_channel?: string; addresses?: Array<Address>; tags?: Array<string>;
  add_tags?: Array<string>; remove_tags?: Array<string>; keep_in_touch_days?: number | null;
  background?: BackgroundChanges; custom_fields?: Array<CustomField>;
};
export type BackgroundChanges = { family?: string; company?: string; likes?: string; dislikes?: string; misc?: string };

export type InteractionKind = "call" | "meeting" | "email" | "message" | "note" | "other";
export type Interaction = {
  id: string; contact_id: string; kind: InteractionKind; occurred_at: string; notes: string;
  transcript_source: string | null; ai_suggestions: string | null; confidence: number | null;
  created_at: string; updated_at: string; deleted_at: string | null;
};
export type FollowUpStatus = "open" | "done" | "dismissed";
export type FollowUp = {
  id: string; contact_id: string; due_at: string; note: string | null; status: FollowUpStatus;
  snoozed_until: string | null; completed_at: string | null; repeat_every_days: number | null;
  previous_id: string | null; created_at: string; updated_at: string; deleted_at: string | null;
};
// DueFollowUp = FollowUp fields flattened plus contact_name.
export type DueFollowUp = FollowUp & { contact_name: string };
export type ReachOut = { contact_id: string; name: string; keep_in_touch_days: number; last_contacted_at: string | null; days_since: number; days_overdue: number };
export type UpcomingBirthday = { contact_id: string; name: string; birthday: string; date: string /* YYYY-MM-DD */; days_until: number; turning: number | null };
export type RecentInteraction = Interaction & { contact_name: string };
export type Dashboard = {
  overdue: Array<DueFollowUp>; due_today: Array<DueFollowUp>; reach_out: Array<ReachOut>;
  reach_out_total: number; birthdays: Array<UpcomingBirthday>; birthdays_total: number;
  recent_interactions: Array<RecentInteraction>; vips: Array<Contact>;
};
export type HistoryEntry = { at: string; device: string; this_device: boolean; action: string /* "created" | "edited" */; fields: Array<string>; hash: string };
export type FieldConflict = { field: string; values: Array<string> };
export type ImportFormat = "csv" | "google" | "outlook" | "linkedin" | "propertyradar" | "vcard";
export type RowError = { row: number; column: string | null; message: string };
export type ImportReport = { format: ImportFormat; rows: number; created: number; updated: number; unchanged: number; errors: Array<RowError>; duration_ms: number };
export type SettingEntry = { key: string; value: string; default: string; description: string };
export type Setting = { key: string; value: string };
export type Account = { server: string; email: string; workspace_id: string; device_id: string };
export type SyncReport = { pushed: number; pulled: number; cursor: number };

// ---------------------------------------------------------------- desktop types (kith-desktop)
export type IpcError = { code: string; message: string }; // what every failed invoke rejects with
export type AppInfo = { version: string; db_path: string; device_id: string; contacts: number };
export type ContactSort = "name" | "last_contacted";
export type ContactQuery = {
  search: string | null;      // search as you type (names, companies, emails, phones, tags, notes)
  tag: string | null; status: ContactStatus | null; vip: boolean; industry: string | null;
  sort: ContactSort; offset: number; limit: number;           // limit at most 500
};
export type ContactRow = {
  id: string; name: string; company: string | null; title: string | null; industry: string | null;
  status: ContactStatus; vip: boolean; tags: Array<string>; email: string | null; phone: string | null;
  last_contacted_at: string | null;
};
export type ContactPage = { total: number; offset: number; rows: Array<ContactRow> };
export type Count = { name: string; count: number };
export type Facets = { tags: Array<Count>; industries: Array<Count>; statuses: Array<Count>; vips: number; total: number };
export type ContactDetail = {
  contact: Contact; interactions: Array<Interaction>; follow_ups: Array<FollowUp>;
  history: Array<HistoryEntry>; conflicts: Array<FieldConflict>;
};
export type BulkEdit = { ids: Array<string>; changes: ContactChanges };
export type NewInteraction = { contact_id: string; kind: InteractionKind; occurred_at: string | null /* null = now */; notes: string };
export type NewFollowUp = { contact_id: string; due_at: string; note: string | null; repeat_every_days: number | null };
export type Snooze = { id: string; until: string };
export type ImportRequest = { path: string; format: ImportFormat | null /* null = auto */; dry_run: boolean };
export type PreviewRow = { row: number; name: string; emails: Array<string>; phones: Array<string>; company: string | null; tags: Array<string>; other: Array<CustomField> };
export type ImportPreview = { format: ImportFormat; rows: Array<PreviewRow>; errors: Array<RowError> };
export type ExportFormat = "json" | "csv" | "vcard";
export type ExportRequest = { path: string; format: ExportFormat };
export type SignInRequest = { server: string; email: string; password: string; recovery_key: string | null /* null = create a new account */; device_name: string | null };
export type SignInResult = { account: Account; recovery_key: string | null /* shown once, for a new account */ };
export type SyncStatus = { account: Account | null; waiting: number };
export type RebuildReport = { matched: boolean; documents: number };
export type KeepValue = { id: string; field: string; value: string };

// Events (listen with @tauri-apps/api/event):
export type Changed = { ids: Array<string> };                         // "kith://changed": the database changed (this window, the CLI, sync)
export type ImportProgress = { rows: number; bytes_read: number; total_bytes: number }; // "kith://import-progress"
export type Navigate = { route: string };                              // "kith://navigate": the tray or a second launch asks the window to show a route
export const EVENTS = { changed: "kith://changed", importProgress: "kith://import-progress", syncProgress: "kith://sync-progress", navigate: "kith://navigate" } as const;

// ---------------------------------------------------------------- commands
// import { invoke } from "@tauri-apps/api/core"; each takes one argument named `input` (or none)
export const commands = {
  app_info: () => invoke<AppInfo>("app_info"),
  dashboard: () => invoke<Dashboard>("dashboard"),
  contact_list: (input: ContactQuery) => invoke<ContactPage>("contact_list", { input }),
  contact_facets: () => invoke<Facets>("contact_facets"),
  contact_get: (input: string) => invoke<ContactDetail>("contact_get", { input }),
  contact_create: (input: ContactChanges) => invoke<Contact>("contact_create", { input }),
  contact_update: (input: { id: string; changes: ContactChanges }) => invoke<Contact>("contact_update", { input }),
  contact_keep_value: (input: KeepValue) => invoke<Contact>("contact_keep_value", { input }),
  contacts_edit: (input: BulkEdit) => invoke<number>("contacts_edit", { input }),
  contacts_delete: (input: Array<string>) => invoke<number>("contacts_delete", { input }),   // undo = contacts_restore
  contacts_restore: (input: Array<string>) => invoke<number>("contacts_restore", { input }),
  interaction_create: (input: NewInteraction) => invoke<Interaction>("interaction_create", { input }),
  interaction_delete: (input: string) => invoke<Interaction>("interaction_delete", { input }),
  interaction_restore: (input: string) => invoke<Interaction>("interaction_restore", { input }),
  draft_get: () => invoke<string | null>("draft_get"),             // the quick-log form's unsaved note (JSON the UI owns)
  draft_set: (input: string | null) => invoke<null>("draft_set", { input }), // saved in the database file at once
  followup_create: (input: NewFollowUp) => invoke<FollowUp>("followup_create", { input }),
  followup_done: (input: string) => invoke<FollowUp>("followup_done", { input }),
  followup_snooze: (input: Snooze) => invoke<FollowUp>("followup_snooze", { input }),
  followup_dismiss: (input: string) => invoke<FollowUp>("followup_dismiss", { input }),
  followup_delete: (input: string) => invoke<FollowUp>("followup_delete", { input }),
  followup_restore: (input: string) => invoke<FollowUp>("followup_restore", { input }),
  import_pick_file: () => invoke<string | null>("import_pick_file"),   // native open dialog; null = cancelled
  import_preview: (input: ImportRequest) => invoke<ImportPreview>("import_preview", { input }),
  import_run: (input: ImportRequest) => invoke<ImportReport>("import_run", { input }), // progress as kith://import-progress
  export_pick_file: (input: ExportFormat) => invoke<string | null>("export_pick_file", { input }),
  export_to: (input: ExportRequest) => invoke<number>("export_to", { input }),        // number of contacts written
  backup_to: (input: string) => invoke<null>("backup_to", { input }),                 // a consistent copy of the database file
  settings_list: () => invoke<Array<SettingEntry>>("settings_list"),   // keys include "theme" (light | dark | system)
  settings_set: (input: Setting) => invoke<Setting>("settings_set", { input }),
  sync_status: () => invoke<SyncStatus>("sync_status"),
  sync_sign_in: (input: SignInRequest) => invoke<SignInResult>("sync_sign_in", { input }),
  sync_sign_out: () => invoke<null>("sync_sign_out"),
  sync_now: () => invoke<SyncReport>("sync_now"),
  rebuild: () => invoke<RebuildReport>("rebuild"),
};
