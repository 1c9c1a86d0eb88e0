//! The files generated from the one declaration of the commands ([`crate::commands::declared`])
//! and the Rust types:
//!
//! - `ui/src/lib/bindings.ts`: every type a command takes or returns, every event payload, one
//!   typed function per command (`commands`), and `Commands`, each command's input and output,
//!   which the demo backend's handlers are typed against so it cannot miss one;
//! - `capabilities/main.json`: the window's grant of exactly the declared commands.
//!
//! The tests in `tests/bindings.rs` fail when a committed file differs;
//! `KITH_UPDATE_BINDINGS=1 cargo test --workspace --test bindings` rewrites both.

use kith_core::birthday::Birthday;
use kith_core::contacts::{
    Address, Background, BackgroundChanges, BulkEdit, Contact, ContactChanges, ContactDetail,
    ContactPage, ContactQuery, ContactRow, ContactSort, ContactStatus, Count, CustomField, Email,
    Facets, FieldConflict, Phone, SocialLink,
};
use kith_core::export::ExportFormat;
use kith_core::followups::{FollowUp, FollowUpStatus};
use kith_core::ids::{ContactId, FollowUpId, InteractionId};
use kith_core::import::csv::ColumnMap;
use kith_core::import::model::{Format, RowError};
use kith_core::import::{
    ImportPreview, ImportReport, PossibleDuplicate, PreviewColumns, PreviewRow,
};
use kith_core::interactions::{
    Interaction, InteractionChanges, InteractionFilter, InteractionKind,
};
use kith_core::rules::{Dashboard, DueFollowUp, ReachOut, RecentInteraction, UpcomingBirthday};
use kith_core::settings::{Setting, SettingEntry};
use kith_core::store::{FieldChange, HistoryEntry, RebuildReport};
use kith_core::sync::account::Account;
use kith_core::sync::run::SyncReport;
use kith_core::sync::sign_in::{SignInRequest, SignInResult};
use kith_core::time::Timestamp;
use ts_rs::{Config, TS};

use crate::commands::declared::signatures;
use crate::ipc::*;

/// How the bindings spell Rust types in TypeScript.
pub fn config() -> Config {
    // Every integer the IPC carries fits a JavaScript number.
    Config::new().with_large_int("number")
}

fn decl<T: TS>() -> String {
    format!("export {}\n", T::decl(&config()))
}

/// The names of the commands the bindings offer, in declaration order.
pub fn command_names() -> Vec<&'static str> {
    signatures().into_iter().map(|c| c.name).collect()
}

/// What `capabilities/main.json` holds: the window may call exactly the declared commands and
/// listen to the app's events.
pub fn capabilities() -> String {
    let mut permissions = vec![
        "core:event:allow-listen".to_string(),
        "core:event:allow-unlisten".to_string(),
    ];
    permissions.extend(
        signatures()
            .iter()
            .map(|c| format!("allow-{}", c.name.replace('_', "-"))),
    );
    let permissions = permissions
        .iter()
        .map(|p| format!("    \"{p}\""))
        .collect::<Vec<_>>()
        .join(",\n");
    format!(
        r#"{{
  "$schema": "../gen/schemas/desktop-schema.json",
  "identifier": "main",
  "description": "What the Kith window may do: its own commands and listening to the app's events. No shell, HTTP, filesystem or dialog access from the page.",
  "windows": [
    "main"
  ],
  "permissions": [
{permissions}
  ]
}}
"#
    )
}

