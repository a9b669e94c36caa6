"""Writes the tiny DeBERTa-v2/v3 checkpoints and their fixtures.

Two checkpoints under Tests/Fixtures/models/ (3 labels approve/refer/decline, parameters drawn as in
make_tiny_checkpoints.initialise: N(0, 0.2²), LayerNorm gains N(1, 0.2²)):

- tiny-deberta-v3: DeBERTa-v3-shaped. hidden 32, 2 layers, 4 heads, intermediate 64, 64 positions,
  relative_attention, position_buckets 8, max_relative_positions 16, pos_att_type ["p2c", "c2p"],
  share_att_key, norm_rel_ebd "layer_norm", position_biased_input false, type_vocab_size 0, layer_norm_eps 1e-7,
  pooler_hidden_act "gelu".
- tiny-deberta-v2-separate: the other branches. share_att_key false (pos_key_proj / pos_query_proj),
  pos_att_type given as the string "c2p|p2c", no buckets (position_buckets -1, max_relative_positions 8, so
  distances past ±8 are clamped), norm_rel_ebd "none", position_biased_input true, type_vocab_size 2,
  embedding_size 24 (embed_proj), pooler_hidden_act "tanh", and the ConvLayer after the first layer
  (conv_kernel_size 3, conv_groups 2, conv_act "gelu").

Both get a SentencePiece-style Unigram tokenizer.json trained by `tokenizers` on make_tiny_checkpoints.CORPUS
(Metaspace pre-tokenizer, "[CLS] $A [SEP]" template, [PAD]=0 [CLS]=1 [SEP]=2 [UNK]=3 [MASK]=4), so that the
model directories are complete; the Swift tests feed the fixture ids directly.

For each model: `models/<name>/expected/{cases.json, attention.safetensors}` like forward_fixtures.py's (a few
TINY_CASES, every case "full": `case{c}.layer{l}.attention` [H, n, n]; no offsets), plus `relative_positions` in
cases.json (rel for the distances i − j = 63, 62, …, −63 from transformers' build_relative_position, buckets
included) and, for each right-padded row of the batch, its last layer's maps as transformers returns them
(`batch.row{b}.layer{l}.attention` [H, T, T], padded query rows included). Also
`attribution/<name>/{cases.json, attribution.safetensors}` as attribution_fixtures.py writes them (three texts
for tiny-deberta-v3, two for tiny-deberta-v2-separate; gradients, no maps), checked by float64 finite
differences first.

Usage: python3 Scripts/reference/deberta_fixtures.py
"""

from __future__ import annotations

import copy
import shutil

import attribution_reference as reference
from fixture_texts import ATTRIBUTION_TEXTS, TINY_BATCH, TINY_CASES
from make_tiny_checkpoints import CORPUS, fresh_directory, initialise
from reference_common import (
    ATTRIBUTION,
    ID2LABEL,
    LABEL2ID,
    MODELS,
    floats,
    seed_everything,
    write_json,
    write_tensors,
)

import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors
from transformers import AutoModelForSequenceClassification, DebertaV2Config, DebertaV2ForSequenceClassification
from transformers.models.deberta_v2.modeling_deberta_v2 import build_relative_position

MAX_TOKENS = 64
SPECIAL = ["[PAD]", "[CLS]", "[SEP]", "[UNK]", "[MASK]"]
STEP = 1e-5
TOLERANCE = 1e-5

