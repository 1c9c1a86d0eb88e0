//! The system tray: the app lives on there when the window is closed.

use tauri::image::Image;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Emitter, Manager};

use std::sync::Mutex;

use chrono_tz::Tz;
use kith_core::reminders::TrayStatus;
use kith_core::time::Timestamp;

use crate::ipc::{Navigate, EVENT_NAVIGATE};

const TRAY_LIGHT: &[u8] = include_bytes!("../../icons/tray-light.png");
const TRAY_DARK: &[u8] = include_bytes!("../../icons/tray-dark.png");

/// The tray's menu items, by id.
pub const OPEN: &str = "open";
pub const LOG: &str = "log";
pub const PAUSE: &str = "pause";
pub const RESUME: &str = "resume";
pub const MORE: &str = "more";
pub const QUIT: &str = "quit";
/// Prefix of a listed follow-up's id; the contact id follows.
pub const CONTACT: &str = "contact:";

/// Shows, unminimises and focuses the main window, then asks it to show `route`.
pub fn show(app: &AppHandle, route: Option<&str>) {
    if app.get_webview_window("main").is_none() {
        // Started hidden at login: the window opens the first time it is asked for.
        if let Err(e) = crate::open_window(app) {
            eprintln!("kith-desktop: the window did not open: {e}");
        }
    }
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.show();
        let _ = w.unminimize();
        let _ = w.set_focus();
    }
    if let Some(route) = route {
        let _ = app.emit(
            EVENT_NAVIGATE,
            Navigate {
                route: route.to_string(),
            },
        );
    }
}

/// What a click on a tray menu item does.
pub fn on_menu(app: &AppHandle, id: &str) {
    match id {
        OPEN => show(app, None),
        LOG => show(app, Some("/?log")),
        MORE => show(app, Some("/")),
        PAUSE => crate::reminders::pause(app, true),
        RESUME => crate::reminders::pause(app, false),
        QUIT => app.exit(0),
        other => {
            if let Some(contact) = other.strip_prefix(CONTACT) {
                show(app, Some(&format!("/contact?id={contact}")));
            }
        }
    }
}

/// The icon drawn for the desktop's colour scheme: dark glyphs on a light panel, light on dark.
fn icon(dark_panel: bool) -> tauri::Result<Image<'static>> {
    Image::from_bytes(if dark_panel { TRAY_DARK } else { TRAY_LIGHT })
}

/// One line of the tray menu.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    Item {
        id: String,
        label: String,
    },
    /// A line that says something but does nothing (the "nothing due" line).
    Note(String),
    Separator,
}

fn item(id: &str, label: impl Into<String>) -> Entry {
    Entry::Item {
        id: id.to_string(),
        label: label.into(),
    }
}

/// The menu for `status`: today's due follow-ups (each opens its contact), then the app's
/// commands. `paused` is when a pause ends, if reminders are paused.
pub fn entries(status: &TrayStatus, paused: Option<Timestamp>, tz: Tz) -> Vec<Entry> {
    let mut out = Vec::new();
    for (i, f) in status.follow_ups.iter().enumerate() {
        let when = if i < status.overdue {
            "overdue".to_string()
        } else {
            let at = f.follow_up.effective_at().to_utc().with_timezone(&tz);
            at.format("%H:%M").to_string()
        };
        out.push(item(
            &format!("{CONTACT}{}", f.follow_up.contact_id),
            format!("{} — {when}", f.contact_name),
        ));
    }
    if status.follow_ups_total > status.follow_ups.len() {
        let more = status.follow_ups_total - status.follow_ups.len();
        out.push(item(MORE, format!("{more} more on the dashboard…")));
    }
    if status.follow_ups_total == 0 {
        out.push(Entry::Note("No follow-ups due today".into()));
    }
    out.push(Entry::Separator);
    out.push(item(LOG, "Log a note…"));
    out.push(item(OPEN, "Open Kith"));
    out.push(match paused {
        Some(until) => item(
            RESUME,
            format!(
                "Resume reminders (paused until {})",
                until.to_utc().with_timezone(&tz).format("%H:%M")
            ),
        ),
        None => item(PAUSE, "Pause reminders for 1 hour"),
    });
    out.push(Entry::Separator);
    out.push(item(QUIT, "Quit"));
    out
}

fn build_menu(app: &AppHandle, entries: &[Entry]) -> tauri::Result<Menu<tauri::Wry>> {
    let menu = Menu::new(app)?;
    for e in entries {
        match e {
            Entry::Item { id, label } => menu.append(&MenuItem::with_id(
                app,
                id.as_str(),
                label,
                true,
                None::<&str>,
            )?)?,
            Entry::Note(label) => menu.append(&MenuItem::new(app, label, false, None::<&str>)?)?,
            Entry::Separator => menu.append(&PredefinedMenuItem::separator(app)?)?,
        }
    }
    Ok(menu)
}

