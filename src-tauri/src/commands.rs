//! The window's IPC commands: each a few lines over kith-core, run off the UI thread, failing
//! with [`IpcError`] `{code, message}`. Each takes one argument named `input` (or none).

use std::path::PathBuf;

use kith_core::contacts::{self, Contact, ContactChanges, ContactFilter, Facets};
use kith_core::followups::{self, FollowUp};
use kith_core::import::{self, ImportPreview, ImportReport};
use kith_core::interactions::{self, Interaction, InteractionChanges};
use kith_core::rules::{self, Dashboard};
use kith_core::settings::{self, Setting, SettingEntry};
use kith_core::store::{RebuildReport, Store};
use kith_core::sync::{account, run::SyncReport};
use kith_core::{export, search, Error};
use serde_json::Value;
use tauri::{AppHandle, Emitter, State};
use tauri_plugin_dialog::DialogExt;

use crate::ipc::*;
use crate::state::{blocking, with_store, Shared};

/// The most rows one `contact_list` call returns.
pub const PAGE_LIMIT: u32 = 500;
/// The most contacts a search ranks; the list says "1000" when there are more.
pub const SEARCH_LIMIT: u32 = 1000;
/// How many records of a file the import preview shows.
const PREVIEW_ROWS: usize = 20;
/// Where the quick-log form keeps the note being typed (device-local, never synced).
const DRAFT_KEY: &str = "desktop.draft.interaction";

type S<'a> = State<'a, Shared>;

fn contact_id(store: &Store, id: &str) -> kith_core::Result<kith_core::ids::ContactId> {
    contacts::resolve(store.conn(), id)
}

#[tauri::command]
pub async fn app_info(app: S<'_>) -> IpcResult<AppInfo> {
    with_store(&app, |s, inner| {
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            db_path: inner.path.display().to_string(),
            device_id: s.device_id(),
            contacts: contacts::count(s.conn(), &ContactFilter::default())?,
        })
    })
    .await
}

#[tauri::command]
pub async fn dashboard(app: S<'_>) -> IpcResult<Dashboard> {
    with_store(&app, |s, inner| {
        rules::dashboard(s.conn(), inner.now(), inner.tz())
    })
    .await
}

#[tauri::command]
pub async fn contact_list(app: S<'_>, input: Option<Value>) -> IpcResult<ContactPage> {
    let input: ContactQuery = parse(input)?;
    with_store(&app, move |s, _| list_contacts(s, input)).await
}

/// A page of contacts: the filters over the projection, or over the search's best matches.
pub fn list_contacts(s: &Store, q: ContactQuery) -> kith_core::Result<ContactPage> {
    if q.limit == 0 || q.limit > PAGE_LIMIT {
        return Err(Error::invalid(
            "limit",
            format!("{} is out of range; use 1 to {PAGE_LIMIT}", q.limit),
        ));
    }
    let filter = ContactFilter {
        tag: q.tag.filter(|t| !t.is_empty()),
        vip: q.vip,
        status: q.status,
        industry: q.industry.filter(|i| !i.is_empty()),
        sort: q.sort,
        limit: Some(q.limit),
        offset: q.offset,
        deleted: false,
    };
    let text = q.search.as_deref().map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return Ok(ContactPage {
            total: contacts::count(s.conn(), &filter)?,
            offset: q.offset,
            rows: contacts::list(s.conn(), &filter)?
                .into_iter()
                .map(ContactRow::from)
                .collect(),
        });
    }
    let hits: Vec<Contact> = search::search(s.conn(), text, SEARCH_LIMIT)?
        .into_iter()
        .map(|h| h.contact)
        .filter(|c| matches(&filter, c))
        .collect();
    Ok(ContactPage {
        total: hits.len() as u32,
        offset: q.offset,
        rows: hits
            .into_iter()
            .skip(q.offset as usize)
            .take(q.limit as usize)
            .map(ContactRow::from)
            .collect(),
    })
}

/// Whether a search hit passes the list's filters (search ranks; the filters narrow).
fn matches(f: &ContactFilter, c: &Contact) -> bool {
    (!f.vip || c.vip)
        && f.status.is_none_or(|s| c.status == s)
        && f.industry
            .as_ref()
            .is_none_or(|i| c.industry.as_ref() == Some(i))
        && f.tag.as_ref().is_none_or(|t| c.tags.contains(t))
}

#[tauri::command]
pub async fn contact_facets(app: S<'_>) -> IpcResult<Facets> {
    with_store(&app, |s, _| contacts::facets(s.conn())).await
}

