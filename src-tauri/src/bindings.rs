//! `ui/src/lib/bindings.ts`, generated from the Rust types: every type a command takes or
//! returns, every event payload, and one typed function per command. The test
//! `bindings_are_current` fails when the committed file differs; `KITH_UPDATE_BINDINGS=1 cargo
//! test -p kith-desktop --test bindings` rewrites it.

use kith_core::birthday::Birthday;
use kith_core::contacts::{
    Address, Background, BackgroundChanges, Contact, ContactChanges, ContactSort, ContactStatus,
    Count, CustomField, Email, Facets, FieldConflict, Phone, SocialLink,
};
use kith_core::export::ExportFormat;
use kith_core::followups::{FollowUp, FollowUpStatus};
use kith_core::ids::{ContactId, FollowUpId, InteractionId};
use kith_core::import::model::{Format, RowError};
use kith_core::import::{ImportPreview, ImportReport, PreviewRow};
use kith_core::interactions::{Interaction, InteractionKind};
use kith_core::rules::{Dashboard, DueFollowUp, ReachOut, RecentInteraction, UpcomingBirthday};
use kith_core::settings::{Setting, SettingEntry};
use kith_core::store::{HistoryEntry, RebuildReport};
use kith_core::sync::account::Account;
use kith_core::sync::run::SyncReport;
use kith_core::time::Timestamp;
use ts_rs::{Config, TS};

use crate::ipc::*;

fn cfg() -> Config {
    // Every integer the IPC carries fits a JavaScript number.
    Config::new().with_large_int("number")
}

fn decl<T: TS>() -> String {
    format!("export {}\n", T::decl(&cfg()))
}

fn name<T: TS + ?Sized>() -> String {
    T::name(&cfg())
}

/// One command: its name, its input type (if any) and its result type.
struct Command {
    name: &'static str,
    input: Option<String>,
    output: String,
}

fn cmd<I: TS, O: TS>(name: &'static str) -> Command {
    Command {
        name,
        input: Some(self::name::<I>()),
        output: self::name::<O>(),
    }
}

fn cmd0<O: TS>(name: &'static str) -> Command {
    Command {
        name,
        input: None,
        output: self::name::<O>(),
    }
}

fn commands() -> Vec<Command> {
    vec![
        cmd0::<AppInfo>("app_info"),
        cmd0::<Dashboard>("dashboard"),
        cmd::<ContactQuery, ContactPage>("contact_list"),
        cmd0::<Facets>("contact_facets"),
        cmd::<String, ContactDetail>("contact_get"),
        cmd::<ContactChanges, Contact>("contact_create"),
        cmd::<ContactUpdate, Contact>("contact_update"),
        cmd::<KeepValue, Contact>("contact_keep_value"),
        cmd::<BulkEdit, u32>("contacts_edit"),
        cmd::<Vec<String>, u32>("contacts_delete"),
        cmd::<Vec<String>, u32>("contacts_restore"),
        cmd::<NewInteraction, Interaction>("interaction_create"),
        cmd::<String, Interaction>("interaction_delete"),
        cmd::<String, Interaction>("interaction_restore"),
        cmd0::<Option<String>>("draft_get"),
        cmd::<Option<String>, ()>("draft_set"),
        cmd::<NewFollowUp, FollowUp>("followup_create"),
        cmd::<String, FollowUp>("followup_done"),
        cmd::<Snooze, FollowUp>("followup_snooze"),
        cmd::<String, FollowUp>("followup_dismiss"),
        cmd::<String, FollowUp>("followup_delete"),
        cmd::<String, FollowUp>("followup_restore"),
        cmd0::<Option<String>>("import_pick_file"),
        cmd::<ImportRequest, ImportPreview>("import_preview"),
        cmd::<ImportRequest, ImportReport>("import_run"),
        cmd::<ExportFormat, Option<String>>("export_pick_file"),
        cmd::<ExportRequest, u32>("export_to"),
        cmd::<String, ()>("backup_to"),
        cmd0::<Vec<SettingEntry>>("settings_list"),
        cmd::<SettingChange, Setting>("settings_set"),
        cmd0::<bool>("start_at_login_get"),
        cmd::<bool, bool>("start_at_login_set"),
        cmd0::<SyncStatus>("sync_status"),
        cmd::<SignInRequest, SignInResult>("sync_sign_in"),
        cmd0::<()>("sync_sign_out"),
        cmd0::<SyncReport>("sync_now"),
        cmd0::<RebuildReport>("rebuild"),
    ]
}

/// The names of the commands the bindings offer, for checking against
/// [`crate::COMMAND_NAMES`].
pub fn command_names() -> Vec<&'static str> {
    commands().into_iter().map(|c| c.name).collect()
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
        decl::<FollowUpStatus>(),
        decl::<FollowUp>(),
        decl::<DueFollowUp>(),
        decl::<ReachOut>(),
        decl::<UpcomingBirthday>(),
        decl::<RecentInteraction>(),
        decl::<Dashboard>(),
        decl::<HistoryEntry>(),
        decl::<Format>(),
        decl::<RowError>(),
        decl::<ImportReport>(),
        decl::<PreviewRow>(),
        decl::<ImportPreview>(),
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
         // Regenerate: KITH_UPDATE_BINDINGS=1 cargo test -p kith-desktop --test bindings\n\n\
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
    for c in commands() {
        match c.input {
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
    out
}
