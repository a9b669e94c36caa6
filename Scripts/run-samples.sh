#!/usr/bin/env bash
# The main job: installs what is missing, builds the tool, and explains every sample document with the
# sample model of its kind as two batches (loan-* → Samples/Models/loan-decision into out/loans/,
# contract-* → Samples/Models/contract-risk into out/contracts/): per document a PDF dossier and its JSON record
# under dossiers/, and per batch manifest.jsonl, manifest.csv, index.pdf, SHA256SUMS and a ZIP archive. Also
# writes the applicant's version of the first loan and contract. A document that fails is recorded and the
# batch goes on; the exit status is 1 if any failed.
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
for kind in loan contract; do
    case "$kind" in
        loan) model=Samples/Models/loan-decision folder=loans ;;
        contract) model=Samples/Models/contract-risk folder=contracts ;;
    esac
    # The batch input: one JSONL row per sample document (id, path, case id).
    input="$out/$folder.jsonl"
    : >"$input"
    for document in Samples/Documents/"$kind"-*; do
        name=$(basename "$document")
        printf '{"id": "%s", "path": "%s", "caseId": "SAMPLE-%s"}\n' "$name" "$root/$document" "${name%.*}" >>"$input"
    done
    rm -rf "${out:?}/$folder" "$out/$folder.zip"
    "$dossier" batch "$input" --model "$model" --out "$out/$folder" --archive "$out/$folder.zip" || failed=1
done
for document in Samples/Documents/loan-01-letter.txt Samples/Documents/contract-01-nda.txt; do
    name=$(basename "$document" .txt)
    case "$name" in loan-*) model=Samples/Models/loan-decision ;; *) model=Samples/Models/contract-risk ;; esac
    "$dossier" explain "$document" --model "$model" --case-id "SAMPLE-$name" --audience applicant \
        --out "$out/$name.applicant.pdf" >/dev/null || failed=1
done
echo "dossiers written to $out/loans/, $out/contracts/ (each with index.pdf) and the applicant versions to $out/"
exit $failed
