"""Writes Tests/Fixtures/models/minilm-head/: all-MiniLM-L6-v2 with a seeded random 3-label head.

Committed files: config.json (BertForSequenceClassification, id2label approve/refer/decline),
head.safetensors (classifier.weight [3, 384], classifier.bias [3], F32) and model.safetensors.index.json,
a Hugging Face sharded-checkpoint index mapping the head tensors to head.safetensors and every tensor of the
base file (named as in the base file, without the `bert.` prefix) to base.safetensors.

A test assembles a directory from these files plus `base.safetensors` -> the cached base model.safetensors and
the base tokenizer files; `assemble` below does the same, and `load_model` builds the classifier from the two
weight files directly.

Usage: python3 Scripts/reference/minilm_head.py
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from reference_common import ID2LABEL, LABEL2ID, MODELS, require_base_model, seed_everything, write_json

import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file
from transformers import BertConfig, BertForSequenceClassification

NAME = "minilm-head"
DIRECTORY = MODELS / NAME
HEAD_STD = 0.5
TOKENIZER_FILES = ["tokenizer.json", "vocab.txt", "tokenizer_config.json"]
PROBE_TEXT = "The applicant has a stable income and asks for a loan to expand her bakery."


def load_model(directory: Path = DIRECTORY, base: Path | None = None) -> BertForSequenceClassification:
    """Builds the classifier from config.json, the base model.safetensors (prefixed `bert.`) and head.safetensors.

    Every tensor the model expects must be present in one of the two files; `embeddings.position_ids`
    (a buffer the base file carries) is ignored.
    """
    base = base or require_base_model()
    config = BertConfig.from_pretrained(str(directory))
    config._attn_implementation = "eager"
    model = BertForSequenceClassification(config)
    state = {"bert." + name: tensor for name, tensor in load_file(str(base / "model.safetensors")).items()}
    state.update(load_file(str(directory / "head.safetensors")))
    state.pop("bert.embeddings.position_ids", None)
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [name for name in missing if not name.endswith(("position_ids", "token_type_ids"))]
    if missing or unexpected:
        raise AssertionError(f"minilm-head: missing {missing}, unexpected {unexpected}")
    return model.float().eval()


def assemble(target: Path, base: Path) -> None:
    """Lays out a loadable directory the way the Swift test does (symlinks to the cached base files)."""
    for name in ("config.json", "head.safetensors", "model.safetensors.index.json"):
        shutil.copy(DIRECTORY / name, target / name)
    os.symlink(base / "model.safetensors", target / "base.safetensors")
    for name in TOKENIZER_FILES:
        os.symlink(base / name, target / name)


def logits_of(model, tokenizer, text: str) -> torch.Tensor:
    encoded = tokenizer(text, return_tensors="pt", truncation=True, max_length=512)
    with torch.no_grad():
        return model(input_ids=encoded["input_ids"], attention_mask=encoded["attention_mask"]).logits[0]


def main() -> None:
    from transformers import AutoTokenizer

    seed_everything(0)
    base = require_base_model()
    model = BertForSequenceClassification.from_pretrained(
        str(base),
        num_labels=3,
        id2label=ID2LABEL,
        label2id=LABEL2ID,
        attn_implementation="eager",
        dtype=torch.float32,
    ).eval()
    torch.manual_seed(0)
    with torch.no_grad():
        model.classifier.weight.normal_(0.0, HEAD_STD)
        model.classifier.bias.normal_(0.0, HEAD_STD)

    shutil.rmtree(DIRECTORY, ignore_errors=True)
    DIRECTORY.mkdir(parents=True)
    model.config.architectures = ["BertForSequenceClassification"]
    model.config.save_pretrained(str(DIRECTORY))
    head = {
        "classifier.weight": model.classifier.weight.detach().clone().contiguous(),
        "classifier.bias": model.classifier.bias.detach().clone().contiguous(),
    }
    save_file(head, str(DIRECTORY / "head.safetensors"), metadata={"format": "pt"})

    weight_map: dict[str, str] = {}
    total = 0
    with safe_open(str(base / "model.safetensors"), "pt") as handle:
        for name in handle.keys():
            tensor = handle.get_tensor(name)
            weight_map[name] = "base.safetensors"
            total += tensor.numel() * tensor.element_size()
    for name, tensor in head.items():
        weight_map[name] = "head.safetensors"
        total += tensor.numel() * tensor.element_size()
    index = {"metadata": {"total_size": total}, "weight_map": dict(sorted(weight_map.items()))}
    write_json(DIRECTORY / "model.safetensors.index.json", index)

    # Verification: the two-file build and (if transformers can) the assembled directory give the same logits.
    tokenizer = AutoTokenizer.from_pretrained(str(base))
    reference = logits_of(model, tokenizer, PROBE_TEXT)
    rebuilt = logits_of(load_model(DIRECTORY, base), tokenizer, PROBE_TEXT)
    difference = (reference - rebuilt).abs().max().item()
    if difference > 1e-6:  # BLAS kernels may differ in the last bits with the buffers' memory alignment
        raise AssertionError(f"minilm-head: two-file build differs from the in-memory model by {difference}")
    print(f"minilm-head: logits {reference.tolist()}; two-file build max |diff| = {difference}")
    with tempfile.TemporaryDirectory() as temporary:
        target = Path(temporary)
        assemble(target, base)
        try:
            loaded = BertForSequenceClassification.from_pretrained(
                str(target), attn_implementation="eager", dtype=torch.float32
            ).eval()
            assembled = logits_of(loaded, tokenizer, PROBE_TEXT)
            difference = (reference - assembled).abs().max().item()
            print(f"minilm-head: assembled sharded directory via from_pretrained, max |diff| = {difference}")
        except Exception as error:  # noqa: BLE001 - report and rely on the two-file build
            print(f"minilm-head: from_pretrained on the assembled directory failed ({type(error).__name__}: {error})")


if __name__ == "__main__":
    main()
