//! Files the user picks: import (preview, run, with progress), export and backup.

use std::path::PathBuf;

use kith_core::import::{self, ImportPreview, ImportReport};
use kith_core::{export, Error};
use tauri::{AppHandle, Emitter};
use tauri_plugin_dialog::DialogExt;

use crate::ipc::*;
use crate::state::{blocking, shared, with_store};

/// How many records of a file the import preview shows.
const PREVIEW_ROWS: usize = 20;

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

pub async fn import_preview(_app: AppHandle, input: ImportRequest) -> IpcResult<ImportPreview> {
    blocking(move || {
        let path = file_path(&input.path)?;
        import::preview(&path, input.format, input.columns.as_ref(), PREVIEW_ROWS)
    })
    .await
}

pub async fn import_run(handle: AppHandle, input: ImportRequest) -> IpcResult<ImportReport> {
    let inner = shared(&handle);
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
            input.columns.as_ref(),
            input.dry_run,
            &mut progress,
            inner.now(),
        )
    })
    .await
}

pub async fn export_pick_file(
    app: AppHandle,
    format: export::ExportFormat,
) -> IpcResult<Option<String>> {
    let (name, ext) = match format {
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

pub async fn export_to(app: AppHandle, input: ExportRequest) -> IpcResult<u32> {
    with_store(&app, move |s, _| {
        let path = file_path(&input.path)?;
        let n =
            export::write_atomically(&path, "file", |w| export::write(s.conn(), input.format, w))?;
        Ok(n as u32)
    })
    .await
}

pub async fn backup_to(app: AppHandle, path: String) -> IpcResult<()> {
    with_store(&app, move |s, _| s.backup_to(&file_path(&path)?)).await
}
