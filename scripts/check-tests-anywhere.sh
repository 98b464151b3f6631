#!/usr/bin/env bash
# Runs `npm test` as someone who just cloned viper-ts: a clone of the committed files with no ../shared
# beside it and VIPER_MODELS_DIR unset. Tests needing a model file must skip (one line each, printed here),
# everything else must pass, and no test may write beside the clone. Exits non-zero unless 0 failed.
set -uo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/viper-clone-check.XXXXXX")"
log="$(mktemp "${TMPDIR:-/tmp}/viper-clone-check.XXXXXX.log")"
trap 'rm -rf "$work" "$log"' EXIT
git clone --quiet --no-hardlinks "$repo" "$work/viper-ts" || { echo "tests anywhere: cannot clone $repo" >&2; exit 1; }
# The locked dependencies the checkout installed: `npm ci` in the clone would install the same files again.
ln -s "$repo/node_modules" "$work/viper-ts/node_modules"
echo "tests anywhere: npm test in a clone at $work/viper-ts (no ../shared, VIPER_MODELS_DIR unset)"
(cd "$work/viper-ts" && env -u VIPER_MODELS_DIR -u VIPER_TEST_REQUIRE_ALL -u VIPER_SHARED_DIR npm test) > "$log" 2>&1
status=$?
plain="$(sed 's/\x1b\[[0-9;]*m//g' "$log")"
grep -E '^skipped "' <<< "$plain" | sort -u
summary="$(grep -E '^ +Tests +' <<< "$plain" | tail -1)"
count() { grep -oE "[0-9]+ $1" <<< "$summary" | grep -oE '[0-9]+' || echo 0; }
beside="$(ls -A "$work" | grep -v '^viper-ts$' || true)"
echo "tests anywhere: $(count passed) passed, $(count failed) failed, $(count skipped) skipped"
if [ -n "$beside" ]; then
  echo "tests anywhere FAILED: tests wrote beside the clone: $beside" >&2
  exit 1
fi
if [ "$status" -ne 0 ] || [ "$(count failed)" != "0" ] || [ -z "$summary" ]; then
  grep -E -A12 '^ FAIL ' <<< "$plain" | head -200
  echo "tests anywhere FAILED (npm test exit $status)" >&2
  exit 1
fi