CONFIGS = {
    "tiny-deberta-v3": dict(
        relative_attention=True,
        position_buckets=8,
        max_relative_positions=16,
        pos_att_type=["p2c", "c2p"],
        share_att_key=True,
        norm_rel_ebd="layer_norm",
        position_biased_input=False,
        type_vocab_size=0,
        pooler_hidden_act="gelu",
    ),
    "tiny-deberta-v2-separate": dict(
        relative_attention=True,
        position_buckets=-1,
        max_relative_positions=8,
        pos_att_type="c2p|p2c",
        share_att_key=False,
        norm_rel_ebd="none",
        position_biased_input=True,
        type_vocab_size=2,
        embedding_size=24,
        pooler_hidden_act="tanh",
        conv_kernel_size=3,
        conv_groups=2,
        conv_act="gelu",
    ),
}
SEEDS = {"tiny-deberta-v3": 4, "tiny-deberta-v2-separate": 5}
# The TINY_CASES each model stores (size budget): n = 29, 41, 2 for v3 (distances past the buckets and the
# clamp), n = 29, 2 for the separate projections.
CASES = {"tiny-deberta-v3": ["plain", "unicode", "empty"], "tiny-deberta-v2-separate": ["plain", "empty"]}


def train_unigram(size: int = 200) -> Tokenizer:
    """A Unigram (SentencePiece-model) tokenizer of `size` pieces built from CORPUS, DeBERTa-v3's pipeline.

    The `tokenizers` UnigramTrainer gives a different vocabulary from run to run, so the pieces are chosen here:
    every character of the Metaspace-split words, then the most frequent substrings (2 to 8 characters, ties
    broken by the string), each scored with the log of its relative frequency.
    """
    import math
    from collections import Counter

    splitter = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    words: Counter[str] = Counter()
    for paragraph in CORPUS:
        words.update(word for word, _ in splitter.pre_tokenize_str(paragraph))
    characters: Counter[str] = Counter()
    substrings: Counter[str] = Counter()
    for word, count in words.items():
        for i in range(len(word)):
            characters[word[i]] += count
            for j in range(i + 2, min(len(word), i + 8) + 1):
                substrings[word[i:j]] += count
    chosen = sorted(characters.items(), key=lambda item: (-item[1], item[0]))
    ranked = sorted(substrings.items(), key=lambda item: (-item[1] * len(item[0]), item[0]))
    chosen += ranked[: max(0, size - len(SPECIAL) - len(chosen))]
    total = sum(count for _, count in chosen)
    vocab = [(token, 0.0) for token in SPECIAL] + [(piece, math.log(count / total)) for piece, count in chosen]
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=SPECIAL.index("[UNK]")))
    tokenizer.pre_tokenizer = splitter
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.add_special_tokens(SPECIAL)
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B [SEP]", special_tokens=[("[CLS]", 1), ("[SEP]", 2)]
    )
    return tokenizer


def encode(tokenizer: Tokenizer, text: str) -> list[int]:
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    return tokenizer.encode(text).ids


def write_checkpoint(name: str, tokenizer: Tokenizer) -> None:
    config = DebertaV2Config(
        vocab_size=tokenizer.get_vocab_size(),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=4,
        intermediate_size=64,
        max_position_embeddings=MAX_TOKENS,
        hidden_act="gelu",
        layer_norm_eps=1e-7,
        pad_token_id=0,
        num_labels=3,
        id2label=ID2LABEL,
        label2id=LABEL2ID,
        **CONFIGS[name],
    )
    model = DebertaV2ForSequenceClassification(config).eval()
    initialise(model, seed=SEEDS[name])
    directory = fresh_directory(name)
    model.save_pretrained(str(directory), safe_serialization=True)
    tokenizer.save(str(directory / "tokenizer.json"))
    write_json(
        directory / "tokenizer_config.json",
        {
            "tokenizer_class": "DebertaV2TokenizerFast",
            "model_max_length": MAX_TOKENS,
            "bos_token": "[CLS]",
            "eos_token": "[SEP]",
            "cls_token": "[CLS]",
            "sep_token": "[SEP]",
            "unk_token": "[UNK]",
            "pad_token": "[PAD]",
            "mask_token": "[MASK]",
        },
    )


def load(name: str):
    directory = MODELS / name
    model = AutoModelForSequenceClassification.from_pretrained(str(directory), attn_implementation="eager")
    return model.float().eval()


