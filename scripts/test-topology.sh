#!/usr/bin/env bash
# `npm run test:topology`: the production topology without Docker (test/topology/). Builds the
# Temporal server v1.29.1 once (scripts/ensure-temporal-server.sh, cached outside the checkout),
# uses the local PostgreSQL cluster scripts/test.sh uses, and builds the web app for `next start`
# unless a build is there already (scripts/test.sh builds it just before).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

# shellcheck source=scripts/lib/install-deps.sh
source scripts/lib/install-deps.sh
install_node_modules
bash scripts/ensure-temporal.sh >/dev/null
bash scripts/ensure-temporal-server.sh >/dev/null
npx prisma generate >/dev/null
npx prisma generate --config prisma/postgres/prisma.config.ts >/dev/null
POSTGRES_URL=${TEST_POSTGRES_URL:-$(ensure_postgres)}
if [ ! -f web/.next/BUILD_ID ]; then
  LEADSYNC_SKIP_DOTENV=1 DATABASE_URL="file:/tmp/leadsync-build-unused.db" \
    npx next build web >/tmp/leadsync-next-build.log 2>&1 || { cat /tmp/leadsync-next-build.log; exit 1; }
fi
echo "leadsync: production topology test (Temporal server v1.29.1 and the app on $POSTGRES_URL)" >&2
start=$(date +%s)
LEADSYNC_SKIP_DOTENV=1 TEST_POSTGRES_URL="$POSTGRES_URL" npx vitest run --config vitest.topology.config.ts "$@"
echo "leadsync: production topology test passed in $(( $(date +%s) - start ))s" >&2
