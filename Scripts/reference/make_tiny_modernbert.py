"""Writes the tiny random ModernBERT checkpoints under Tests/Fixtures/models/, then their forward and attribution
fixtures (by forward_fixtures.py and attribution_fixtures.py, which read any AutoModelForSequenceClassification).

tiny-modernbert: hidden 32, 3 layers (global, local, global: global_attn_every_n_layers 2), 4 heads, intermediate 48
(Wi makes 96 = input and gate), local_attention 4 (each token sees 2 on either side in the local layer), rope
thetas 1000 (global) and 100 (local) so positions matter at a dozen tokens, no biases (the published default),
[CLS] pooling. tiny-modernbert-mean: the same sizes with global_attn_every_n_layers 3 (global, local, local), every
bias on (norm, attention, MLP, classifier head), mean pooling, local_attention 6.

Every parameter is drawn from N(0, 0.2²), LayerNorm gains from N(1, 0.2²), as for the other tiny models. The
tokenizer is tiny-roberta's byte-level BPE (`<s>`=0, `<pad>`=1, `</s>`=2), which ModernBERT's own BPE resembles
(ModernBERT wraps with [CLS] … [SEP] at its own ids; the shape is the same). `save_pretrained` writes the current
configuration form (`layer_types`, `rope_parameters`); the Swift tests rewrite it by hand into the older form most
published checkpoints carry (`global_attn_every_n_layers`, `global_rope_theta`, `local_rope_theta`).

Usage: python3 Scripts/reference/make_tiny_modernbert.py
"""

from __future__ import annotations

import contextlib

import attribution_fixtures
import forward_fixtures
from make_tiny_checkpoints import INIT_STD, MAX_TOKENS, fresh_directory, save_roberta_tokenizer, train_byte_level_bpe
from reference_common import ID2LABEL, LABEL2ID, MODELS, seed_everything

import torch
from transformers import ModernBertConfig, ModernBertForSequenceClassification
from transformers.models.modernbert import modeling_modernbert

NAMES = ["tiny-modernbert", "tiny-modernbert-mean"]


def initialise(model: torch.nn.Module, seed: int) -> None:
    """Redraws every parameter: N(0, 0.2²), LayerNorm gains N(1, 0.2²)."""
    torch.manual_seed(seed)
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if "norm.weight" in name:
                parameter.normal_(1.0, INIT_STD)
            else:
                parameter.normal_(0.0, INIT_STD)


def eager_attention_in_input_dtype(module, query, key, value, attention_mask, scaling, dropout=0.0, **kwargs):
    """`modeling_modernbert.eager_attention_forward` with the softmax in the input's dtype (float64 references)."""
    weights = torch.matmul(query, key.transpose(2, 3)) * scaling
    if attention_mask is not None:
        weights = weights + attention_mask
    weights = torch.nn.functional.softmax(weights, dim=-1)
    weights = torch.nn.functional.dropout(weights, p=dropout, training=module.training)
    return torch.matmul(weights, value).transpose(1, 2).contiguous(), weights


def rotary_in_input_dtype(q, k, cos, sin, unsqueeze_dim=1):
    """`modeling_modernbert.apply_rotary_pos_emb` without the cast to float32 (float64 references)."""
    cos, sin = cos.unsqueeze(unsqueeze_dim).to(q.dtype), sin.unsqueeze(unsqueeze_dim).to(q.dtype)
    return q * cos + modeling_modernbert.rotate_half(q) * sin, k * cos + modeling_modernbert.rotate_half(k) * sin


@contextlib.contextmanager
def float64_references():
    """Runs ModernBERT's attention softmax and rotary embedding in the input's dtype while the block runs.

    The attribution references run in float64, but ModernBERT's eager attention computes its softmax
    (`softmax(..., dtype=torch.float32)`) and its rotary embedding (`q.float()`) in float32, which would put float32
    rounding into the float64 gradients and fail the finite-difference checks. In float32 the replacements compute
    exactly what the originals do; cos and sin stay float32 constants, as the Swift engine forms them.
    """
    originals = modeling_modernbert.eager_attention_forward, modeling_modernbert.apply_rotary_pos_emb
    modeling_modernbert.eager_attention_forward = eager_attention_in_input_dtype
    modeling_modernbert.apply_rotary_pos_emb = rotary_in_input_dtype
    try:
        yield
    finally:
        modeling_modernbert.eager_attention_forward, modeling_modernbert.apply_rotary_pos_emb = originals


def config(bpe, **overrides) -> ModernBertConfig:
    values = dict(
        vocab_size=bpe.get_vocab_size(),
        hidden_size=32,
        intermediate_size=48,
        num_hidden_layers=3,
        num_attention_heads=4,
        max_position_embeddings=MAX_TOKENS,
        hidden_activation="gelu",
        classifier_activation="gelu",
        norm_eps=1e-5,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        cls_token_id=0,
        sep_token_id=2,
        num_labels=3,
        id2label=ID2LABEL,
        label2id=LABEL2ID,
    )
    values.update(overrides)
    return ModernBertConfig(**values)


def main() -> None:
    seed_everything(0)
    bpe = train_byte_level_bpe()
    specs = {
        "tiny-modernbert": (
            dict(global_attn_every_n_layers=2, local_attention=4, global_rope_theta=1000.0, local_rope_theta=100.0),
            4,
        ),
        "tiny-modernbert-mean": (
            dict(
                global_attn_every_n_layers=3,
                local_attention=6,
                global_rope_theta=500.0,
                local_rope_theta=50.0,
                classifier_pooling="mean",
                norm_bias=True,
                attention_bias=True,
                mlp_bias=True,
                classifier_bias=True,
            ),
            5,
        ),
    }
    for name, (overrides, seed) in specs.items():
        model = ModernBertForSequenceClassification(config(bpe, **overrides)).eval()
        initialise(model, seed=seed)
        directory = fresh_directory(name)
        model.save_pretrained(str(directory), safe_serialization=True)
        save_roberta_tokenizer(directory, bpe)
        for redundant in ("vocab.json", "merges.txt"):  # size budget: tokenizer.json holds both
            (directory / redundant).unlink()
        print(f"{name}: {', '.join(sorted(p.name for p in (MODELS / name).iterdir()))}")
    for name in NAMES:
        forward_fixtures.write_model(name, full_up_to=24)
    with float64_references():
        for name in NAMES:
            attribution_fixtures.write_model(name)


if __name__ == "__main__":
    main()
