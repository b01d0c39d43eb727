#!/usr/bin/env bash
# Chart.js for the static report site, from the npm registry, exactly as pinned in
# reports/package-lock.json. reports.site.build_site copies its UMD bundle into site/assets/,
# so the rendered pages work offline (file://) and on GitHub Pages.
# Idempotent: skips the install when the locked version is already in reports/node_modules.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v npm >/dev/null 2>&1; then
  echo "npm is missing: install Node.js and npm (Debian: apt-get install -y nodejs npm), then rerun scripts/install" >&2
  exit 1
fi

want=$(node -e 'console.log(require("./reports/package-lock.json").packages["node_modules/chart.js"].version)')
have=$(node -e 'try { console.log(require("./reports/node_modules/chart.js/package.json").version) } catch (e) { console.log("") }')
if [ "$want" = "$have" ] && [ -f reports/node_modules/chart.js/dist/chart.umd.min.js ]; then
  echo "chart.js $have already installed"
  exit 0
fi
npm ci --prefix reports --no-audit --no-fund --loglevel=error >/dev/null
echo "chart.js $want installed in reports/node_modules"
