# Installs what Kith needs to build, when it is missing. Sourced by run.sh and test.sh.
# Debian/Ubuntu: system packages through apt-get (as root, or through sudo).

kith_need_min_rust="1.90"
kith_need_min_node="20.19"

kith_as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# rust-toolchain.toml pins the release the machines have installed. rustup names it by number;
# a machine whose rustup installed that same release as `stable` gets the numbered name as a link
# to it, so rustup never tries to download a toolchain (these machines cannot). $1 overrides the
# rustup home (for testing this function).
kith_link_pinned_toolchain() {
    local home=${1:-${RUSTUP_HOME:-$HOME/.rustup}}
    [ -d "$home/toolchains" ] && [ -f rust-toolchain.toml ] || return 0
    command -v rustup >/dev/null 2>&1 || [ -x "$HOME/.cargo/bin/rustup" ] || return 0
    local want host stable
    want=$(sed -n 's/^channel = "\(.*\)"/\1/p' rust-toolchain.toml)
    host=$(RUSTUP_TOOLCHAIN=stable rustc -vV 2>/dev/null | sed -n 's/^host: //p')
    [ -n "$want" ] && [ -n "$host" ] || return 0
    [ -e "$home/toolchains/$want-$host" ] && return 0
    stable=$(RUSTUP_TOOLCHAIN=stable rustc --version 2>/dev/null | awk '{print $2}')
    if [ "$stable" = "$want" ] && [ -d "$home/toolchains/stable-$host" ]; then
        echo "kith: naming the installed Rust $want (stable) as rust-toolchain.toml does" >&2
        ln -s "$home/toolchains/stable-$host" "$home/toolchains/$want-$host"
    fi
}

kith_install_prereqs() {
    kith_link_pinned_toolchain
    # dbus and gnome-keyring: the sync tests keep secrets in a real Secret Service. The rest:
    # the desktop app (Tauri 2 on WebKitGTK, the tray) and its end-to-end tests (Xvfb,
    # WebKitWebDriver).
    local packages=(build-essential pkg-config ca-certificates dbus dbus-x11 gnome-keyring
        libssl-dev libxdo-dev libwebkit2gtk-4.1-dev libjavascriptcoregtk-4.1-dev libsoup-3.0-dev
        libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev libdbus-1-dev
        xvfb xauth webkit2gtk-driver at-spi2-core fonts-dejavu-core)
    local missing=()
    for p in "${packages[@]}"; do
        dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
    done
    command -v cargo >/dev/null 2>&1 || missing+=(cargo rustc)
    if [ ${#missing[@]} -gt 0 ]; then
        echo "kith: installing ${missing[*]}" >&2
        kith_as_root apt-get update -qq
        kith_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
    fi
    if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
        export PATH="$HOME/.cargo/bin:$PATH"
    fi
    local have
    have=$(rustc --version | awk '{print $2}')
    if [ "$(printf '%s\n%s\n' "$kith_need_min_rust" "$have" | sort -V | head -n1)" != "$kith_need_min_rust" ]; then
        echo "kith: Rust $have is too old; Kith needs $kith_need_min_rust or newer (rustup.rs installs it)." >&2
        exit 1
    fi
    if ! command -v node >/dev/null 2>&1; then
        echo "kith: installing nodejs npm" >&2
        kith_as_root apt-get update -qq
        kith_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
    fi
    have=$(node --version | tr -d v)
    if [ "$(printf '%s\n%s\n' "$kith_need_min_node" "$have" | sort -V | head -n1)" != "$kith_need_min_node" ]; then
        echo "kith: Node.js $have is too old; the desktop UI builds with Node $kith_need_min_node or newer (nodejs.org)." >&2
        exit 1
    fi
}

# cargo-machete, the unused-dependency check of scripts/test.sh, pinned so its verdicts do not
# change under us (a minute to build, once).
kith_install_cargo_machete() {
    export PATH="$HOME/.cargo/bin:$PATH"
    if ! command -v cargo-machete >/dev/null 2>&1; then
        echo "kith: installing cargo-machete" >&2
        cargo install --locked cargo-machete@0.9.2
    fi
}

# Builds the desktop UI (ui/build, embedded in the app binary) from the committed lockfile.
kith_build_ui() {
    if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
        (cd ui && npm ci --no-audit --no-fund)
    fi
    (cd ui && npm run build)
}

# tauri-driver, the WebDriver front of the desktop end-to-end tests (about a minute to build).
kith_install_tauri_driver() {
    if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
        echo "kith: installing tauri-driver" >&2
        cargo install tauri-driver --version '^2' --locked
    fi
    export PATH="$HOME/.cargo/bin:$PATH"
}
