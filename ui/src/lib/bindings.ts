// GENERATED from the Rust types by kith-desktop (src-tauri/src/bindings.rs); do not edit.
// Regenerate: KITH_UPDATE_BINDINGS=1 cargo test --workspace --test bindings

import { invoke } from "@tauri-apps/api/core";

export type Timestamp = string;
export type Birthday = string;
export type ContactId = string;
export type InteractionId = string;
export type FollowUpId = string;
export type ContactStatus = "active" | "inactive" | "archived";
export type Email = { label: string, value: string, };
export type Phone = { label: string, 
/**
 * As the user typed it.
 */
value: string, 
/**
 * E.164, when the number could be read.
 */
e164?: string, };
export type SocialLink = { label: string, url: string, };
export type Address = { label: string, street?: string, city?: string, region?: string, postal_code?: string, country?: string, };
export type CustomField = { key: string, value: string, };
export type Background = { family: string, company: string, likes: string, dislikes: string, misc: string, };
export type Contact = { id: ContactId, name: string, relationship: string | null, birthday: Birthday | null, industry: string | null, location: string | null, company: string | null, title: string | null, status: ContactStatus, vip: boolean, emails: Array<Email>, phones: Array<Phone>, social_links: Array<SocialLink>, preferred_channel: string | null, addresses: Array<Address>, tags: Array<string>, keep_in_touch_days: number | null, background: Background, custom_fields: Array<CustomField>, created_at: Timestamp, updated_at: Timestamp, 
/**
 * Derived from interactions by the projection, never stored in the document.
 */
last_contacted_at: Timestamp | null, deleted_at: Timestamp | null, };
export type ContactChanges = { name?: string, relationship?: string, 
/**
 * `Some(None)` clears the birthday.
 */
birthday?: Birthday | null, industry?: string, location?: string, company?: string, title?: string, status?: ContactStatus, vip?: boolean, emails?: Array<Email>, phones?: Array<Phone>, social_links?: Array<SocialLink>, preferred_channel?: string, addresses?: Array<Address>, tags?: Array<string>, add_tags?: Array<string>, remove_tags?: Array<string>, 
/**
 * `Some(None)` stops keeping in touch.
 */
keep_in_touch_days?: number | null, background?: BackgroundChanges, custom_fields?: Array<CustomField>, };
export type BackgroundChanges = { family?: string, company?: string, likes?: string, dislikes?: string, misc?: string, };
export type ContactSort = "name" | "last_contacted";
export type Count = { name: string, count: number, };
export type Facets = { 
/**
 * The most used tags first, at most [`FACET_LIMIT`].
 */
tags: Array<Count>, 
/**
 * The most common industries first, at most [`FACET_LIMIT`].
 */
industries: Array<Count>, statuses: Array<Count>, vips: number, total: number, };
export type FieldConflict = { field: string, values: Array<string>, };
export type InteractionKind = "call" | "meeting" | "email" | "message" | "note" | "other";
export type Interaction = { id: InteractionId, contact_id: ContactId, kind: InteractionKind, occurred_at: Timestamp, notes: string, transcript_source: string | null, ai_suggestions: string | null, confidence: number | null, created_at: Timestamp, updated_at: Timestamp, deleted_at: Timestamp | null, };
export type InteractionChanges = { kind?: InteractionKind, occurred_at?: Timestamp, notes?: string, transcript_source?: string, ai_suggestions?: string, 
/**
 * `Some(None)` clears it.
 */
confidence?: number, };
export type InteractionFilter = { 
/**
 * Only this contact's (its timeline); otherwise only live contacts' interactions.
 */
contact?: ContactId, 
/**
 * Only this kind.
 */
kind?: InteractionKind, 
/**
 * Only those that happened at or after this time.
 */
from?: Timestamp, 
/**
 * Only those that happened at or before this time.
 */
to?: Timestamp, 
/**
 * At most this many, newest first ([`DEFAULT_LIMIT`] when absent, at most [`MAX_LIMIT`]).
 */
limit?: number, };
export type FollowUpStatus = "open" | "done" | "dismissed";
export type FollowUp = { id: FollowUpId, contact_id: ContactId, due_at: Timestamp, note: string | null, status: FollowUpStatus, snoozed_until: Timestamp | null, completed_at: Timestamp | null, repeat_every_days: number | null, 
/**
 * The occurrence this one follows, for repeating follow-ups.
 */
previous_id: FollowUpId | null, created_at: Timestamp, updated_at: Timestamp, deleted_at: Timestamp | null, };
export type DueFollowUp = { contact_name: string, id: FollowUpId, contact_id: ContactId, due_at: Timestamp, note: string | null, status: FollowUpStatus, snoozed_until: Timestamp | null, completed_at: Timestamp | null, repeat_every_days: number | null, 
/**
 * The occurrence this one follows, for repeating follow-ups.
 */
previous_id: FollowUpId | null, created_at: Timestamp, updated_at: Timestamp, deleted_at: Timestamp | null, };
export type ReachOut = { contact_id: ContactId, name: string, keep_in_touch_days: number, last_contacted_at: Timestamp | null, 
/**
 * Calendar days since the last interaction (or since the contact was added).
 */
days_since: number, 
/**
 * Calendar days past the cadence (0 on the day it falls due).
 */
days_overdue: number, };
export type UpcomingBirthday = { contact_id: ContactId, name: string, birthday: Birthday, 
/**
 * The local date it is celebrated on.
 */
date: string, days_until: number, 
/**
 * The age reached that day, when the year of birth is known.
 */
turning: number | null, };
export type RecentInteraction = { contact_name: string, id: InteractionId, contact_id: ContactId, kind: InteractionKind, occurred_at: Timestamp, notes: string, transcript_source: string | null, ai_suggestions: string | null, confidence: number | null, created_at: Timestamp, updated_at: Timestamp, deleted_at: Timestamp | null, };
export type Dashboard = { overdue: Array<DueFollowUp>, due_today: Array<DueFollowUp>, 
/**
 * The most overdue people to reach out to, at most [`DASHBOARD_LIST_LIMIT`].
 */
reach_out: Array<ReachOut>, reach_out_total: number, 
/**
 * The soonest birthdays, at most [`DASHBOARD_LIST_LIMIT`].
 */
birthdays: Array<UpcomingBirthday>, birthdays_total: number, recent_interactions: Array<RecentInteraction>, vips: Array<Contact>, };
export type HistoryEntry = { 
/**
 * When the change was made, by its author's clock.
 */
at: Timestamp, 
/**
 * The Automerge actor of the device that made the change.
 */
device: string, 
/**
 * Whether this file's device made it.
 */
this_device: boolean, 
/**
 * `created` for the change that made the record, else `edited`.
 */
action: string, 
/**
 * The fields the change set, as named in the record.
 */
fields: Array<string>, 
/**
 * Each of those fields' value before and after the change, as its author saw the record.
 */
changes: Array<FieldChange>, 
/**
 * The change's hash.
 */
hash: string, };
export type FieldChange = { 
/**
 * The field, as named in the record.
 */
field: string, 
/**
 * Its value before the change (`null` when it had none).
 */
old: unknown, 
/**
 * Its value after the change (`null` when the change removed it).
 */
new: unknown, };
export type ImportFormat = "csv" | "google" | "outlook" | "linkedin" | "propertyradar" | "vcard";
export type RowError = { row: number, 
/**
 * The column (or vCard property) at fault, when one is.
 */
column: string | null, message: string, };
export type PossibleDuplicate = { 
/**
 * The row of this person.
 */
row: number, 
/**
 * Their name as the row gives it.
 */
name: string, 
/**
 * The contact they became.
 */
contact: ContactId, 
/**
 * The earlier row they share an email or phone with.
 */
other_row: number, 
/**
 * The name on that row.
 */
other_name: string, 
/**
 * The contact that row went to.
 */
other_contact: ContactId, 
/**
 * The email or phone number the two rows share.
 */
shared: string, };
export type ImportReport = { format: ImportFormat, rows: number, created: number, updated: number, unchanged: number, errors: Array<RowError>, 
/**
 * What was read with a guess or kept aside (a line kept as a custom field, a value
 * decoded as Windows-1252), by row; the row is still counted above.
 */
warnings: Array<RowError>, 
/**
 * People of this file placed as separate contacts although they share an email or phone
 * with an earlier row of the file under a different name: maybe one person, maybe not.
 */
possible_duplicates: Array<PossibleDuplicate>, duration_ms: number, };
export type PreviewRow = { row: number, name: string, emails: Array<string>, phones: Array<string>, company: string | null, tags: Array<string>, 
/**
 * Every other value, under the field (or column) it lands in.
 */
other: Array<CustomField>, 
/**
 * An earlier row of the preview with one of this row's emails or phones under another
 * name: the import keeps them apart and lists them as possible duplicates.
 */
duplicate_of: number | null, };
export type PreviewColumns = { 
/**
 * The cells of the file's first row (its header, or its first data row).
 */
first_row: Array<string>, 
/**
 * Whether Kith reads that first row as a header.
 */
header: boolean, 
/**
 * What each column is read as, in [`ColumnMap`] names (`email`, `work phone`, `-` to
 * skip, or a custom field's name): the map in use, or Kith's own guesses.
 */
columns: Array<string>, };
export type ImportPreview = { format: ImportFormat, rows: Array<PreviewRow>, errors: Array<RowError>, warnings: Array<RowError>, 
/**
 * CSV files only: the columns and how they are read.
 */
columns: PreviewColumns | null, 
/**
 * Why the file cannot be imported as it stands (a CSV whose first row looks like data):
 * naming its columns is the way forward. `rows` is empty then.
 */
refused: string | null, };
export type ColumnMap = { 
/**
 * One name per column, in file order.
 */
columns: Array<string>, 
/**
 * Whether the file's first row is a header (replaced by `columns`) rather than data.
 */
header: boolean, };
export type ExportFormat = "json" | "csv" | "vcard";
export type SettingEntry = { key: string, value: string, default: string, description: string, };
export type Setting = { key: string, value: string, };
export type Account = { server: string, email: string, workspace_id: string, 
/**
 * The server's id of this device.
 */
device_id: string, };
export type SyncReport = { 
/**
 * Local changes the server accepted (or already had).
 */
pushed: number, 
/**
 * Changes from other devices new to this file.
 */
pulled: number, 
/**
 * The server sequence number this file has seen everything up to.
 */
cursor: number, };
export type RebuildReport = { 
/**
 * The documents the projection was rebuilt from.
 */
documents: number, 
/**
 * Whether the rebuilt projection equals the one it replaced.
 */
matched: boolean, };
export type IpcError = { code: string, message: string, };
export type AppInfo = { version: string, db_path: string, device_id: string, contacts: number, };
export type ContactQuery = { 
/**
 * What was typed in the search box; empty or null lists everyone.
 */
search: string | null, 
/**
 * Only contacts with this tag.
 */
tag: string | null, 
/**
 * Only contacts with this status.
 */
status: ContactStatus | null, 
/**
 * Only VIPs.
 */
vip: boolean, 
/**
 * Only contacts in this industry.
 */
industry: string | null, 
/**
 * The order (a search orders by relevance instead).
 */
sort: ContactSort, 
/**
 * How many rows of the whole list come before this page.
 */
offset: number, 
/**
 * 1 to [`PAGE_LIMIT`].
 */
limit: number, };
export type ContactRow = { 
/**
 * The contact's id.
 */
id: ContactId, 
/**
 * Its display name.
 */
name: string, 
/**
 * Where they work.
 */
company: string | null, 
/**
 * Their job title.
 */
title: string | null, 
/**
 * Their industry.
 */
industry: string | null, 
/**
 * Active, inactive or archived.
 */
status: ContactStatus, 
/**
 * Whether they are a VIP.
 */
vip: boolean, 
/**
 * Their tags.
 */
tags: Array<string>, 
/**
 * The first email address.
 */
email: string | null, 
/**
 * The first phone number.
 */
phone: string | null, 
/**
 * The latest interaction's time.
 */
last_contacted_at: Timestamp | null, };
export type ContactPage = { 
/**
 * How many contacts the query selects in all (a search counts at most
 * [`SEARCH_LIMIT`]).
 */
total: number, 
/**
 * The offset the page starts at.
 */
offset: number, 
/**
 * The page's rows, in the query's order.
 */
rows: Array<ContactRow>, };
export type ContactDetail = { 
/**
 * The contact.
 */
contact: Contact, 
/**
 * Its latest interactions (at most 500), newest first.
 */
interactions: Array<Interaction>, 
/**
 * Its follow-ups, open and finished.
 */
follow_ups: Array<FollowUp>, 
/**
 * Every change to the contact, oldest first.
 */
history: Array<HistoryEntry>, 
/**
 * The fields two devices set concurrently, with each value.
 */
conflicts: Array<FieldConflict>, };
export type ContactUpdate = { id: ContactId, changes: ContactChanges, };
export type BulkEdit = { 
/**
 * The contacts to change.
 */
ids: Array<ContactId>, 
/**
 * The edit each of them gets.
 */
changes: ContactChanges, };
export type KeepValue = { id: ContactId, field: string, value: string, };
export type NewInteraction = { contact_id: ContactId, kind: InteractionKind, 
/**
 * RFC 3339; null means now.
 */
occurred_at: string | null, notes: string, };
export type InteractionUpdate = { id: InteractionId, changes: InteractionChanges, };
export type NewFollowUp = { contact_id: ContactId, due_at: string, note: string | null, repeat_every_days: number | null, };
export type Snooze = { id: FollowUpId, until: string, };
export type ImportRequest = { path: string, 
/**
 * Null recognises the format from the content.
 */
format: ImportFormat | null, 
/**
 * How to read a CSV file's columns, when the user named them in the mapping step; null
 * reads the header.
 */
columns: ColumnMap | null, dry_run: boolean, };
export type ExportRequest = { path: string, format: ExportFormat, };
export type SettingChange = { key: string, value: string, };
export type SignInRequest = { 
/**
 * The sync server's address.
 */
server: string, 
/**
 * The account's email.
 */
email: string, 
/**
 * The account's password.
 */
password: string, 
/**
 * Null or blank creates a new account; otherwise this device joins the account.
 */
recovery_key: string | null, 
/**
 * Null or blank names the device after the machine.
 */
device_name: string | null, };
export type SignInResult = { 
/**
 * The account this device is now signed in to.
 */
account: Account, 
/**
 * For a new account, the recovery key to show once; null when joining.
 */
recovery_key: string | null, };
export type SyncStatus = { account: Account | null, 
/**
 * Local changes not yet pushed.
 */
waiting: number, };
export type Changed = { ids: Array<string>, };
export type ImportProgress = { rows: number, bytes_read: number, total_bytes: number, };
export type Navigate = { route: string, };

