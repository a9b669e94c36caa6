"""Writes the one-step training fixtures: loss, gradients and AdamW-updated weights from PyTorch autograd.

For each tiny model (Tests/Fixtures/models/tiny-bert, tiny-distilbert, tiny-roberta) a fixed batch of three
texts with labels is run through `*ForSequenceClassification` with dropout off (eval mode) and
`CrossEntropyLoss` averaged over the batch (what `model(..., labels=)` computes). The script records the loss,
the gradients of a few named tensors, the global gradient norm, then clips to norm 1.0 and takes one
`torch.optim.AdamW` step with the Trainer's parameter groups (weight decay on everything but biases and
LayerNorm weights) and records the same tensors after the step.

Writes Tests/Fixtures/training/<model>/step.json and step.safetensors (`grad.<name>`, `after.<name>`, with
transformers' tensor names). Deterministic; the files stay well under 300 KB in total.
"""

from __future__ import annotations

import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from reference_common import FIXTURES, MODELS, floats, seed_everything, write_json, write_tensors

TEXTS = [
    "The applicant has a stable income and no missed payments.",
    "Refer this file: the guarantor is missing.",
    "Decline, the debt ratio is far too high for the loan requested.",
]
LABELS = [0, 1, 2]
LEARNING_RATE = 1e-3
WEIGHT_DECAY = 0.01
MAX_NORM = 1.0

NAMED = {
    "tiny-bert": [
        "bert.embeddings.word_embeddings.weight",
        "bert.embeddings.position_embeddings.weight",
        "bert.embeddings.token_type_embeddings.weight",
        "bert.embeddings.LayerNorm.weight",
        "bert.encoder.layer.0.attention.self.query.weight",
        "bert.encoder.layer.0.attention.self.key.bias",
        "bert.encoder.layer.0.attention.self.value.weight",
        "bert.encoder.layer.1.attention.output.dense.weight",
        "bert.encoder.layer.1.attention.output.LayerNorm.bias",
        "bert.encoder.layer.1.intermediate.dense.weight",
        "bert.encoder.layer.1.output.dense.bias",
        "bert.pooler.dense.weight",
        "classifier.weight",
        "classifier.bias",
    ],
    "tiny-distilbert": [
        "distilbert.embeddings.position_embeddings.weight",
        "distilbert.transformer.layer.0.attention.q_lin.weight",
        "distilbert.transformer.layer.1.ffn.lin2.weight",
        "distilbert.transformer.layer.1.output_layer_norm.weight",
        "pre_classifier.weight",
        "classifier.bias",
    ],
    "tiny-roberta": [
        "roberta.embeddings.position_embeddings.weight",
        "roberta.encoder.layer.0.attention.self.key.weight",
        "roberta.encoder.layer.1.output.dense.weight",
        "classifier.dense.weight",
        "classifier.out_proj.bias",
    ],
}


def main() -> None:
    for name, tensors in NAMED.items():
        seed_everything(0)
        directory = MODELS / name
        tokenizer = AutoTokenizer.from_pretrained(directory)
        model = AutoModelForSequenceClassification.from_pretrained(directory, attn_implementation="eager")
        model.eval()  # dropout off; gradients are still tracked
        encoded = tokenizer(TEXTS, padding=True, truncation=True, max_length=64, return_tensors="pt")
        ids = [
            [int(i) for i, m in zip(row, mask) if m == 1]
            for row, mask in zip(encoded["input_ids"].tolist(), encoded["attention_mask"].tolist())
        ]
        labels = torch.tensor(LABELS)
        output = model(**encoded, labels=labels)
        output.loss.backward()
        parameters = dict(model.named_parameters())
        gradients = {n: parameters[n].grad.detach().clone() for n in tensors}
        norm = torch.nn.utils.clip_grad_norm_(model.parameters(), MAX_NORM)
        def decays(n: str) -> bool:
            return not (n.endswith(".bias") or "LayerNorm" in n or "layer_norm" in n)

        decay = [p for n, p in model.named_parameters() if decays(n)]
        no_decay = [p for n, p in model.named_parameters() if not decays(n)]
        optimizer = torch.optim.AdamW(
            [{"params": decay, "weight_decay": WEIGHT_DECAY}, {"params": no_decay, "weight_decay": 0.0}],
            lr=LEARNING_RATE, betas=(0.9, 0.999), eps=1e-8)
        optimizer.step()
        after = {n: parameters[n].detach().clone() for n in tensors}
        out = FIXTURES / "training" / name
        write_json(out / "step.json", {
            "model": name,
            "texts": TEXTS,
            "ids": ids,
            "labels": LABELS,
            "loss": float(output.loss.detach()),
            "logits": floats(output.logits),
            "gradient_norm": float(norm),
            "learning_rate": LEARNING_RATE,
            "weight_decay": WEIGHT_DECAY,
            "max_norm": MAX_NORM,
            "tensors": tensors,
        })
        stored = {f"grad.{n}": g for n, g in gradients.items()}
        stored.update({f"after.{n}": w for n, w in after.items()})
        write_tensors(out / "step.safetensors", stored)
        print(f"{name}: loss {float(output.loss):.6f}, gradient norm {float(norm):.4f}")


if __name__ == "__main__":
    main()