#[tauri::command]
pub async fn contact_get(app: S<'_>, input: Option<Value>) -> IpcResult<ContactDetail> {
    let input: String = parse(input)?;
    with_store(&app, move |s, _| {
        let id = contact_id(s, &input)?;
        Ok(ContactDetail {
            contact: contacts::get(s.conn(), id)?,
            interactions: interactions::for_contact(s.conn(), id, 500)?,
            follow_ups: followups::for_contact(s.conn(), id)?,
            history: s.history(&id.to_string())?,
            conflicts: contacts::conflicts(s, id)?,
        })
    })
    .await
}

#[tauri::command]
pub async fn contact_create(app: S<'_>, input: Option<Value>) -> IpcResult<Contact> {
    let input: ContactChanges = parse(input)?;
    with_store(&app, move |s, inner| {
        let now = inner.now();
        s.write(|tx| contacts::create(tx, input, now))
    })
    .await
}

#[tauri::command]
pub async fn contact_update(app: S<'_>, input: Option<Value>) -> IpcResult<Contact> {
    let input: ContactUpdate = parse(input)?;
    with_store(&app, move |s, inner| {
        let id = contact_id(s, &input.id)?;
        let now = inner.now();
        s.write(|tx| contacts::update(tx, id, input.changes, now))
    })
    .await
}

#[tauri::command]
pub async fn contact_keep_value(app: S<'_>, input: Option<Value>) -> IpcResult<Contact> {
    let input: KeepValue = parse(input)?;
    with_store(&app, move |s, inner| {
        let id = contact_id(s, &input.id)?;
        let changes = keep_value_changes(&input.field, &input.value)?;
        let now = inner.now();
        s.write(|tx| contacts::update(tx, id, changes, now))
    })
    .await
}

/// The edit that settles a conflicting field on one of its values: writing the value again
/// supersedes every concurrent one.
pub fn keep_value_changes(field: &str, value: &str) -> kith_core::Result<ContactChanges> {
    let typed = match field {
        "vip" => serde_json::Value::Bool(value == "true"),
        "keep_in_touch_days" => value
            .parse::<u32>()
            .map(serde_json::Value::from)
            .unwrap_or(serde_json::Value::Null),
        _ => serde_json::Value::String(value.to_string()),
    };
    let mut edit = serde_json::Map::new();
    edit.insert(field.to_string(), typed);
    serde_json::from_value(serde_json::Value::Object(edit)).map_err(|e| {
        Error::invalid(
            field,
            format!("cannot be settled from here ({e}); edit the field instead"),
        )
    })
}

#[tauri::command]
pub async fn contacts_edit(app: S<'_>, input: Option<Value>) -> IpcResult<u32> {
    let input: BulkEdit = parse(input)?;
    with_store(&app, move |s, inner| {
        let ids = resolve_all(s, &input.ids)?;
        let now = inner.now();
        s.write(|tx| {
            for id in &ids {
                contacts::update(tx, *id, input.changes.clone(), now)?;
            }
            Ok(ids.len() as u32)
        })
    })
    .await
}

fn resolve_all(s: &Store, ids: &[String]) -> kith_core::Result<Vec<kith_core::ids::ContactId>> {
    ids.iter().map(|id| contact_id(s, id)).collect()
}

#[tauri::command]
pub async fn contacts_delete(app: S<'_>, input: Option<Value>) -> IpcResult<u32> {
    let input: Vec<String> = parse(input)?;
    with_store(&app, move |s, inner| {
        let ids = resolve_all(s, &input)?;
        let now = inner.now();
        s.write(|tx| {
            for id in &ids {
                contacts::delete(tx, *id, now)?;
            }
            Ok(ids.len() as u32)
        })
    })
    .await
}

#[tauri::command]
pub async fn contacts_restore(app: S<'_>, input: Option<Value>) -> IpcResult<u32> {
    let input: Vec<String> = parse(input)?;
    with_store(&app, move |s, inner| {
        let ids = resolve_all(s, &input)?;
        let now = inner.now();
        s.write(|tx| {
            for id in &ids {
                contacts::restore(tx, *id, now)?;
            }
            Ok(ids.len() as u32)
        })
    })
    .await
}

#[tauri::command]
pub async fn interaction_create(app: S<'_>, input: Option<Value>) -> IpcResult<Interaction> {
    let input: NewInteraction = parse(input)?;
    with_store(&app, move |s, inner| {
        let id = contact_id(s, &input.contact_id)?;
        let now = inner.now();
        let changes = InteractionChanges {
            kind: Some(input.kind),
            occurred_at: input.occurred_at,
            notes: Some(input.notes),
            ..Default::default()
        };
        s.write(|tx| interactions::create(tx, id, changes, now))
    })
    .await
}

