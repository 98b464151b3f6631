#!/usr/bin/env bash
# Runs a command with a Node >= 22 first on PATH (see node-env.sh), e.g. `scripts/with-node.sh vitest run`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=node-env.sh
source "$here/node-env.sh"
export PATH="$here/../node_modules/.bin:$PATH"
exec "$@"
