"""Checks the committed fixtures without rewriting them: format, size budget, and agreement with transformers.

For every model: the key set and shapes of expected/attention.safetensors match cases.json, attention rows sum
to 1, and a fresh transformers run reproduces ids, offsets, logits and attention (max |diff| ≤ 1e-5). For every
attribution fixture: the method outputs recomputed from the stored (or recomputed) attention and gradients
match the stored ones, and a fresh float64 gradient matches the stored gradient (relative ≤ 1e-5).
Exits non-zero naming the file, tensor and difference on the first failure.

Usage: python3 Scripts/reference/verify_fixtures.py
"""

from __future__ import annotations

import copy
import json

import attribution_reference as reference
import make_tiny_modernbert
from forward_fixtures import load
from reference_common import ATTRIBUTION, FIXTURES, MODELS, TINY_HALF_MODELS, TINY_MODELS, seed_everything

import torch
from safetensors.torch import load_file

# 6.6 MB once families-a and deberta were merged: eight families' tiny checkpoints (BERT with its F16/BF16 copies,
# DistilBERT, RoBERTa, ELECTRA, XLM-RoBERTa, GPT-2, DeBERTa-v3, DeBERTa-v2) plus the Unigram tokenizer.json
# fixtures (XLM-RoBERTa, both DeBERTas) and MiniLM's head; 7.5 MB with the two tiny ModernBERT models (0.83 MB
# together); 9 MB leaves room for a family more.
BUDGET = 9_000_000
TOLERANCE = 1e-5


def close(what: str, got: torch.Tensor, expected: torch.Tensor, relative: bool = False) -> float:
    got, expected = torch.as_tensor(got, dtype=torch.float64), torch.as_tensor(expected, dtype=torch.float64)
    if got.shape != expected.shape:
        raise SystemExit(f"error: {what}: shape {tuple(got.shape)} vs {tuple(expected.shape)}")
    difference = (got - expected).abs().max().item() if got.numel() else 0.0
    if relative:
        difference /= max(expected.abs().max().item(), 1e-30)
    if difference > TOLERANCE:
        raise SystemExit(f"error: {what}: max {'relative ' if relative else ''}difference {difference:.3e}")
    return difference


def verify_forward(name: str) -> None:
    model, tokenizer, _, max_length = load(name)
    expected = MODELS / name / "expected"
    cases = json.loads((expected / "cases.json").read_text(encoding="utf-8"))
    tensors = load_file(str(expected / "attention.safetensors"))
    used, worst = set(), 0.0
    for index, case in enumerate(cases["cases"]):
        where = f"{expected}/case{index} ({case['name']})"
        encoded = tokenizer(case["text"], truncation=True, max_length=max_length, return_offsets_mapping=True)
        if encoded["input_ids"] != case["ids"] or [list(o) for o in encoded["offset_mapping"]] != case["offsets"]:
            raise SystemExit(f"error: {where}: ids or offsets differ from the tokenizer")
        ids = torch.tensor([case["ids"]])
        with torch.no_grad():
            output = model(input_ids=ids, attention_mask=torch.ones_like(ids), output_attentions=True)
        worst = max(worst, close(f"{where} logits", output.logits[0], torch.tensor(case["logits"])))
        for layer, attention in enumerate(output.attentions):
            probabilities = attention[0]
            if case["attention"] == "full":
                key = f"case{index}.layer{layer}.attention"
                worst = max(worst, close(f"{expected}/{key}", probabilities, tensors[key]))
                used.add(key)
            else:
                for suffix, value in (("rows", probabilities[:, case["rows"], :]), ("colsum", probabilities.sum(1))):
                    key = f"case{index}.layer{layer}.attention_{suffix}"
                    worst = max(worst, close(f"{expected}/{key}", value, tensors[key]))
                    used.add(key)
        if f"case{index}.hidden_last" in tensors:
            used.add(f"case{index}.hidden_last")
    batch = cases["batch"]
    ids, mask = torch.tensor(batch["ids"]), torch.tensor(batch["attention_mask"])
    with torch.no_grad():
        logits = model(input_ids=ids, attention_mask=mask).logits
    worst = max(worst, close(f"{expected} batch logits", logits, torch.tensor(batch["logits"])))
    if set(tensors) != used:
        raise SystemExit(f"error: {expected}/attention.safetensors: unexpected tensors {sorted(set(tensors) - used)}")
    print(f"{name}: forward fixtures reproduce, max |diff| {worst:.1e}")


def verify_attribution(name: str) -> None:
    model32, _, _, _ = load(name)
    model = copy.deepcopy(model32).double()
    directory = ATTRIBUTION / name
    cases = json.loads((directory / "cases.json").read_text(encoding="utf-8"))["cases"]
    tensors = load_file(str(directory / "attribution.safetensors"))
    worst = 0.0
    for index, case in enumerate(cases):
        captured = reference.capture(model, torch.tensor([case["ids"]]), case["target"])
        for layer, gradient in enumerate(captured["grad_attentions"]):
            key = f"case{index}.layer{layer}.grad_attention"
            worst = max(worst, close(f"{directory}/{key}", gradient, tensors[key], relative=True))
            key = f"case{index}.layer{layer}.attention"
            if key in tensors:
                worst = max(worst, close(f"{directory}/{key}", captured["attentions"][layer], tensors[key]))
        key = f"case{index}.grad_inputs_embeds"
        worst = max(worst, close(f"{directory}/{key}", captured["grad_inputs_embeds"], tensors[key], relative=True))
        for method, value in reference.methods(captured).items():
            key = f"case{index}.{method}"
            worst = max(worst, close(f"{directory}/{key}", value, tensors[key], relative=True))
    print(f"{name}: attribution fixtures reproduce, max difference {worst:.1e}")


def main() -> None:
    seed_everything(0)
    total = sum(p.stat().st_size for root in (MODELS, ATTRIBUTION) for p in root.rglob("*") if p.is_file())
    if total > BUDGET:
        raise SystemExit(f"error: {FIXTURES}: models + attribution hold {total} bytes, over {BUDGET}")
    print(f"fixture bytes: {total} (budget {BUDGET})")
    for name in [
        *TINY_MODELS,
        *TINY_HALF_MODELS,
        "minilm-head",
        "tiny-electra",
        "tiny-xlm-roberta",
        "tiny-gpt2",
        *make_tiny_modernbert.NAMES,
    ]:
        verify_forward(name)
    for name in ["minilm-head", *TINY_MODELS, "tiny-electra", "tiny-xlm-roberta", "tiny-gpt2"]:
        verify_attribution(name)
    with make_tiny_modernbert.float64_references():
        for name in make_tiny_modernbert.NAMES:
            verify_attribution(name)


if __name__ == "__main__":
    main()