#[tauri::command]
pub async fn interaction_delete(app: S<'_>, input: Option<Value>) -> IpcResult<Interaction> {
    let input: String = parse(input)?;
    with_store(&app, move |s, inner| {
        let id = interactions::resolve(s.conn(), &input)?;
        let now = inner.now();
        s.write(|tx| interactions::delete(tx, id, now))
    })
    .await
}

#[tauri::command]
pub async fn interaction_restore(app: S<'_>, input: Option<Value>) -> IpcResult<Interaction> {
    let input: String = parse(input)?;
    with_store(&app, move |s, inner| {
        let id = interactions::resolve(s.conn(), &input)?;
        let now = inner.now();
        s.write(|tx| interactions::restore(tx, id, now))
    })
    .await
}

#[tauri::command]
pub async fn draft_get(app: S<'_>) -> IpcResult<Option<String>> {
    with_store(&app, |s, _| s.meta(DRAFT_KEY)).await
}

#[tauri::command]
pub async fn draft_set(app: S<'_>, input: Option<Value>) -> IpcResult<()> {
    let input: Option<String> = parse(input)?;
    with_store(&app, move |s, _| {
        s.set_meta(&[(DRAFT_KEY, input.as_deref())])
    })
    .await
}

#[tauri::command]
pub async fn followup_create(app: S<'_>, input: Option<Value>) -> IpcResult<FollowUp> {
    let input: NewFollowUp = parse(input)?;
    with_store(&app, move |s, inner| {
        let id = contact_id(s, &input.contact_id)?;
        let now = inner.now();
        let note = input.note.as_deref().filter(|n| !n.trim().is_empty());
        s.write(|tx| followups::create(tx, id, input.due_at, note, input.repeat_every_days, now))
    })
    .await
}

#[tauri::command]
pub async fn followup_done(app: S<'_>, input: Option<Value>) -> IpcResult<FollowUp> {
    let input: String = parse(input)?;
    with_store(&app, move |s, inner| {
        let id = followups::resolve(s.conn(), &input)?;
        let (now, tz) = (inner.now(), inner.tz());
        Ok(s.write(|tx| followups::complete(tx, id, now, tz))?.0)
    })
    .await
}

#[tauri::command]
pub async fn followup_snooze(app: S<'_>, input: Option<Value>) -> IpcResult<FollowUp> {
    let input: Snooze = parse(input)?;
    with_store(&app, move |s, inner| {
        let id = followups::resolve(s.conn(), &input.id)?;
        let now = inner.now();
        s.write(|tx| followups::snooze(tx, id, input.until, now))
    })
    .await
}

/// The follow-up commands that take only an id and `now`.
macro_rules! followup_by_id {
    ($($name:ident => $op:path),* $(,)?) => {$(
        #[tauri::command]
        pub async fn $name(app: S<'_>, input: Option<Value>) -> IpcResult<FollowUp> {
            let input: String = parse(input)?;
            with_store(&app, move |s, inner| {
                let id = followups::resolve(s.conn(), &input)?;
                let now = inner.now();
                s.write(|tx| $op(tx, id, now))
            })
            .await
        }
    )*};
}

followup_by_id! {
    followup_dismiss => followups::dismiss,
    followup_delete => followups::delete,
    followup_restore => followups::restore,
}

#[tauri::command]
pub async fn import_pick_file(app: AppHandle) -> IpcResult<Option<String>> {
    blocking(move || {
        Ok(app
            .dialog()
            .file()
            .set_title("Import contacts")
            .add_filter(
                "Contacts (CSV, vCard)",
                &["csv", "tsv", "txt", "vcf", "vcard"],
            )
            .blocking_pick_file()
            .map(|p| p.to_string()))
    })
    .await
}

fn import_path(path: &str) -> kith_core::Result<PathBuf> {
    let path = path.trim();
    if path.is_empty() {
        return Err(Error::invalid("file", "choose a file to import"));
    }
    Ok(PathBuf::from(path))
}

#[tauri::command]
pub async fn import_preview(input: Option<Value>) -> IpcResult<ImportPreview> {
    let input: ImportRequest = parse(input)?;
    blocking(move || import::preview(&import_path(&input.path)?, input.format, PREVIEW_ROWS)).await
}

