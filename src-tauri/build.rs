//! The desktop app's build script: tauri-build with the app's command list.

// Declares the app's own commands so capabilities must grant each one the window uses
// (capabilities/main.json); a command left out of both cannot be called from the page. The
// names come from the one declaration of the commands (src/commands/declared.rs).
include!("src/command_names.rs");

const DECLARED: &str = "src/commands/declared.rs";

fn main() {
    println!("cargo:rerun-if-changed={DECLARED}");
    let source = std::fs::read_to_string(DECLARED).expect("read src/commands/declared.rs");
    let names = declared_command_names(&source).unwrap_or_else(|e| panic!("{DECLARED}: {e}"));
    let names: Vec<&'static str> = names
        .into_iter()
        .map(|n| &*Box::leak(n.into_boxed_str()))
        .collect();
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(Box::leak(names.into()))),
    )
    .expect("tauri build script");
}
