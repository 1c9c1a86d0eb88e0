#!/usr/bin/env bash
# Fuzzes the CSV and vCard readers with cargo-fuzz (libFuzzer, AddressSanitizer) and prints,
# per target, the executions, the corpus size and the crashes found. A benchmark-style run, not
# part of the test command: `bash scripts/fuzz-import.sh [SECONDS_PER_TARGET]` (default 300, so
# the two targets take 10 minutes). A crash is saved under fuzz/artifacts/<target>/; copy it
# into core/tests/fixtures/fuzz-regressions/<target>/ and `cargo test` replays it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz 0.13.1" >&2
  cargo install cargo-fuzz --version 0.13.1 --locked
fi

# The machine has the stable toolchain only; cargo-fuzz's sanitizer flags are nightly ones.
export RUSTC_BOOTSTRAP=1
cd fuzz
total_crashes=0
for target in csv_reader vcard_reader; do
  mkdir -p "corpus/$target" "artifacts/$target"
  before=$(find "artifacts/$target" -type f | wc -l)
  log=$(mktemp)
  cargo fuzz run "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -print_final_stats=1 \
    >"$log" 2>&1 || true
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  after=$(find "artifacts/$target" -type f | wc -l)
  crashes=$((after - before))
  total_crashes=$((total_crashes + crashes))
  corpus=$(find "corpus/$target" -type f | wc -l)
  printf '%-13s %ss: %s executions (%s/s), corpus %s inputs, %s new crashes\n' \
    "$target" "$seconds" "$runs" "$speed" "$corpus" "$crashes"
  if [ "$crashes" -gt 0 ]; then
    grep -A20 -m1 'ERROR: libFuzzer\|panicked at' "$log" >&2 || true
  fi
  rm -f "$log"
done
echo "crashes: $total_crashes"
