#!/usr/bin/env bash
# Sets up what is missing (Debian/Ubuntu packages, the UI's npm packages), builds Kith and opens
# the desktop app on the default database (~/.local/share/kith/kith.db, or $KITH_DB). The `kith`
# command line is built beside it: target/release/kith --help lists every command.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prereqs.sh
kith_install_prereqs
kith_build_ui
cargo build --release --locked -p kith-desktop -p kith-cli
exec target/release/kith-desktop "$@"
