#!/usr/bin/env bash
# The README's screenshots of the real windows, taken under Xvfb (make test installs it):
# the first-run wizard, the login, the users page, the server page, the projector and the
# kiosk, each against a throwaway school server.
#
#   scripts/screenshots.sh [OUT_DIR] [fr|en]      # default: docs/screenshots fr
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/screenshots}
lang=${2:-fr}
py=.venv/bin/python
mkdir -p "$out"
xvfb-run -a -s "-screen 0 1400x900x24" $py -m tests.desktop.core.screenshot "$out" "$lang"
xvfb-run -a -s "-screen 0 1920x1080x24" $py -m tests.desktop.teacher.screenshot "$out/projector.png" "$lang"
xvfb-run -a -s "-screen 0 1920x1080x24" $py -m tests.desktop.kiosk.screenshot "$out/kiosk.png" "$lang"
