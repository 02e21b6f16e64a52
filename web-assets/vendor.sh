#!/usr/bin/env bash
# Vendor the browser libraries the console uses into src/muni/web/static/vendor/, so the app
# runs offline without npm. Run after changing package.json (then commit package-lock.json and
# the copied files): bash web-assets/vendor.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="$here/../src/muni/web/static/vendor"
cd "$here"
npm ci --ignore-scripts --no-audit --no-fund
mkdir -p "$target"
cp node_modules/chart.js/dist/chart.umd.min.js "$target/chart.umd.min.js"
cp node_modules/chart.js/LICENSE.md "$target/chart.js.LICENSE.md"
# the UMD build bundles @kurkle/color
cp node_modules/@kurkle/color/LICENSE.md "$target/kurkle-color.LICENSE.md"
version="$(node -p 'require("./node_modules/chart.js/package.json").version')"
echo "chart.js $version" > "$target/VERSIONS.txt"
echo "vendored chart.js $version into $target"
