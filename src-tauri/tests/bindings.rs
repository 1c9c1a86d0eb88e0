//! The committed TypeScript bindings match the Rust types and the command list.

use std::path::Path;

#[test]
fn bindings_are_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings.ts");
    let generated = kith_desktop::bindings::typescript();
    if std::env::var_os("KITH_UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &generated).expect("write bindings.ts");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is stale: run `KITH_UPDATE_BINDINGS=1 cargo test -p kith-desktop --test bindings` and commit it",
        path.display()
    );
}

#[test]
fn every_command_is_declared_once_and_bound() {
    let mut bound = kith_desktop::bindings::command_names();
    let mut declared = kith_desktop::COMMAND_NAMES.to_vec();
    bound.sort_unstable();
    declared.sort_unstable();
    assert_eq!(bound, declared);
    declared.dedup();
    assert_eq!(declared.len(), kith_desktop::COMMAND_NAMES.len());
}

#[test]
fn the_window_is_granted_exactly_the_declared_commands() {
    let caps: serde_json::Value = serde_json::from_str(include_str!("../capabilities/main.json"))
        .expect("capabilities/main.json is JSON");
    let mut granted: Vec<String> = caps["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .filter_map(|p| p.as_str())
        .filter_map(|p| p.strip_prefix("allow-"))
        .map(|p| p.replace('-', "_"))
        .collect();
    let mut declared: Vec<String> = kith_desktop::COMMAND_NAMES
        .iter()
        .map(|s| s.to_string())
        .collect();
    granted.sort();
    declared.sort();
    assert_eq!(granted, declared);
    // Nothing beyond events: no shell, HTTP, filesystem or dialog permission for the page.
    for p in caps["permissions"].as_array().unwrap() {
        let p = p.as_str().unwrap();
        assert!(
            p.starts_with("allow-") || p.starts_with("core:event:"),
            "unexpected permission {p}"
        );
    }
}