def run(model, input_ids: torch.Tensor, mask: torch.Tensor | None = None):
    with torch.no_grad():
        return model(
            input_ids=input_ids,
            attention_mask=torch.ones_like(input_ids) if mask is None else mask,
            output_attentions=True,
            output_hidden_states=True,
        )


def write_forward(name: str, tokenizer: Tokenizer) -> None:
    seed_everything(0)
    model = load(name)
    cases, tensors = [], {}
    chosen = [(case_name, text) for case_name, text in TINY_CASES if case_name in CASES[name]]
    for index, (case_name, text) in enumerate(chosen):
        ids = encode(tokenizer, text)
        output = run(model, torch.tensor([ids]))
        for layer, attention in enumerate(output.attentions):
            tensors[f"case{index}.layer{layer}.attention"] = attention[0]
        cases.append(
            {"name": case_name, "text": text, "ids": ids, "logits": floats(output.logits[0]), "attention": "full"}
        )
    rows = [encode(tokenizer, text) for text in TINY_BATCH]
    length = max(len(r) for r in rows)
    padded = torch.tensor([r + [0] * (length - len(r)) for r in rows])
    mask = torch.tensor([[1] * len(r) + [0] * (length - len(r)) for r in rows])
    output = run(model, padded, mask)
    worst = 0.0
    last = len(output.attentions) - 1
    for b, ids in enumerate(rows):
        single = run(model, torch.tensor([ids])).logits[0]
        worst = max(worst, (single - output.logits[b]).abs().max().item())
        if len(ids) < length:  # the padded rows' last-layer maps, padded query rows included
            tensors[f"batch.row{b}.layer{last}.attention"] = output.attentions[last][b]
    if worst > 1e-4:
        raise AssertionError(f"{name}: padded batch logits differ from single runs by {worst}")
    bucket, span = model.config.position_buckets, model.config.max_relative_positions
    positions = torch.zeros(MAX_TOKENS, MAX_TOKENS)
    relative = build_relative_position(positions, positions, bucket_size=bucket, max_position=span)[0]
    # rel[i][j] depends on i − j only: store row 63, i.e. distances 63 down to 0, and column 63 (0 down to −63).
    distances = relative[MAX_TOKENS - 1, :].tolist() + relative[:, MAX_TOKENS - 1].tolist()[::-1][1:]
    expected = MODELS / name / "expected"
    shutil.rmtree(expected, ignore_errors=True)
    write_json(
        expected / "cases.json",
        {
            "model": name,
            "cases": cases,
            "batch": {
                "texts": TINY_BATCH,
                "ids": padded.tolist(),
                "attention_mask": mask.tolist(),
                "logits": floats(output.logits),
            },
            "relative_positions": distances,
        },
    )
    write_tensors(expected / "attention.safetensors", tensors)
    print(f"{name}: {len(cases)} cases, n = {[len(c['ids']) for c in cases]}, batch vs single {worst:.1e}")


class AddedToProbabilities(torch.nn.Module):
    """Stands in for a layer's attention dropout (the identity in eval mode) and adds a perturbation."""

    def __init__(self, delta: torch.Tensor):
        super().__init__()
        self.delta = delta

    def forward(self, probabilities: torch.Tensor) -> torch.Tensor:
        return probabilities + self.delta.to(probabilities.dtype)


def logit(model, embeds: torch.Tensor, target: int, deltas=None) -> float:
    layers = model.deberta.encoder.layer
    originals = [layer.attention.self.dropout for layer in layers]
    if deltas is not None:
        for layer, delta in zip(layers, deltas, strict=True):
            layer.attention.self.dropout = AddedToProbabilities(delta)
    try:
        with torch.no_grad():
            mask = torch.ones(embeds.shape[:2], dtype=torch.long)
            return model(inputs_embeds=embeds, attention_mask=mask).logits[0, target].item()
    finally:
        for layer, original in zip(layers, originals, strict=True):
            layer.attention.self.dropout = original


