#!/usr/bin/env bash
# Installs, on Debian, what building and testing Tandem needs and the machine lacks: make, node and
# npm, the Tauri 2 build libraries (WebKitGTK 4.1 and friends), and for the app's end-to-end tests
# WebKitWebDriver, Xvfb and ImageMagick (screenshots). Packages already installed are skipped, so
# running it again does nothing. Used by `make run` and `.ci/run`.
set -euo pipefail

packages=(make nodejs npm build-essential pkg-config file libssl-dev libwebkit2gtk-4.1-dev libxdo-dev
    librsvg2-dev xvfb xauth webkit2gtk-driver fonts-dejavu-core imagemagick)
missing=()
for pkg in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# node and npm may come from elsewhere (nodesource, nvm): accept any that are on PATH.
if command -v npm >/dev/null 2>&1; then
    filtered=()
    for pkg in "${missing[@]}"; do
        [[ "$pkg" == nodejs || "$pkg" == npm ]] || filtered+=("$pkg")
    done
    missing=("${filtered[@]+"${filtered[@]}"}")
fi
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
