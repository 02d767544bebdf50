#!/usr/bin/env bash
# Copy the front-end files we serve from their npm packages into static/vendor.
set -euo pipefail
cd "$(dirname "$0")/.."
BOOTSTRAP=5.3.9 ICONS=1.13.2 HTMX=2.0.11 ECHARTS=5.6.0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "bootstrap@$BOOTSTRAP" "bootstrap-icons@$ICONS" "htmx.org@$HTMX" "echarts@$ECHARTS" >/dev/null)
for pkg in "$tmp"/*.tgz; do mkdir -p "${pkg%.tgz}" && tar xzf "$pkg" -C "${pkg%.tgz}"; done
out=static/vendor
mkdir -p "$out/bootstrap" "$out/bootstrap-icons/fonts" "$out/htmx" "$out/echarts"
b="$tmp/bootstrap-$BOOTSTRAP/package"
cp "$b/dist/css/bootstrap.min.css"{,.map} "$b/dist/js/bootstrap.bundle.min.js"{,.map} "$b/LICENSE" "$out/bootstrap/"
i="$tmp/bootstrap-icons-$ICONS/package"
cp "$i/font/bootstrap-icons.min.css" "$i/LICENSE" "$out/bootstrap-icons/"
cp "$i/font/fonts/bootstrap-icons.woff2" "$i/font/fonts/bootstrap-icons.woff" "$out/bootstrap-icons/fonts/"
h="$tmp/htmx.org-$HTMX/package"
cp "$h/dist/htmx.min.js" "$h/LICENSE" "$out/htmx/"
e="$tmp/echarts-$ECHARTS/package"
cp "$e/dist/echarts.min.js" "$e/LICENSE" "$e/NOTICE" "$out/echarts/"
echo "vendored bootstrap $BOOTSTRAP, bootstrap-icons $ICONS, htmx $HTMX, echarts $ECHARTS"
