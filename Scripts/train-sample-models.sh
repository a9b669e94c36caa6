#!/usr/bin/env bash
# Reproduces the two shipped sample classifiers (Samples/Models/loan-decision and contract-risk): generates the
# training corpora, fine-tunes all-MiniLM-L6-v2 in Swift, and evaluates each model on 200 held-out documents
# generated with other seeds. Takes about 20–40 minutes per model on 2 CPU cores. Writes into a work folder
# (default .cache/training); copy a model into Samples/Models only when the corpus generator has changed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work=${1:-.cache/training}
bash Scripts/setup.sh
swift build -c release --product dossier 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' || true
dossier=.build/release/dossier
mkdir -p "$work"

train() {  # kind, training seed, evaluation seed
    local kind=$1 seed=$2 evaluation_seed=$3
    "$dossier" corpus --kind "$kind" --count 3000 --seed "$seed" --facts-within 150 --out "$work/$kind-corpus"
    "$dossier" train "$work/$kind-corpus/corpus.jsonl" --epochs 1 --batch-size 16 --max-length 256 \
        --learning-rate 1e-4 --head-learning-rate 1e-3 --precision f16 --seed 7 --out "$work/$kind-model"
    "$dossier" corpus --kind "$kind" --count 200 --seed "$evaluation_seed" --out "$work/$kind-evaluation"
    "$dossier" evaluate "$work/$kind-evaluation/corpus.jsonl" --model "$work/$kind-model" --count 200 \
        --json "$work/$kind-model/evaluation.json"
}

train loan 101 9001
train contract 202 9002
echo "models in $work/loan-model and $work/contract-model"