/** The events the Rust side emits, by name. */
export const EVENTS = {
  changed: "kith://changed",
  importProgress: "kith://import-progress",
  syncProgress: "kith://sync-progress",
  navigate: "kith://navigate",
} as const;

/** One typed function per IPC command; a failure rejects with an IpcError. */
export const commands = {
  app_info: () => invoke<AppInfo>("app_info"),
  dashboard: () => invoke<Dashboard>("dashboard"),
  contact_list: (input: ContactQuery) => invoke<ContactPage>("contact_list", { input }),
  contact_facets: () => invoke<Facets>("contact_facets"),
  contact_get: (input: ContactId) => invoke<ContactDetail>("contact_get", { input }),
  contact_create: (input: ContactChanges) => invoke<Contact>("contact_create", { input }),
  contact_update: (input: ContactUpdate) => invoke<Contact>("contact_update", { input }),
  contact_keep_value: (input: KeepValue) => invoke<Contact>("contact_keep_value", { input }),
  contacts_edit: (input: BulkEdit) => invoke<number>("contacts_edit", { input }),
  contacts_delete: (input: Array<ContactId>) => invoke<number>("contacts_delete", { input }),
  contacts_restore: (input: Array<ContactId>) => invoke<number>("contacts_restore", { input }),
  interaction_create: (input: NewInteraction) => invoke<Interaction>("interaction_create", { input }),
  interaction_update: (input: InteractionUpdate) => invoke<Interaction>("interaction_update", { input }),
  interaction_list: (input: InteractionFilter) => invoke<Array<Interaction>>("interaction_list", { input }),
  interaction_delete: (input: InteractionId) => invoke<Interaction>("interaction_delete", { input }),
  interaction_restore: (input: InteractionId) => invoke<Interaction>("interaction_restore", { input }),
  draft_get: () => invoke<string | null>("draft_get"),
  draft_set: (input: string | null) => invoke<null>("draft_set", { input }),
  followup_create: (input: NewFollowUp) => invoke<FollowUp>("followup_create", { input }),
  followup_done: (input: FollowUpId) => invoke<FollowUp>("followup_done", { input }),
  followup_snooze: (input: Snooze) => invoke<FollowUp>("followup_snooze", { input }),
  followup_dismiss: (input: FollowUpId) => invoke<FollowUp>("followup_dismiss", { input }),
  followup_delete: (input: FollowUpId) => invoke<FollowUp>("followup_delete", { input }),
  followup_restore: (input: FollowUpId) => invoke<FollowUp>("followup_restore", { input }),
  import_pick_file: () => invoke<string | null>("import_pick_file"),
  import_preview: (input: ImportRequest) => invoke<ImportPreview>("import_preview", { input }),
  import_run: (input: ImportRequest) => invoke<ImportReport>("import_run", { input }),
  export_pick_file: (input: ExportFormat) => invoke<string | null>("export_pick_file", { input }),
  export_to: (input: ExportRequest) => invoke<number>("export_to", { input }),
  backup_to: (input: string) => invoke<null>("backup_to", { input }),
  settings_list: () => invoke<Array<SettingEntry>>("settings_list"),
  settings_set: (input: SettingChange) => invoke<Setting>("settings_set", { input }),
  start_at_login_get: () => invoke<boolean>("start_at_login_get"),
  start_at_login_set: (input: boolean) => invoke<boolean>("start_at_login_set", { input }),
  sync_status: () => invoke<SyncStatus>("sync_status"),
  sync_sign_in: (input: SignInRequest) => invoke<SignInResult>("sync_sign_in", { input }),
  sync_sign_out: () => invoke<null>("sync_sign_out"),
  sync_now: () => invoke<SyncReport>("sync_now"),
  rebuild: () => invoke<RebuildReport>("rebuild"),
};

