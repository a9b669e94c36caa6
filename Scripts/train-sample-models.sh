#!/usr/bin/env bash
# Reproduces the two shipped sample classifiers (Samples/Models/loan-decision and contract-risk): generates the
# training corpora, fine-tunes all-MiniLM-L6-v2 in Swift, and evaluates each model on 200 held-out documents
# generated with other seeds. Two rounds of one epoch each, on fresh documents, the second continuing from the
# first (the head kept). Takes about 40–50 minutes per model on 2 idle CPU cores. Writes into a work folder
# (default .cache/training); copy a model into Samples/Models only when the corpus generator has changed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work=${1:-.cache/training}
bash Scripts/setup.sh
swift build -c release --product dossier 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' || true
dossier=.build/release/dossier
mkdir -p "$work"

train() {  # kind, first-round seed, second-round seed, evaluation seed
    local kind=$1 first=$2 second=$3 evaluation=$4
    "$dossier" corpus --kind "$kind" --count 3000 --seed "$first" --facts-within 150 --out "$work/$kind-corpus-1"
    "$dossier" train "$work/$kind-corpus-1/corpus.jsonl" --epochs 1 --batch-size 16 --max-length 256 \
        --learning-rate 1e-4 --head-learning-rate 1e-3 --precision f16 --seed 7 --out "$work/$kind-round-1"
    "$dossier" corpus --kind "$kind" --count 3000 --seed "$second" --facts-within 150 --out "$work/$kind-corpus-2"
    "$dossier" train "$work/$kind-corpus-2/corpus.jsonl" --base "$work/$kind-round-1" --epochs 1 --batch-size 16 \
        --max-length 256 --learning-rate 8e-5 --head-learning-rate 3e-4 --precision f16 --seed 8 \
        --out "$work/$kind-model"
    "$dossier" corpus --kind "$kind" --count 200 --seed "$evaluation" --out "$work/$kind-evaluation"
    "$dossier" evaluate "$work/$kind-evaluation/corpus.jsonl" --model "$work/$kind-model" --count 200 \
        --json "$work/$kind-model/evaluation.json"
}

train loan 101 103 9001
train contract 202 204 9002
echo "models in $work/loan-model and $work/contract-model"
