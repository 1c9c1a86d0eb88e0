# Installs what Kith needs to build, when it is missing. Sourced by run.sh and test.sh.
# Debian/Ubuntu: system packages through apt-get (as root, or through sudo).

kith_need_min_rust="1.88"

kith_as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

kith_install_prereqs() {
    # dbus and gnome-keyring: the sync tests keep secrets in a real Secret Service.
    local packages=(build-essential pkg-config ca-certificates dbus gnome-keyring)
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
}
