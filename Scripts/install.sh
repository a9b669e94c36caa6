#!/usr/bin/env bash
# Installs the dossier command with its fonts and templates:
#   PREFIX/bin/dossier
#   PREFIX/share/attention-dossier/{Fonts,Templates}
# Usage: bash Scripts/install.sh PREFIX [--binary PATH]   (default PREFIX: /usr/local; without --binary it
# builds the release binary first). The installed binary finds its resources beside itself, from any directory.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
prefix=${1:-/usr/local}
binary=""
if [ "${2:-}" = "--binary" ]; then binary=${3:?--binary needs a path}; fi
if [ -z "$binary" ]; then
    (cd "$root" && swift build -c release --product dossier 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' || true)
    binary="$root/.build/release/dossier"
fi
[ -x "$binary" ] || { echo "error: $binary: no built dossier binary" >&2; exit 1; }
share="$prefix/share/attention-dossier"
mkdir -p "$prefix/bin" "$share"
rm -rf "$share/Fonts.partial" "$share/Templates.partial"
cp -R "$root/Fonts" "$share/Fonts.partial"
cp -R "$root/Templates" "$share/Templates.partial"
rm -rf "$share/Fonts" "$share/Templates"
mv "$share/Fonts.partial" "$share/Fonts"
mv "$share/Templates.partial" "$share/Templates"
install -m 0755 "$binary" "$prefix/bin/dossier.partial"
mv "$prefix/bin/dossier.partial" "$prefix/bin/dossier"
echo "installed $prefix/bin/dossier with its fonts and templates in $share"