/// The menu, tooltip and count last shown, so an unchanged plan does not rebuild them.
static SHOWN: Mutex<Option<(Vec<Entry>, String)>> = Mutex::new(None);

/// Shows `status` in the tray: the menu, the tooltip, and the count beside the icon where the
/// platform draws one.
pub fn refresh(app: &AppHandle, status: &TrayStatus, paused: Option<Timestamp>, tz: Tz) {
    let Some(tray) = app.tray_by_id(TRAY_ID) else {
        return;
    };
    let entries = entries(status, paused, tz);
    let tooltip = match paused {
        Some(_) => format!("{} (reminders paused)", status.tooltip()),
        None => status.tooltip(),
    };
    let mut shown = SHOWN.lock().unwrap_or_else(|p| p.into_inner());
    if shown.as_ref() == Some(&(entries.clone(), tooltip.clone())) {
        return;
    }
    let result = build_menu(app, &entries).and_then(|menu| {
        tray.set_menu(Some(menu))?;
        tray.set_tooltip(Some(&tooltip))?;
        let count = status.total();
        tray.set_title((count > 0).then(|| count.to_string()))
    });
    match result {
        Ok(()) => *shown = Some((entries, tooltip)),
        Err(e) => eprintln!("kith-desktop: updating the tray failed: {e}"),
    }
}

/// The tray icon's id.
pub const TRAY_ID: &str = "kith";

pub fn install(app: &AppHandle) -> tauri::Result<()> {
    let menu = build_menu(app, &entries(&TrayStatus::default(), None, chrono_tz::UTC))?;
    let dark = app
        .get_webview_window("main")
        .and_then(|w| w.theme().ok())
        .is_some_and(|t| t == tauri::Theme::Dark);
    TrayIconBuilder::with_id(TRAY_ID)
        .icon(icon(dark)?)
        .tooltip("Kith")
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| on_menu(app, event.id().as_ref()))
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                show(tray.app_handle(), None);
            }
        })
        .build(app)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use kith_core::followups::{FollowUp, FollowUpStatus};
    use kith_core::ids::{ContactId, FollowUpId};
    use kith_core::rules::DueFollowUp;

    use super::*;

    fn due(name: &str, at: &str) -> DueFollowUp {
        let at = Timestamp::parse_rfc3339(at).unwrap();
        DueFollowUp {
            follow_up: FollowUp {
                id: FollowUpId::new(),
                contact_id: ContactId::new(),
                due_at: at,
                note: None,
                status: FollowUpStatus::Open,
                snoozed_until: None,
                completed_at: None,
                repeat_every_days: None,
                previous_id: None,
                created_at: at,
                updated_at: at,
                deleted_at: None,
            },
            contact_name: name.into(),
        }
    }

    fn labels(entries: &[Entry]) -> Vec<String> {
        entries
            .iter()
            .map(|e| match e {
                Entry::Item { label, .. } | Entry::Note(label) => label.clone(),
                Entry::Separator => "—".into(),
            })
            .collect()
    }

    #[test]
    fn the_menu_lists_todays_follow_ups_then_the_commands() {
        let tz = chrono_tz::Europe::Berlin;
        let status = TrayStatus {
            follow_ups: vec![
                due("Ada", "2027-05-01T09:00:00Z"),
                due("Bob", "2027-05-02T12:30:00Z"),
            ],
            follow_ups_total: 5,
            overdue: 1,
            reach_out: 0,
            birthdays_today: 0,
        };
        let entries = entries(&status, None, tz);
        assert_eq!(
            labels(&entries),
            [
                "Ada — overdue",
                "Bob — 14:30",
                "3 more on the dashboard…",
                "—",
                "Log a note…",
                "Open Kith",
                "Pause reminders for 1 hour",
                "—",
                "Quit"
            ]
        );
        let Entry::Item { id, .. } = &entries[1] else {
            panic!("a follow-up item")
        };
        assert_eq!(
            id,
            &format!("{CONTACT}{}", status.follow_ups[1].follow_up.contact_id)
        );
    }

    #[test]
    fn with_nothing_due_and_reminders_paused_the_menu_says_so() {
        let tz = chrono_tz::Europe::Berlin;
        let until = Timestamp::parse_rfc3339("2027-05-02T10:15:00Z").unwrap();
        let entries = entries(&TrayStatus::default(), Some(until), tz);
        assert_eq!(entries[0], Entry::Note("No follow-ups due today".into()));
        assert!(entries.contains(&item(RESUME, "Resume reminders (paused until 12:15)")));
        assert!(!entries
            .iter()
            .any(|e| matches!(e, Entry::Item { id, .. } if id == PAUSE)));
    }
}