/** Each IPC command's input (undefined for none) and output: what a stand-in backend must answer. */
export type Commands = {
  app_info: { input: undefined; output: AppInfo };
  dashboard: { input: undefined; output: Dashboard };
  contact_list: { input: ContactQuery; output: ContactPage };
  contact_facets: { input: undefined; output: Facets };
  contact_get: { input: ContactId; output: ContactDetail };
  contact_create: { input: ContactChanges; output: Contact };
  contact_update: { input: ContactUpdate; output: Contact };
  contact_keep_value: { input: KeepValue; output: Contact };
  contacts_edit: { input: BulkEdit; output: number };
  contacts_delete: { input: Array<ContactId>; output: number };
  contacts_restore: { input: Array<ContactId>; output: number };
  interaction_create: { input: NewInteraction; output: Interaction };
  interaction_update: { input: InteractionUpdate; output: Interaction };
  interaction_list: { input: InteractionFilter; output: Array<Interaction> };
  interaction_delete: { input: InteractionId; output: Interaction };
  interaction_restore: { input: InteractionId; output: Interaction };
  draft_get: { input: undefined; output: string | null };
  draft_set: { input: string | null; output: null };
  followup_create: { input: NewFollowUp; output: FollowUp };
  followup_done: { input: FollowUpId; output: FollowUp };
  followup_snooze: { input: Snooze; output: FollowUp };
  followup_dismiss: { input: FollowUpId; output: FollowUp };
  followup_delete: { input: FollowUpId; output: FollowUp };
  followup_restore: { input: FollowUpId; output: FollowUp };
  import_pick_file: { input: undefined; output: string | null };
  import_preview: { input: ImportRequest; output: ImportPreview };
  import_run: { input: ImportRequest; output: ImportReport };
  export_pick_file: { input: ExportFormat; output: string | null };
  export_to: { input: ExportRequest; output: number };
  backup_to: { input: string; output: null };
  settings_list: { input: undefined; output: Array<SettingEntry> };
  settings_set: { input: SettingChange; output: Setting };
  start_at_login_get: { input: undefined; output: boolean };
  start_at_login_set: { input: boolean; output: boolean };
  sync_status: { input: undefined; output: SyncStatus };
  sync_sign_in: { input: SignInRequest; output: SignInResult };
  sync_sign_out: { input: undefined; output: null };
  sync_now: { input: undefined; output: SyncReport };
  rebuild: { input: undefined; output: RebuildReport };
};
