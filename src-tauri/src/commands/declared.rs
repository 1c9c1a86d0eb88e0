//! Every IPC command of the window, declared once: `name(Input) -> Output = function;`.
//!
//! Adding a command here is the whole of exposing it: the handler, the `allow-NAME`
//! permission and its grant in `capabilities/main.json`, the typed function in
//! `ui/src/lib/bindings.ts` and the demo backend's obligation all follow from this list (the
//! guard tests in `tests/bindings.rs` say what to regenerate). Keep one command per line: the
//! build script reads the names from this file's text.

use kith_core::contacts::{
    BulkEdit, Contact, ContactChanges, ContactDetail, ContactPage, ContactQuery, Facets,
};
use kith_core::export::ExportFormat;
use kith_core::followups::FollowUp;
use kith_core::ids::{ContactId, FollowUpId, InteractionId};
use kith_core::import::{ImportPreview, ImportReport};
use kith_core::interactions::{Interaction, InteractionFilter};
use kith_core::rules::Dashboard;
use kith_core::settings::{Setting, SettingEntry};
use kith_core::store::RebuildReport;
use kith_core::sync::run::SyncReport;
use kith_core::sync::sign_in::{SignInRequest, SignInResult};

use super::{account, contacts, files, records};
use crate::ipc::*;

crate::declare_commands! {
    app_info() -> AppInfo = super::app_info;
    dashboard() -> Dashboard = super::dashboard;
    contact_list(ContactQuery) -> ContactPage = contacts::list;
    contact_facets() -> Facets = contacts::facets;
    contact_get(ContactId) -> ContactDetail = contacts::get;
    contact_create(ContactChanges) -> Contact = contacts::create;
    contact_update(ContactUpdate) -> Contact = contacts::update;
    contact_keep_value(KeepValue) -> Contact = contacts::keep_value;
    contacts_edit(BulkEdit) -> u32 = contacts::edit_all;
    contacts_delete(Vec<ContactId>) -> u32 = contacts::delete_all;
    contacts_restore(Vec<ContactId>) -> u32 = contacts::restore_all;
    interaction_create(NewInteraction) -> Interaction = records::interaction_create;
    interaction_update(InteractionUpdate) -> Interaction = records::interaction_update;
    interaction_list(InteractionFilter) -> Vec<Interaction> = records::interaction_list;
    interaction_delete(InteractionId) -> Interaction = records::interaction_delete;
    interaction_restore(InteractionId) -> Interaction = records::interaction_restore;
    draft_get() -> Option<String> = records::draft_get;
    draft_set(Option<String>) -> () = records::draft_set;
    followup_create(NewFollowUp) -> FollowUp = records::followup_create;
    followup_done(FollowUpId) -> FollowUp = records::followup_done;
    followup_snooze(Snooze) -> FollowUp = records::followup_snooze;
    followup_dismiss(FollowUpId) -> FollowUp = records::followup_dismiss;
    followup_delete(FollowUpId) -> FollowUp = records::followup_delete;
    followup_restore(FollowUpId) -> FollowUp = records::followup_restore;
    import_pick_file() -> Option<String> = files::import_pick_file;
    import_preview(ImportRequest) -> ImportPreview = files::import_preview;
    import_run(ImportRequest) -> ImportReport = files::import_run;
    export_pick_file(ExportFormat) -> Option<String> = files::export_pick_file;
    export_to(ExportRequest) -> u32 = files::export_to;
    backup_to(String) -> () = files::backup_to;
    settings_list() -> Vec<SettingEntry> = account::settings_list;
    settings_set(SettingChange) -> Setting = account::settings_set;
    start_at_login_get() -> bool = account::start_at_login_get;
    start_at_login_set(bool) -> bool = account::start_at_login_set;
    sync_status() -> SyncStatus = account::sync_status;
    sync_sign_in(SignInRequest) -> SignInResult = account::sync_sign_in;
    sync_sign_out() -> () = account::sync_sign_out;
    sync_now() -> SyncReport = account::sync_now;
    rebuild() -> RebuildReport = account::rebuild;
}
