//! The desktop app's build script: tauri-build with the app's command list.

// Declares the app's own commands so capabilities must grant each one the window uses
// (capabilities/main.json); a command left out of both cannot be called from the page.
include!("src/command_names.rs");

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMAND_NAMES)),
    )
    .expect("tauri build script");
}
