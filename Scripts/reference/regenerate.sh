#!/usr/bin/env bash
# Rewrites every fixture under Tests/Fixtures/models and Tests/Fixtures/attribution from transformers.
# Deterministic: running it twice gives byte-identical files (checked with `git status` after a rerun).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/Scripts/reference"
bash "$root/Scripts/fetch-base-model.sh"
python3 "$here/make_tiny_checkpoints.py"
python3 "$here/make_tiny_electra_xlmr_gpt2.py"
python3 "$here/minilm_head.py"
python3 "$here/forward_fixtures.py"
python3 "$here/forward_fixtures.py" tiny-electra tiny-xlm-roberta tiny-gpt2
python3 "$here/attribution_fixtures.py"
python3 "$here/attribution_fixtures.py" tiny-electra tiny-xlm-roberta tiny-gpt2
python3 "$here/make_tiny_modernbert.py"
python3 "$here/training_fixtures.py"
python3 "$here/deberta_fixtures.py"
echo "fixture bytes: models $(du -sb "$root/Tests/Fixtures/models" | cut -f1), attribution $(du -sb "$root/Tests/Fixtures/attribution" | cut -f1)"
