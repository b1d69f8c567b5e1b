#!/usr/bin/env bash
# Makes the Temporal server (the production server, not the CLI's dev server) and its
# temporal-sql-tool available, built once with `go install ...@v1.29.1` into a cache outside the
# checkout. Prints three lines on stdout: the server binary, the sql tool, and the directory of
# the PostgreSQL schema files from the module source. Idempotent. Progress goes to stderr.
set -euo pipefail

VERSION="v1.29.1"
CACHE_DIR="${LEADSYNC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/leadsync}"
BIN_DIR="$CACHE_DIR/temporal-server-$VERSION"
SERVER="$BIN_DIR/server"
SQL_TOOL="$BIN_DIR/temporal-sql-tool"

if ! command -v go >/dev/null 2>&1; then
  echo "leadsync: Go >= 1.25 is needed to build the Temporal server $VERSION." >&2
  exit 1
fi
mkdir -p "$BIN_DIR"
if [ ! -x "$SERVER" ] || [ ! -x "$SQL_TOOL" ]; then
  echo "leadsync: building the Temporal server $VERSION with go install (a few minutes, once)..." >&2
  start=$(date +%s)
  GOBIN="$BIN_DIR" GOFLAGS="-mod=mod" go install \
    "go.temporal.io/server/cmd/server@$VERSION" "go.temporal.io/server/cmd/tools/sql@$VERSION" >&2
  # go install names the sql tool after its package directory.
  mv "$BIN_DIR/sql" "$SQL_TOOL"
  echo "leadsync: Temporal server built in $(( $(date +%s) - start ))s -> $BIN_DIR" >&2
fi
SCHEMA_DIR="$(go env GOMODCACHE)/go.temporal.io/server@$VERSION/schema/postgresql/v12"
if [ ! -d "$SCHEMA_DIR" ]; then
  # The module source is in the cache after the build; download it if the cache was cleaned.
  (cd "$BIN_DIR" && GOFLAGS="-mod=mod" go mod download "go.temporal.io/server@$VERSION" >&2) || true
fi
if [ ! -d "$SCHEMA_DIR" ]; then
  echo "leadsync: schema files not found at $SCHEMA_DIR" >&2
  exit 1
fi
echo "$SERVER"
echo "$SQL_TOOL"
echo "$SCHEMA_DIR"