/// The whole of `ui/src/lib/bindings.ts`.
pub fn typescript() -> String {
    let types = [
        decl::<Timestamp>(),
        decl::<Birthday>(),
        decl::<ContactId>(),
        decl::<InteractionId>(),
        decl::<FollowUpId>(),
        decl::<ContactStatus>(),
        decl::<Email>(),
        decl::<Phone>(),
        decl::<SocialLink>(),
        decl::<Address>(),
        decl::<CustomField>(),
        decl::<Background>(),
        decl::<Contact>(),
        decl::<ContactChanges>(),
        decl::<BackgroundChanges>(),
        decl::<ContactSort>(),
        decl::<Count>(),
        decl::<Facets>(),
        decl::<FieldConflict>(),
        decl::<InteractionKind>(),
        decl::<Interaction>(),
        decl::<InteractionChanges>(),
        decl::<InteractionFilter>(),
        decl::<FollowUpStatus>(),
        decl::<FollowUp>(),
        decl::<DueFollowUp>(),
        decl::<ReachOut>(),
        decl::<UpcomingBirthday>(),
        decl::<RecentInteraction>(),
        decl::<Dashboard>(),
        decl::<HistoryEntry>(),
        decl::<FieldChange>(),
        decl::<Format>(),
        decl::<RowError>(),
        decl::<PossibleDuplicate>(),
        decl::<ImportReport>(),
        decl::<PreviewRow>(),
        decl::<PreviewColumns>(),
        decl::<ImportPreview>(),
        decl::<ColumnMap>(),
        decl::<ExportFormat>(),
        decl::<SettingEntry>(),
        decl::<Setting>(),
        decl::<Account>(),
        decl::<SyncReport>(),
        decl::<RebuildReport>(),
        decl::<IpcError>(),
        decl::<AppInfo>(),
        decl::<ContactQuery>(),
        decl::<ContactRow>(),
        decl::<ContactPage>(),
        decl::<ContactDetail>(),
        decl::<ContactUpdate>(),
        decl::<BulkEdit>(),
        decl::<KeepValue>(),
        decl::<NewInteraction>(),
        decl::<InteractionUpdate>(),
        decl::<NewFollowUp>(),
        decl::<Snooze>(),
        decl::<ImportRequest>(),
        decl::<ExportRequest>(),
        decl::<SettingChange>(),
        decl::<SignInRequest>(),
        decl::<SignInResult>(),
        decl::<SyncStatus>(),
        decl::<Changed>(),
        decl::<ImportProgress>(),
        decl::<Navigate>(),
    ];
    let mut out = String::from(
        "// GENERATED from the Rust types by kith-desktop (src-tauri/src/bindings.rs); do not edit.\n\
         // Regenerate: KITH_UPDATE_BINDINGS=1 cargo test --workspace --test bindings\n\n\
         import { invoke } from \"@tauri-apps/api/core\";\n\n",
    );
    for t in types {
        out.push_str(&t);
    }
    out.push_str(&format!(
        "\n/** The events the Rust side emits, by name. */\nexport const EVENTS = {{\n  changed: \"{EVENT_CHANGED}\",\n  importProgress: \"{EVENT_IMPORT_PROGRESS}\",\n  syncProgress: \"{EVENT_SYNC_PROGRESS}\",\n  navigate: \"{EVENT_NAVIGATE}\",\n}} as const;\n"
    ));
    out.push_str(
        "\n/** One typed function per IPC command; a failure rejects with an IpcError. */\nexport const commands = {\n",
    );
    let signatures = signatures();
    for c in &signatures {
        match &c.input {
            Some(input) => out.push_str(&format!(
                "  {}: (input: {input}) => invoke<{}>(\"{}\", {{ input }}),\n",
                c.name, c.output, c.name
            )),
            None => out.push_str(&format!(
                "  {}: () => invoke<{}>(\"{}\"),\n",
                c.name, c.output, c.name
            )),
        }
    }
    out.push_str("};\n");
    out.push_str(
        "\n/** Each IPC command's input (undefined for none) and output: what a stand-in backend must answer. */\nexport type Commands = {\n",
    );
    for c in &signatures {
        out.push_str(&format!(
            "  {}: {{ input: {}; output: {} }};\n",
            c.name,
            c.input.as_deref().unwrap_or("undefined"),
            c.output
        ));
    }
    out.push_str("};\n");
    out
}
