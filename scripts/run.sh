#!/usr/bin/env bash
# Sets up what is missing, builds Kith and opens it on the default database
# (~/.local/share/kith/kith.db, or $KITH_DB). Until the desktop app lands, "opening" Kith means
# showing the dashboard in the terminal; `target/release/kith --help` lists every command.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prereqs.sh
kith_install_prereqs
cargo build --release --locked -p kith-core --bin kith
exec target/release/kith dashboard "$@"
