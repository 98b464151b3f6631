#!/usr/bin/env bash
# Installs viper-ts as a stranger would: packs it, installs the tarball into an empty project with a fresh
# npm cache exactly as the README's install line says, then checks that `npx viper ask`, `npx viper doctor`
# and an SDK script answer there. With a Node older than 22 on the machine, also checks that installing on
# it stops with the one-line message and that `npx viper` in the checkout still answers (through the
# launcher). Prints what it checks; exits non-zero on the first failure.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
older_node="$(command -v node || true)"
# shellcheck source=node-env.sh
source "$repo/scripts/node-env.sh"

work="$(mktemp -d "${TMPDIR:-/tmp}/viper-install-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export npm_config_cache="$work/npm-cache" npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
project="$work/project"
mkdir -p "$project"
echo '{ "private": true }' > "$project/package.json"

step() { echo "package check: $*"; }
fail() { echo "package check FAILED: $*" >&2; exit 1; }

step "npm pack (builds dist/)"
tarball="$(cd "$repo" && npm pack --silent --pack-destination "$work" | tail -1)"
tarball="$work/$tarball"
[ -f "$tarball" ] || fail "npm pack wrote no tarball"

# The README's install line, with the registry name replaced by the tarball.
install_line="$(grep -E '^npm install viper-ts$' "$repo/README.md" | head -1)"
[ -n "$install_line" ] || fail "README.md has no line 'npm install viper-ts'"
step "${install_line/viper-ts/<tarball>} (Node $(node --version), npm $(npm --version), fresh cache)"
started=$SECONDS
(cd "$project" && ${install_line/viper-ts/$tarball}) > "$work/install.log" 2>&1 || { cat "$work/install.log"; fail "install failed"; }
cat "$work/install.log"
if grep -q "npm warn Unknown" "$work/install.log"; then fail "the install printed an unknown-config warning"; fi
step "installed in $((SECONDS - started)) s; node_modules $(du -sm "$project/node_modules" | cut -f1) MB"

cp "$repo/examples/images/shapes.png" "$project/shapes.png"
answer="$(cd "$project" && npx --no-install viper ask shapes.png "How many red circles are there?")" || fail "npx viper ask failed"
step "npx viper ask shapes.png \"How many red circles are there?\" -> $answer"
[ "$answer" = "3" ] || fail "expected 3"

models_dir="${VIPER_MODELS_DIR:-$repo/../shared/models}"
if [ -f "$models_dir/yolox_nano.onnx" ]; then
  cp "$repo/test/fixtures/coco/val2017/000000005001.jpg" "$project/street.jpg"
  answer="$(cd "$project" && npx --no-install viper ask street.jpg "How many people are there?" --models-dir "$models_dir")" || fail "npx viper ask on a photo failed"
  step "npx viper ask street.jpg \"How many people are there?\" (YOLOX on the installed ONNX Runtime) -> $answer"
  [[ "$answer" =~ ^[0-9]+$ ]] || fail "expected a count"
fi

(cd "$project" && npx --no-install viper doctor) || fail "npx viper doctor reported a failure"

cat > "$project/sdk-check.mjs" <<'EOF'
import { createAgent, createPerception, createRulePlanner } from "viper-ts";

const perception = await createPerception({ detector: "pixels" });
const agent = createAgent({ planner: createRulePlanner(), perception });
const { answer } = await agent.ask("shapes.png", "How many red circles are there?");
await perception.dispose();
console.log(answer);
EOF
answer="$(cd "$project" && node --no-node-snapshot sdk-check.mjs)" || fail "the SDK script failed"
step "SDK script (ESM import from \"viper-ts\") -> $answer"
[ "$answer" = "3" ] || fail "expected 3"

if [ -n "$older_node" ] && [ "$(viper_node_major "$older_node")" -lt 22 ]; then
  older_project="$work/older-node"
  mkdir -p "$older_project"
  echo '{ "private": true }' > "$older_project/package.json"
  older_bin="$(dirname "$older_node")"
  step "the same install on Node $("$older_node" --version) must stop with one line"
  if (cd "$older_project" && PATH="$older_bin:$PATH" ${install_line/viper-ts/$tarball}) > "$work/older.log" 2>&1; then
    cat "$work/older.log"
    fail "the install on an older Node succeeded"
  fi
  grep -E "^npm error viper-ts needs Node.js" "$work/older.log" || { cat "$work/older.log"; fail "no one-line Node message"; }
  # The README's quick start in a checkout: `npx viper` with the older system Node first on PATH (npx links
  # the checkout into its cache and runs its preinstall; the launcher then picks Node 22).
  step "npx viper ask in the checkout with Node $("$older_node" --version) first on PATH"
  answer="$(cd "$repo" && PATH="$older_bin:$PATH" npx viper ask examples/images/shapes.png "How many red circles are there?" 2> "$work/older-npx.log")" \
    || { cat "$work/older-npx.log"; fail "npx viper ask in the checkout failed on Node $("$older_node" --version)"; }
  [ "$answer" = "3" ] || { cat "$work/older-npx.log"; fail "expected 3, got '$answer'"; }
fi
step "ok"
