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
