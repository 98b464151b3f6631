#!/usr/bin/env bash
# One-time setup after `git clone`: a Node >= 22 (installed into a cache folder when the system Node is
# older), then the pinned dependencies from package-lock.json.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/.."
# shellcheck source=node-env.sh
source "$here/node-env.sh"
echo "Using node $(node --version) at $(command -v node)"
npm ci --no-audit --no-fund
