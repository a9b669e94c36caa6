#!/usr/bin/env bash
# The main job: installs what is missing, builds the tool, and explains every sample document with the
# sample model of its kind (loan-* → Samples/Models/loan-decision, contract-* → Samples/Models/contract-risk),
# writing one PDF dossier and its JSON record per document into the output folder (default: out/), plus the
# applicant's version of the first loan and contract. A document that fails is reported and the batch goes on;
# the exit status is 1 if any failed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=${1:-out}
bash Scripts/setup.sh
swift build -c release --product dossier 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' || true
dossier="$root/.build/release/dossier"
[ -x "$dossier" ] || { echo "error: build failed: $dossier is missing" >&2; exit 1; }
mkdir -p "$out"
failed=0
for document in Samples/Documents/*.txt Samples/Documents/*.md Samples/Documents/*.json Samples/Documents/*.csv; do
    [ -e "$document" ] || continue
    name=$(basename "$document")
    case "$name" in
        loan-*) model=Samples/Models/loan-decision ;;
        contract-*) model=Samples/Models/contract-risk ;;
        *) continue ;;
    esac
    base="$out/${name%.*}.${name##*.}"
    if ! "$dossier" explain "$document" --model "$model" --case-id "SAMPLE-${name%.*}" \
        --out "$base.pdf" --json "$base.json"; then
        failed=1
    fi
done
for document in Samples/Documents/loan-01-letter.txt Samples/Documents/contract-01-nda.txt; do
    name=$(basename "$document" .txt)
    case "$name" in loan-*) model=Samples/Models/loan-decision ;; *) model=Samples/Models/contract-risk ;; esac
    "$dossier" explain "$document" --model "$model" --case-id "SAMPLE-$name" --audience applicant \
        --out "$out/$name.applicant.pdf" >/dev/null || failed=1
done
echo "dossiers written to $out/"
exit $failed
