//! Files the user picks: import (preview, run, with progress), export and backup.

use std::path::PathBuf;

use kith_core::import::{self, ImportPreview, ImportReport};
use kith_core::{export, Error};
use serde_json::Value;
use tauri::{AppHandle, Emitter};
use tauri_plugin_dialog::DialogExt;

use super::S;
use crate::ipc::*;
use crate::state::{blocking, with_store};

/// How many records of a file the import preview shows.
const PREVIEW_ROWS: usize = 20;

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

fn file_path(path: &str) -> kith_core::Result<PathBuf> {
    let path = path.trim();
    if path.is_empty() {
        return Err(Error::invalid("file", "choose a file to import"));
    }
    Ok(PathBuf::from(path))
}

#[tauri::command]
pub async fn import_preview(input: Option<Value>) -> IpcResult<ImportPreview> {
    let input: ImportRequest = parse(input)?;
    blocking(move || import::preview(&file_path(&input.path)?, input.format, PREVIEW_ROWS)).await
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
        let path = file_path(&input.path)?;
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
        let path = file_path(&input.path)?;
        let n =
            export::write_atomically(&path, "file", |w| export::write(s.conn(), input.format, w))?;
        Ok(n as u32)
    })
    .await
}

#[tauri::command]
pub async fn backup_to(app: S<'_>, input: Option<Value>) -> IpcResult<()> {
    let input: String = parse(input)?;
    with_store(&app, move |s, _| s.backup_to(&file_path(&input)?)).await
}
