//! The system tray: the app lives on there when the window is closed.

use tauri::image::Image;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Emitter, Manager};

use crate::ipc::{Navigate, EVENT_NAVIGATE};

const TRAY_LIGHT: &[u8] = include_bytes!("../../icons/tray-light.png");
const TRAY_DARK: &[u8] = include_bytes!("../../icons/tray-dark.png");

/// The tray's menu items, by id.
pub const OPEN: &str = "open";
pub const LOG: &str = "log";
pub const QUIT: &str = "quit";

/// Shows, unminimises and focuses the main window, then asks it to show `route`.
pub fn show(app: &AppHandle, route: Option<&str>) {
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
        QUIT => app.exit(0),
        _ => {}
    }
}

/// The icon drawn for the desktop's colour scheme: dark glyphs on a light panel, light on dark.
fn icon(dark_panel: bool) -> tauri::Result<Image<'static>> {
    Image::from_bytes(if dark_panel { TRAY_DARK } else { TRAY_LIGHT })
}

pub fn install(app: &AppHandle) -> tauri::Result<()> {
    let menu = Menu::with_items(
        app,
        &[
            &MenuItem::with_id(app, LOG, "Log a note…", true, None::<&str>)?,
            &MenuItem::with_id(app, OPEN, "Open Kith", true, None::<&str>)?,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(app, QUIT, "Quit", true, None::<&str>)?,
        ],
    )?;
    let dark = app
        .get_webview_window("main")
        .and_then(|w| w.theme().ok())
        .is_some_and(|t| t == tauri::Theme::Dark);
    TrayIconBuilder::with_id("kith")
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
