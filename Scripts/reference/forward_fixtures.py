"""Writes Tests/Fixtures/models/<name>/expected/{cases.json, attention.safetensors} from transformers.

For each case: ids and offsets from the model's fast tokenizer (truncation at the model maximum, special
tokens added, offsets in Python str indices), logits, and the attention probabilities of every layer:
`case{c}.layer{l}.attention` [heads, n, n] for "full" cases; for "rows" cases
`case{c}.layer{l}.attention_rows` [heads, r, n] (rows listed in cases.json) and
`case{c}.layer{l}.attention_colsum` [heads, n] (sum over all n rows). Tiny models also get
`case{c}.hidden_last` [n, hidden] for their (all "full") cases. `batch` holds one right-padded batch of
three texts with its logits.

tiny-bert-f16 / tiny-bert-bf16 are loaded from their half-precision files and upcast to float32 before
running, so their expected logits check the loader's F16/BF16 -> F32 conversion.

Usage: python3 Scripts/reference/forward_fixtures.py [model names...]   (default: all six)
"""

from __future__ import annotations

import sys
from pathlib import Path

from fixture_texts import MINILM_BATCH, MINILM_CASES, TINY_BATCH, TINY_CASES
from reference_common import (
    BASE_MODEL,
    MODELS,
    TINY_HALF_MODELS,
    TINY_MODELS,
    check_tokenizer_matches_file,
    floats,
    seed_everything,
    write_json,
    write_tensors,
)

import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer


def load(name: str):
    """Returns (model in float32 eval mode with eager attention, tokenizer, tokenizer directory, max length)."""
    if name == "minilm-head":
        import minilm_head

        return minilm_head.load_model(), AutoTokenizer.from_pretrained(str(BASE_MODEL)), BASE_MODEL, 512
    directory = MODELS / name
    model = AutoModelForSequenceClassification.from_pretrained(str(directory), attn_implementation="eager")
    return model.float().eval(), AutoTokenizer.from_pretrained(str(directory)), directory, 64


def stored_rows(n: int) -> list[int]:
    return sorted({0, 1, n // 2, n - 1})


def run(model, ids: list[int]):
    input_ids = torch.tensor([ids])
    with torch.no_grad():
        return model(
            input_ids=input_ids,
            attention_mask=torch.ones_like(input_ids),
            output_attentions=True,
            output_hidden_states=True,
        )


def write_model(name: str, full_up_to: int | None = None) -> None:
    """Writes one model's forward fixtures; with `full_up_to`, cases longer than that many tokens store rows only."""
    seed_everything(0)
    model, tokenizer, tokenizer_dir, max_length = load(name)
    tiny = name != "minilm-head"
    specs = [(case, text, "full") for case, text in TINY_CASES] if tiny else MINILM_CASES
    batch_texts = TINY_BATCH if tiny else MINILM_BATCH

    cases, tensors = [], {}
    peak = []
    for case_name, text, storage in specs:
        check_tokenizer_matches_file(tokenizer, tokenizer_dir, text, max_length)
        encoded = tokenizer(text, truncation=True, max_length=max_length, return_offsets_mapping=True)
        ids = encoded["input_ids"]
        if not ids:  # GPT-2's tokenizer adds no special tokens: the empty text has none to run
            continue
        index = len(cases)
        n = len(ids)
        if full_up_to is not None and n > full_up_to:
            storage = "rows"  # size budget
        output = run(model, ids)
        rows = list(range(n)) if storage == "full" else stored_rows(n)
        for layer, attention in enumerate(output.attentions):
            probabilities = attention[0]  # [heads, n, n]
            peak.append(probabilities.max(dim=-1).values.mean().item())
            if storage == "full":
                tensors[f"case{index}.layer{layer}.attention"] = probabilities
            else:
                tensors[f"case{index}.layer{layer}.attention_rows"] = probabilities[:, rows, :]
                tensors[f"case{index}.layer{layer}.attention_colsum"] = probabilities.sum(dim=1)
        if tiny and storage == "full":
            tensors[f"case{index}.hidden_last"] = output.hidden_states[-1][0]
        cases.append(
            {
                "name": case_name,
                "text": text,
                "ids": ids,
                "offsets": [list(pair) for pair in encoded["offset_mapping"]],
                "logits": floats(output.logits[0]),
                "attention": storage,
                "rows": rows,
            }
        )

    if tokenizer.padding_side != "right":
        raise AssertionError(f"{name}: tokenizer pads on the {tokenizer.padding_side}")
    if tokenizer.pad_token_id != model.config.pad_token_id:
        raise AssertionError(f"{name}: tokenizer pad id {tokenizer.pad_token_id} != config {model.config.pad_token_id}")
    padded = tokenizer(batch_texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
    with torch.no_grad():
        batch_logits = model(input_ids=padded["input_ids"], attention_mask=padded["attention_mask"]).logits
    worst = 0.0
    for row, text in enumerate(batch_texts):
        single = run(model, tokenizer(text, truncation=True, max_length=max_length)["input_ids"]).logits[0]
        worst = max(worst, (single - batch_logits[row]).abs().max().item())
    if worst > 1e-4:
        raise AssertionError(f"{name}: padded batch logits differ from single runs by {worst}")
    batch = {
        "texts": batch_texts,
        "ids": padded["input_ids"].tolist(),
        "attention_mask": padded["attention_mask"].tolist(),
        "logits": floats(batch_logits),
    }

    expected = MODELS / name / "expected"
    write_json(expected / "cases.json", {"model": name, "cases": cases, "batch": batch})
    write_tensors(expected / "attention.safetensors", tensors)
    size = sum(p.stat().st_size for p in expected.iterdir())
    print(
        f"{name}: {len(cases)} cases, n = {[len(c['ids']) for c in cases]}, mean row max attention "
        f"{sum(peak) / len(peak):.3f}, batch vs single max |diff| {worst:.2e}, {size / 1024:.0f} KiB"
    )


def main() -> None:
    names = sys.argv[1:] or [*TINY_MODELS, *TINY_HALF_MODELS, "minilm-head"]
    for name in names:
        write_model(name)


if __name__ == "__main__":
    main()
