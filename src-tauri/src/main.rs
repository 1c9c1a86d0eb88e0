//! `kith-desktop`: the binary that runs the desktop app of the kith_desktop library.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[global_allocator]
static ALLOCATOR: kith_core::Allocator = kith_core::Allocator;

fn main() {
    kith_desktop::run();
}
