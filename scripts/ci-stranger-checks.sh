#!/usr/bin/env bash
# What CI checks for a stranger besides the main test run (issue 14): the packed package installs and
# answers (check-package-install.sh), and a clone with nothing beside it passes its tests
# (check-tests-anywhere.sh). Runs both, then exits non-zero if either failed.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
status=0
bash "$here/check-package-install.sh" || status=1
bash "$here/check-tests-anywhere.sh" || status=1
exit "$status"
