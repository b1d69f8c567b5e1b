#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what the tests need (npm packages, the
# Temporal CLI, Debian's Chromium), builds the web app for the browser tests, then runs vitest.
# The tests start their own Temporal dev server, fake Attio, worker and web server on free ports.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

# shellcheck source=scripts/lib/install-deps.sh
source scripts/lib/install-deps.sh
install_node_modules
ensure_chromium
bash scripts/ensure-temporal.sh >/dev/null
npx prisma generate >/dev/null

# Production build of the web app: the browser tests run against `next start`. The build must
# not read a developer's .env or database.
LEADSYNC_SKIP_DOTENV=1 DATABASE_URL="file:/tmp/leadsync-build-unused.db" npx next build web >/tmp/leadsync-next-build.log 2>&1 || {
  cat /tmp/leadsync-next-build.log; exit 1; }

LEADSYNC_SKIP_DOTENV=1 npx vitest run "$@"
