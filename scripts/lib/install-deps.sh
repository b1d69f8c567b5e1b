# Shared install steps (sourced). Caches live outside the checkout: npm's in ~/.npm, the Temporal
# CLI in ~/.cache/leadsync.

# npm ci when node_modules is missing or was installed from another package-lock.json.
install_node_modules() {
  local stamp=node_modules/.leadsync-lock-hash
  local want
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  echo "leadsync: installing npm dependencies (npm ci)..." >&2
  npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
}

# Debian's Chromium for the browser tests (Playwright's own download does not work offline).
ensure_chromium() {
  local bin=${CHROMIUM_PATH:-/usr/bin/chromium}
  if [ -x "$bin" ] && [ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; then return 0; fi
  echo "leadsync: installing Chromium from Debian's packages..." >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y --no-install-recommends chromium fonts-noto-color-emoji >/dev/null 2>&1 || {
    $sudo apt-get update >/dev/null
    $sudo apt-get install -y --no-install-recommends chromium fonts-noto-color-emoji >/dev/null
  }
  [ -x "$bin" ] || { echo "leadsync: Chromium is not at $bin; set CHROMIUM_PATH." >&2; return 1; }
}

# Runs a command as the `postgres` system user (root: runuser; others: sudo).
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

# Debian's PostgreSQL for the integration suite's PostgreSQL run: a dedicated cluster "leadsync"
# (its own port; the default "main" cluster is left alone), created once, started when stopped,
# with a role that may create databases. Durability is off because it only ever holds throwaway
# test databases. Prints the cluster's URL (database "postgres") on stdout; progress on stderr.
ensure_postgres() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if ! command -v pg_createcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    echo "leadsync: installing PostgreSQL from Debian's packages..." >&2
    $sudo apt-get install -y --no-install-recommends postgresql >/dev/null 2>&1 || {
      $sudo apt-get update >/dev/null
      $sudo apt-get install -y --no-install-recommends postgresql >/dev/null
    }
  fi
  local version
  version=$(ls /usr/lib/postgresql | sort -V | tail -n1)
  if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "leadsync" { found = 1 } END { exit !found }'; then
    echo "leadsync: creating the PostgreSQL $version cluster \"leadsync\"..." >&2
    $sudo pg_createcluster "$version" leadsync \
      -o fsync=off -o synchronous_commit=off -o full_page_writes=off -o max_connections=300 >/dev/null
  fi
  if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "leadsync" && $4 == "online" { found = 1 } END { exit !found }'; then
    $sudo pg_ctlcluster "$version" leadsync start >&2
  fi
  local port
  port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "leadsync" { print $3 }')
  if [ "$(as_postgres psql -p "$port" -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'leadsync'")" != "1" ]; then
    as_postgres psql -p "$port" -q -c "CREATE ROLE leadsync LOGIN CREATEDB PASSWORD 'leadsync'" >&2
  fi
  echo "postgresql://leadsync:leadsync@127.0.0.1:$port/postgres"
}

# Debian's docker-compose (v1), only to validate docker-compose.yml: no Docker engine runs in CI.
ensure_docker_compose() {
  command -v docker-compose >/dev/null 2>&1 && return 0
  echo "leadsync: installing docker-compose from Debian's packages..." >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y --no-install-recommends docker-compose >/dev/null 2>&1 || {
    $sudo apt-get update >/dev/null
    $sudo apt-get install -y --no-install-recommends docker-compose >/dev/null
  }
}

# Debian's Prometheus (with promtool) for the metrics tests: test/integration/metrics-scrape.test.ts
# starts the binary itself on a temp config; the Debian service it installs is never used.
ensure_prometheus() {
  if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then return 0; fi
  echo "leadsync: installing Prometheus from Debian's packages..." >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y --no-install-recommends prometheus >/dev/null 2>&1 || {
    $sudo apt-get update >/dev/null
    $sudo apt-get install -y --no-install-recommends prometheus >/dev/null
  }
}
