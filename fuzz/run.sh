#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (default 60) and exits non-zero on a crash.
#
#   fuzz/run.sh 60
#
# Stable Rust: cargo-fuzz needs nightly flags (-Zsanitizer, -Cpasses=sancov), so
# RUSTC_BOOTSTRAP=1 lets the stable compiler accept them. AddressSanitizer works this way
# (the stable toolchain ships its runtime); set FUZZ_SANITIZER=none to build without it.
# Install: cargo install cargo-fuzz. Seeds: fuzz/seeds/ (the fixtures split as the targets
# read them: book.toml 0xFF chapter 0xFF glossary 0xFF bibliography). A crash leaves its
# input in fuzz/artifacts/TARGET/; save it under tests/fixtures/fuzz/ with the fix and
# tests/fuzz_regressions.rs replays it.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_EACH="${1:-60}"
SANITIZER="${FUZZ_SANITIZER:-address}"
export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
status=0
for target in front_end whole_build; do
  corpus="corpus/$target"
  mkdir -p "$corpus"
  cp -n seeds/* "$corpus"/ 2>/dev/null || true
  echo "== fuzz $target for ${SECONDS_EACH}s (sanitizer: $SANITIZER)"
  # -timeout: an input taking over 20 s is a hang; -rss_limit_mb: a blow-up is a crash.
  if ! cargo fuzz run -O --sanitizer "$SANITIZER" "$target" "$corpus" -- \
      -max_total_time="$SECONDS_EACH" -max_len=65536 -timeout=20 -rss_limit_mb=3072 \
      -print_final_stats=1; then
    echo "!! $target crashed: see fuzz/artifacts/$target/"
    status=1
  fi
done
exit $status
