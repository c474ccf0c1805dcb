#!/usr/bin/env bash
# Copies the screenshots the app's end-to-end test took (target/screenshots/, see
# tests/tests/app.rs) into docs/screenshots/, where the README shows them. Run it after
#   xvfb-run -a cargo test --workspace --test app
#   usage: scripts/update-screenshots.sh [SOURCE_DIR]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
from=${1:-$root/target/screenshots}
to=$root/docs/screenshots

# The main views, in the order the README shows them.
chosen=(dashboard plan-board plan-timeline meetings risks budget workload log history conflicts sync-conflict-notice)

if ! compgen -G "$from/*.png" >/dev/null; then
    echo "update-screenshots: no screenshots in $from; run the app test under xvfb-run first" >&2
    exit 1
fi
mkdir -p "$to"
missing=0
for name in "${chosen[@]}"; do
    if [ -f "$from/$name.png" ]; then
        cp "$from/$name.png" "$to/$name.png"
        echo "update-screenshots: $to/$name.png"
    else
        echo "update-screenshots: $from/$name.png is missing (did its test fail?)" >&2
        missing=1
    fi
done
exit $missing
