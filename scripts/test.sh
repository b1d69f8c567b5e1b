#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what the tests need (npm packages, the
# Temporal CLI, Debian's Chromium, PostgreSQL, docker-compose and Prometheus), type-checks, lints
# and checks the dependency direction, checks the Prometheus rules, validates docker-compose.yml,
# builds the web app for the browser tests, then runs vitest twice: everything on SQLite (the
# PostgreSQL-specific tests use the local PostgreSQL too), then the integration suite with every
# test database on PostgreSQL, and finally the production-topology test (scripts/test-topology.sh).
# The tests start their own Temporal server, fake Attio, workers and web server on free ports.
# Arguments go to both vitest runs (the second run defaults to test/integration) and skip the
# topology test.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

# shellcheck source=scripts/lib/install-deps.sh
source scripts/lib/install-deps.sh
install_node_modules
ensure_chromium
ensure_docker_compose
ensure_prometheus
bash scripts/ensure-temporal.sh >/dev/null
npx prisma generate >/dev/null
npx prisma generate --config prisma/postgres/prisma.config.ts >/dev/null
POSTGRES_URL=$(ensure_postgres)

# Static checks first, they take seconds: types over the whole repo, lint and format (Biome), and
# the one-way dependency rule (dependency-cruiser).
echo "leadsync: tsc, biome, dependency-cruiser" >&2
npx tsc --noEmit -p .
npm run --silent lint
# The alert rules (docs/operations.md) parse, and their unit tests (fixed series, expected alerts) pass.
promtool check rules ops/prometheus/leadsync-rules.yml >/dev/null
promtool check config ops/prometheus/prometheus.example.yml >/dev/null
promtool test rules ops/prometheus/leadsync-rules.test.yml >/dev/null

# The compose file is validated, not run: no Docker engine here. .env.example stands in for .env.
POSTGRES_PASSWORD=compose-config-check LEADSYNC_PASSWORD=compose-config-check \
  LEADSYNC_SESSION_SECRET=compose-config-check-secret-0123456789abcdef LEADSYNC_ENV_FILE=.env.example \
  docker-compose --env-file .env.example -f docker-compose.yml config -q

# Production build of the web app: the browser tests run against `next start`. The build must
# not read a developer's .env or database. It sees a canary ATTIO_API_KEY, which
# test/integration/secrets.test.ts then looks for in everything the build serves to browsers.
export LEADSYNC_BUILD_CANARY_KEY="attio_build_canary_$(date +%s)_$RANDOM"
LEADSYNC_SKIP_DOTENV=1 DATABASE_URL="file:/tmp/leadsync-build-unused.db" ATTIO_API_KEY="$LEADSYNC_BUILD_CANARY_KEY" \
  npx next build web >/tmp/leadsync-next-build.log 2>&1 || { cat /tmp/leadsync-next-build.log; exit 1; }

echo "leadsync: vitest on SQLite (PostgreSQL-only tests on $POSTGRES_URL)" >&2
LEADSYNC_SKIP_DOTENV=1 TEST_POSTGRES_URL="$POSTGRES_URL" npx vitest run "$@"

echo "leadsync: vitest on PostgreSQL (every test database on $POSTGRES_URL)" >&2
whole_suite=$(( $# == 0 ))
if [ $# -eq 0 ]; then set -- test/integration; fi
LEADSYNC_SKIP_DOTENV=1 TEST_DATABASE_URL="$POSTGRES_URL" npx vitest run "$@"

# The production topology (Temporal server v1.29.1 and the app on PostgreSQL, three workers, one
# SIGKILLed): a few minutes, plus about five once to build the server. Whole-suite runs only.
if [ "$whole_suite" -eq 1 ]; then
  TEST_POSTGRES_URL="$POSTGRES_URL" bash scripts/test-topology.sh
fi
