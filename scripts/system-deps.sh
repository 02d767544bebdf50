#!/usr/bin/env bash
# Debian packages the browser and document tests need: Chromium (driven by
# Playwright; never a downloaded browser build), Noto CJK fonts (else Chinese
# renders as boxes) and poppler's pdftoppm (to look at our PDFs as pictures).
# Installed when we are root, as in CI; otherwise the browser tests are skipped
# with a loud message.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null || need+=(poppler-utils)  # renders our PDFs to PNG in tests
# The CID maps poppler needs to draw the standard Chinese fonts (STSong-Light)
# that our PDFs name without embedding: without them the glyphs are blank.
[ -d /usr/share/poppler/cMap/Adobe-GB1 ] || need+=(poppler-data)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing ${need[*]} with apt-get for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "!!! WARNING: ${need[*]} missing and not root: browser and PDF-picture tests will be SKIPPED. !!!" >&2
fi
