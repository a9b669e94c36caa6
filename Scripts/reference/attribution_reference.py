"""Reference implementations of the attribution methods the Swift engine must reproduce.

All functions take per-layer attention probabilities `attentions[l]` of shape [heads, n, n] (post-softmax,
pre-dropout, as transformers returns them with `output_attentions=True` and eager attention) and, where
needed, `gradients[l]` = d logit[target] / d attentions[l] of the same shape. They work in the dtype they are
given (the fixtures use float64, the benchmark float32).

Every chain reads the row of the token the classifier pools: row 0 ([CLS] / <s>) for the encoders, the last token
for GPT-2 (`capture` records it as `row`).

- raw_attention: last layer, pooled row, mean over heads.                                          -> [n]
- rollout (Abnar & Zuidema 2020): Â_l = 0.5·mean_h(A_l) + 0.5·I, rows renormalised; R = Â_1,
  R = Â_l · R for l = 2..L; row 0 of R.                                                              -> [n]
- gradient_weighted (Chefer et al. 2021): R = I; for l = 1..L: Ā = mean_h(max(0, ∇A_l ⊙ A_l));
  R = R + Ā · R; row 0 of R.                                                                         -> [n]
- head_importance (Michel et al. 2019): |Σ_{i,j} A_l ⊙ ∇A_l| per layer and head.                    -> [L, H]
- gradient_times_input: Σ over hidden of ∂logit/∂inputs_embeds ⊙ inputs_embeds.                     -> [n]
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Sequence

import torch


def raw_attention(attentions: Sequence[torch.Tensor], row: int = 0) -> torch.Tensor:
    """Row `row` of the last layer's head-averaged attention. attentions[l]: [H, n, n] -> [n]."""
    return attentions[-1].mean(dim=0)[row]


def rollout(attentions: Sequence[torch.Tensor], row: int = 0) -> torch.Tensor:
    """Attention rollout with a half-weighted residual. attentions[l]: [H, n, n] -> [n]."""
    n = attentions[0].shape[-1]
    identity = torch.eye(n, dtype=attentions[0].dtype)
    result = None
    for attention in attentions:
        mixed = 0.5 * attention.mean(dim=0) + 0.5 * identity  # [n, n]
        mixed = mixed / mixed.sum(dim=-1, keepdim=True)
        result = mixed if result is None else mixed @ result
    return result[row]


def gradient_weighted(
    attentions: Sequence[torch.Tensor], gradients: Sequence[torch.Tensor], row: int = 0
) -> torch.Tensor:
    """Gradient-weighted attention relevance. attentions[l], gradients[l]: [H, n, n] -> [n]."""
    n = attentions[0].shape[-1]
    relevance = torch.eye(n, dtype=attentions[0].dtype)
    for attention, gradient in zip(attentions, gradients, strict=True):
        weighted = (gradient * attention).clamp(min=0).mean(dim=0)  # [n, n]
        relevance = relevance + weighted @ relevance
    return relevance[row]


def head_importance(attentions: Sequence[torch.Tensor], gradients: Sequence[torch.Tensor]) -> torch.Tensor:
    """|Σ_{i,j} A ⊙ ∂logit/∂A| per layer and head. attentions[l], gradients[l]: [H, n, n] -> [L, H]."""
    return torch.stack([(a * g).sum(dim=(-2, -1)).abs() for a, g in zip(attentions, gradients, strict=True)])


def gradient_times_input(inputs_embeds: torch.Tensor, gradient: torch.Tensor) -> torch.Tensor:
    """Σ over hidden of gradient ⊙ input. inputs_embeds, gradient: [n, hidden] -> [n]."""
    return (gradient * inputs_embeds).sum(dim=-1)


def capture(model, input_ids: torch.Tensor, target: int | None = None, *, embeds: bool = True) -> dict:
    """Runs one forward with attentions kept and one backward from logit[target].

    - Parameters: `input_ids` [1, n]; `target` defaults to the predicted class; with `embeds` the word
      embeddings are fed as `inputs_embeds` (a leaf) so their gradient is returned too.
    - Returns: logits [labels], target, attentions / grad_attentions (lists of [H, n, n]), and with
      `embeds` inputs_embeds / grad_inputs_embeds [n, hidden].
    """
    mask = torch.ones_like(input_ids)
    if embeds:
        inputs_embeds = model.get_input_embeddings()(input_ids).detach().requires_grad_(True)
        output = model(inputs_embeds=inputs_embeds, attention_mask=mask, output_attentions=True)
    else:
        inputs_embeds = None
        output = model(input_ids=input_ids, attention_mask=mask, output_attentions=True)
    for attention in output.attentions:
        attention.retain_grad()
    logits = output.logits[0]
    if target is None:
        target = int(logits.argmax())
    logits[target].backward()
    # GPT-2 pools the last token (with inputs_embeds transformers cannot look for padding and takes the last).
    row = input_ids.shape[1] - 1 if model.config.model_type == "gpt2" else 0
    result = {
        "logits": logits.detach(),
        "target": target,
        "row": row,
        "attentions": [a.detach()[0] for a in output.attentions],
        "grad_attentions": [a.grad[0] for a in output.attentions],
    }
    if embeds:
        result["inputs_embeds"] = inputs_embeds.detach()[0]
        result["grad_inputs_embeds"] = inputs_embeds.grad[0]
    return result


def methods(captured: dict) -> dict[str, torch.Tensor]:
    """All method outputs for one captured case, keyed as in the attribution fixtures."""
    attentions, gradients = captured["attentions"], captured["grad_attentions"]
    row = captured.get("row", 0)
    out = {
        "raw_attention": raw_attention(attentions, row),
        "rollout": rollout(attentions, row),
        "gradient_weighted": gradient_weighted(attentions, gradients, row),
        "head_importance": head_importance(attentions, gradients),
    }
    if "inputs_embeds" in captured:
        out["gradient_times_input"] = gradient_times_input(captured["inputs_embeds"], captured["grad_inputs_embeds"])
    return out


@contextlib.contextmanager
def perturbed_attention(model, deltas: Sequence[torch.Tensor]):
    """Adds `deltas[l]` ([H, n, n]) to the attention probabilities of layer l inside the computation.

    Replaces the module's `eager_attention_forward` by a copy that adds the perturbation after softmax and
    dropout, right before the product with the values. Used to check that the tensors transformers returns
    are the ones the logits depend on, and that their gradients predict the change of the logit.
    """
    module = importlib.import_module(type(model).__module__)
    original = module.eager_attention_forward
    calls = {"layer": 0}

    def eager_attention_forward(layer, query, key, value, attention_mask, scaling=None, dropout=0.0, **kwargs):
        if scaling is None:
            scaling = query.size(-1) ** -0.5
        weights = torch.matmul(query, key.transpose(2, 3)) * scaling
        if attention_mask is not None:
            weights = weights + attention_mask
        weights = torch.nn.functional.softmax(weights, dim=-1)
        weights = torch.nn.functional.dropout(weights, p=dropout, training=layer.training)
        weights = weights + deltas[calls["layer"]].to(weights.dtype)
        calls["layer"] += 1
        output = torch.matmul(weights, value).transpose(1, 2).contiguous()
        return output, weights

    module.eager_attention_forward = eager_attention_forward
    try:
        yield
    finally:
        module.eager_attention_forward = original
