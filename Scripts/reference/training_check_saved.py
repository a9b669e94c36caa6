"""Checks that a checkpoint written by `dossier train` loads in transformers and gives the Swift logits.

Usage: python3 Scripts/reference/training_check_saved.py OUT_DIR

Loads OUT_DIR with `AutoModelForSequenceClassification` and `AutoTokenizer`, then for every sample in
OUT_DIR/training_report.json (text, Swift token ids, Swift logits of the saved checkpoint) checks that the
transformers tokenizer gives the same ids (truncated to the report's max_length) and that the logits agree.
Half-precision checkpoints are upcast to float32, as the Swift engine runs them. Prints the max |Δ|; exits
non-zero above 1e-4 (F32) or 1e-3 (F16) or on any id mismatch.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

import reference_common  # noqa: F401  (quiet logging, environment)


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    directory = Path(sys.argv[1])
    report = json.loads((directory / "training_report.json").read_text(encoding="utf-8"))
    config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
    model = AutoModelForSequenceClassification.from_pretrained(
        directory, attn_implementation="eager", dtype=torch.float32)
    model.eval()
    tokenizer = AutoTokenizer.from_pretrained(directory)
    labels = [model.config.id2label[i] for i in range(model.config.num_labels)]
    if labels != report["labels"]:
        print(f"error: id2label {labels} differs from the report's labels {report['labels']}")
        return 1
    worst = 0.0
    id_mismatches = 0
    for number, sample in enumerate(report["samples"]):
        ids = tokenizer(sample["text"], truncation=True, max_length=report["max_length"])["input_ids"]
        if ids != sample["ids"]:
            id_mismatches += 1
            print(f"sample {number}: transformers ids differ from Swift ids")
        with torch.no_grad():
            logits = model(input_ids=torch.tensor([sample["ids"]])).logits[0]
        delta = (logits.double() - torch.tensor(sample["logits"], dtype=torch.float64)).abs().max().item()
        worst = max(worst, delta)
    tolerance = 1e-3 if config.get("dtype") == "float16" else 1e-4
    print(
        f"{directory}: {len(report['samples'])} samples, architectures {config['architectures']}, "
        f"dtype {config.get('dtype')}, max |Δ logits| = {worst:.3g} (tolerance {tolerance}), "
        f"tokenizer id mismatches: {id_mismatches}")
    return 0 if worst <= tolerance and id_mismatches == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