#[tauri::command]
pub async fn import_run(
    app: S<'_>,
    handle: AppHandle,
    input: Option<Value>,
) -> IpcResult<ImportReport> {
    let input: ImportRequest = parse(input)?;
    let inner = app.inner().clone();
    blocking(move || {
        let path = import_path(&input.path)?;
        let mut store = inner.second_store()?;
        let mut progress = |p: import::Progress| {
            let _ = handle.emit(
                EVENT_IMPORT_PROGRESS,
                ImportProgress {
                    rows: p.rows as u32,
                    bytes_read: p.bytes_read,
                    total_bytes: p.total_bytes,
                },
            );
        };
        import::import_file(
            &mut store,
            &path,
            input.format,
            input.dry_run,
            &mut progress,
            inner.now(),
        )
    })
    .await
}

#[tauri::command]
pub async fn export_pick_file(app: AppHandle, input: Option<Value>) -> IpcResult<Option<String>> {
    let input: export::ExportFormat = parse(input)?;
    let (name, ext) = match input {
        export::ExportFormat::Json => ("kith-contacts.json", "json"),
        export::ExportFormat::Csv => ("kith-contacts.csv", "csv"),
        export::ExportFormat::Vcard => ("kith-contacts.vcf", "vcf"),
    };
    blocking(move || {
        Ok(app
            .dialog()
            .file()
            .set_file_name(name)
            .add_filter(ext, &[ext])
            .blocking_save_file()
            .map(|p| p.to_string()))
    })
    .await
}

#[tauri::command]
pub async fn export_to(app: S<'_>, input: Option<Value>) -> IpcResult<u32> {
    let input: ExportRequest = parse(input)?;
    with_store(&app, move |s, _| {
        let path = import_path(&input.path)?;
        let n =
            export::write_atomically(&path, "file", |w| export::write(s.conn(), input.format, w))?;
        Ok(n as u32)
    })
    .await
}

#[tauri::command]
pub async fn backup_to(app: S<'_>, input: Option<Value>) -> IpcResult<()> {
    let input: String = parse(input)?;
    with_store(&app, move |s, _| s.backup_to(&import_path(&input)?)).await
}

#[tauri::command]
pub async fn settings_list(app: S<'_>) -> IpcResult<Vec<SettingEntry>> {
    with_store(&app, |s, _| settings::list(s)).await
}

#[tauri::command]
pub async fn settings_set(app: S<'_>, input: Option<Value>) -> IpcResult<Setting> {
    let input: SettingChange = parse(input)?;
    with_store(&app, move |s, _| settings::set(s, &input.key, &input.value)).await
}

#[tauri::command]
pub async fn sync_status(app: S<'_>) -> IpcResult<SyncStatus> {
    with_store(&app, |s, _| {
        Ok(SyncStatus {
            account: account::account(s)?,
            waiting: s.outbox_len()? as u32,
        })
    })
    .await
}

#[tauri::command]
pub async fn sync_sign_in(app: S<'_>, input: Option<Value>) -> IpcResult<SignInResult> {
    let input: SignInRequest = parse(input)?;
    let inner = app.inner().clone();
    blocking(move || {
        let mut store = inner.second_store()?;
        let device = input
            .device_name
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_else(account::default_device_name);
        let signed_in = match input.recovery_key.filter(|k| !k.trim().is_empty()) {
            None => account::create_account(
                &mut store,
                &input.server,
                &input.email,
                &input.password,
                &device,
            )?,
            Some(key) => account::login(
                &mut store,
                &input.server,
                &input.email,
                &input.password,
                &key,
                &device,
            )?,
        };
        Ok(SignInResult {
            account: signed_in.account,
            recovery_key: signed_in.recovery_key,
        })
    })
    .await
}

#[tauri::command]
pub async fn sync_sign_out(app: S<'_>) -> IpcResult<()> {
    with_store(&app, |s, _| account::logout(s).map(|_| ())).await
}

#[tauri::command]
pub async fn sync_now(app: S<'_>, handle: AppHandle) -> IpcResult<SyncReport> {
    let inner = app.inner().clone();
    blocking(move || {
        let mut store = inner.second_store()?;
        kith_core::sync::run::sync(&mut store, &mut |r| {
            let _ = handle.emit(EVENT_SYNC_PROGRESS, r.clone());
        })
    })
    .await
}

#[tauri::command]
pub async fn rebuild(app: S<'_>) -> IpcResult<RebuildReport> {
    let inner = app.inner().clone();
    blocking(move || inner.second_store()?.rebuild()).await
}