def check_gradients(name: str, case: int, model, captured: dict) -> float:
    """Central finite differences in float64 on the attention probabilities and on inputs_embeds."""
    target = captured["target"]
    embeds = captured["inputs_embeds"][None]
    attentions = captured["attentions"]
    zeros = [torch.zeros_like(a) for a in attentions]
    if abs(logit(model, embeds, target, zeros) - captured["logits"][target].item()) > 1e-12:
        raise AssertionError(f"{name} case{case}: the patched dropout does not reproduce the logit")
    generator = torch.Generator().manual_seed(1000 + case)
    worst = 0.0
    for layer, gradient in enumerate(captured["grad_attentions"]):
        direction = torch.randn(attentions[layer].shape, generator=generator, dtype=torch.float64)
        results = []
        for sign in (1.0, -1.0):
            deltas = [torch.zeros_like(a) for a in attentions]
            deltas[layer] = sign * STEP * direction
            results.append(logit(model, embeds, target, deltas))
        numeric = (results[0] - results[1]) / (2 * STEP)
        analytic = (gradient * direction).sum().item()
        error = abs(numeric - analytic) / max(abs(analytic), 1e-8)
        if error > TOLERANCE or abs(numeric) < 1e-6:
            raise AssertionError(f"{name} case{case}.layer{layer}.grad_attention: {analytic} vs {numeric}")
        worst = max(worst, error)
    direction = torch.randn(embeds.shape, generator=generator, dtype=torch.float64)
    numeric = (logit(model, embeds + STEP * direction, target) - logit(model, embeds - STEP * direction, target)) / (
        2 * STEP
    )
    analytic = (captured["grad_inputs_embeds"] * direction[0]).sum().item()
    error = abs(numeric - analytic) / max(abs(analytic), 1e-8)
    if error > TOLERANCE:
        raise AssertionError(f"{name} case{case}.grad_inputs_embeds: {analytic} vs {numeric}")
    return max(worst, error)


def write_attribution(name: str, tokenizer: Tokenizer, count: int) -> None:
    seed_everything(0)
    model64 = copy.deepcopy(load(name)).double()
    cases, tensors = [], {}
    for index, text in enumerate(ATTRIBUTION_TEXTS["tiny"][:count]):
        ids = encode(tokenizer, text)
        captured = reference.capture(model64, torch.tensor([ids]))
        error = check_gradients(name, index, model64, captured)
        for layer, gradient in enumerate(captured["grad_attentions"]):  # maps not stored (size budget)
            tensors[f"case{index}.layer{layer}.grad_attention"] = gradient
        tensors[f"case{index}.grad_inputs_embeds"] = captured["grad_inputs_embeds"]
        for method, values in reference.methods(captured).items():
            tensors[f"case{index}.{method}"] = values
        cases.append(
            {"text": text, "ids": ids, "target": captured["target"], "logits": captured["logits"].tolist()}
        )
        print(f"{name} attribution case{index}: n = {len(ids)}, fd rel err {error:.1e}")
    directory = ATTRIBUTION / name
    shutil.rmtree(directory, ignore_errors=True)
    write_json(directory / "cases.json", {"model": name, "cases": cases})
    write_tensors(directory / "attribution.safetensors", tensors)


def main() -> None:
    seed_everything(0)
    tokenizer = train_unigram()
    again = train_unigram()
    if tokenizer.to_str() != again.to_str():
        raise AssertionError("the Unigram trainer is not deterministic")
    for name in CONFIGS:
        write_checkpoint(name, tokenizer)
        write_forward(name, tokenizer)
    write_attribution("tiny-deberta-v3", tokenizer, 3)
    write_attribution("tiny-deberta-v2-separate", tokenizer, 2)


if __name__ == "__main__":
    main()
