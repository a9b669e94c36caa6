"""Writes Tests/Fixtures/attribution/<model>/{cases.json, attribution.safetensors}.

For three short texts per model (target = predicted class) the script stores, per case c and layer l:
`case{c}.layer{l}.attention` [H, n, n] (the probabilities the gradients belong to; tiny models only, to keep
the fixtures small),
`case{c}.layer{l}.grad_attention` [H, n, n] = d logit[target] / d attention probabilities,
`case{c}.grad_inputs_embeds` [n, hidden], `case{c}.gradient_times_input` [n], and the method outputs
`case{c}.raw_attention`, `case{c}.rollout`, `case{c}.gradient_weighted` [n], `case{c}.head_importance` [L, H]
(formulas in attribution_reference.py).

Everything is computed with the model upcast to float64 and stored as F32, so the fixtures carry no float32
rounding of their own. Before writing, the script checks with central finite differences (float64) that the
returned attention tensors are the ones the logit depends on and that their gradients (and the embedding
gradient) predict the logit's change, and it reports how far a float32 run is from the float64 one.

Usage: python3 Scripts/reference/attribution_fixtures.py [model names...]
"""

from __future__ import annotations

import copy
import shutil
import sys

import attribution_reference as reference
from fixture_texts import ATTRIBUTION_TEXTS
from forward_fixtures import load
from reference_common import (
    ATTRIBUTION,
    TINY_MODELS,
    check_tokenizer_matches_file,
    seed_everything,
    write_json,
    write_tensors,
)

import torch

MODELS = ["minilm-head", "tiny-bert", "tiny-distilbert", "tiny-roberta"]
STEP = 1e-5
TOLERANCE = 1e-5


def logit(model, inputs_embeds: torch.Tensor, target: int) -> float:
    with torch.no_grad():
        mask = torch.ones(inputs_embeds.shape[:2], dtype=torch.long)
        return model(inputs_embeds=inputs_embeds, attention_mask=mask).logits[0, target].item()


def check_gradients(name: str, case: int, model, captured: dict) -> str:
    """Finite-difference checks in float64; raises AssertionError naming the tensor on failure."""
    target = captured["target"]
    embeds = captured["inputs_embeds"][None]
    attentions = captured["attentions"]
    zeros = [torch.zeros_like(a) for a in attentions]
    with reference.perturbed_attention(model, zeros):
        same = logit(model, embeds, target)
    plain = logit(model, embeds, target)
    if abs(same - plain) > 1e-12 or abs(plain - captured["logits"][target].item()) > 1e-12:
        raise AssertionError(f"{name} case{case}: patched attention does not reproduce the logit ({same} vs {plain})")

    generator = torch.Generator().manual_seed(1000 + case)
    worst = 0.0
    for layer, gradient in enumerate(captured["grad_attentions"]):
        direction = torch.randn(attentions[layer].shape, generator=generator, dtype=torch.float64)
        deltas = [torch.zeros_like(a) for a in attentions]
        results = []
        for sign in (1.0, -1.0):
            deltas[layer] = sign * STEP * direction
            with reference.perturbed_attention(model, deltas):
                results.append(logit(model, embeds, target))
        numeric = (results[0] - results[1]) / (2 * STEP)
        analytic = (gradient * direction).sum().item()
        if abs(numeric) < 1e-6:
            raise AssertionError(f"{name} case{case} layer{layer}: perturbing the attention does not move the logit")
        error = abs(numeric - analytic) / max(abs(analytic), 1e-8)
        if error > TOLERANCE:
            raise AssertionError(
                f"{name} case{case}.layer{layer}.grad_attention: directional derivative {analytic} vs finite "
                f"difference {numeric} (relative error {error:.2e})"
            )
        worst = max(worst, error)

    direction = torch.randn(embeds.shape, generator=generator, dtype=torch.float64)
    numeric = (logit(model, embeds + STEP * direction, target) - logit(model, embeds - STEP * direction, target)) / (
        2 * STEP
    )
    analytic = (captured["grad_inputs_embeds"] * direction[0]).sum().item()
    error = abs(numeric - analytic) / max(abs(analytic), 1e-8)
    if error > TOLERANCE:
        raise AssertionError(f"{name} case{case}.grad_inputs_embeds: {analytic} vs {numeric} ({error:.2e})")
    return f"fd rel err ≤ {max(worst, error):.1e}"


def relative(a: torch.Tensor, b: torch.Tensor) -> float:
    return ((a.double() - b.double()).abs().max() / b.double().abs().max().clamp(min=1e-30)).item()


def write_model(name: str) -> None:
    seed_everything(0)
    model32, tokenizer, tokenizer_dir, max_length = load(name)
    model64 = copy.deepcopy(model32).double()
    texts = ATTRIBUTION_TEXTS["minilm-head" if name == "minilm-head" else "tiny"]
    cases, tensors = [], {}
    for index, text in enumerate(texts):
        check_tokenizer_matches_file(tokenizer, tokenizer_dir, text, max_length)
        encoded = tokenizer(text, truncation=True, max_length=max_length, return_offsets_mapping=True)
        ids = torch.tensor([encoded["input_ids"]])
        captured = reference.capture(model64, ids)
        target = captured["target"]
        with torch.no_grad():
            by_ids = model64(input_ids=ids, attention_mask=torch.ones_like(ids)).logits[0]
        if (by_ids - captured["logits"]).abs().max().item() > 1e-10:
            raise AssertionError(f"{name} case{index}: inputs_embeds and input_ids give different logits")
        status = check_gradients(name, index, model64, captured)

        single = reference.capture(model32, ids, target)
        drift = max(relative(g32, g64) for g32, g64 in zip(single["grad_attentions"], captured["grad_attentions"]))

        for layer, (attention, gradient) in enumerate(zip(captured["attentions"], captured["grad_attentions"])):
            # Size budget: MiniLM's and ModernBERT's attention is checked by the forward fixtures only.
            if name in TINY_MODELS or name in ("tiny-electra", "tiny-xlm-roberta", "tiny-gpt2"):
                tensors[f"case{index}.layer{layer}.attention"] = attention
            tensors[f"case{index}.layer{layer}.grad_attention"] = gradient
        tensors[f"case{index}.grad_inputs_embeds"] = captured["grad_inputs_embeds"]
        for method, values in reference.methods(captured).items():
            tensors[f"case{index}.{method}"] = values
        cases.append(
            {
                "text": text,
                "ids": encoded["input_ids"],
                "offsets": [list(pair) for pair in encoded["offset_mapping"]],
                "target": target,
                "logits": captured["logits"].tolist(),
            }
        )
        print(
            f"{name} case{index}: n = {ids.shape[1]}, target {target}, {status}, "
            f"float32 grad_attention max rel diff {drift:.1e}"
        )
    directory = ATTRIBUTION / name
    shutil.rmtree(directory, ignore_errors=True)
    write_json(directory / "cases.json", {"model": name, "cases": cases})
    write_tensors(directory / "attribution.safetensors", tensors)


def main() -> None:
    for name in sys.argv[1:] or MODELS:
        write_model(name)


if __name__ == "__main__":
    main()
