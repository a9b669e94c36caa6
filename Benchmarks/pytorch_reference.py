#!/usr/bin/env python3
"""Times PyTorch/transformers on the work the Swift engine does, for EngineBenchmark to compare against.

    python3 Benchmarks/pytorch_reference.py --model DIR --lengths 128 256 512 --repeats 5 --task forward
    python3 Benchmarks/pytorch_reference.py --model DIR --lengths 128 --repeats 5 --task explain

DIR is a BERT checkpoint with a WordPiece tokenizer, e.g. .cache/models/all-MiniLM-L6-v2 (a BertModel: the
3-label head is drawn at random with a fixed seed). The input for length n is [CLS] + n-2 word ids drawn
with a fixed seed from the vocabulary's whole words + [SEP], without padding.

- forward: eager BertForSequenceClassification under torch.inference_mode.
- explain: word embeddings fed as a leaf `inputs_embeds`, forward with output_attentions, retain_grad on the
  attentions, backward from the predicted logit (parameters frozen, so no weight gradients), then rollout
  and gradient-weighted attention (Scripts/reference/attribution_reference.py).

Two warm-up runs, then --repeats timed runs. Prints one JSON line per length on stdout:
{"task": ..., "tokens": n, "median_ms": ..., "min_ms": ..., "threads": torch.get_num_threads()}

    python3 Benchmarks/pytorch_reference.py --model DIR --serve

With --serve it loads the model once and answers requests on stdin, one per line, "TASK N" (e.g. "explain 512"):
the first request for a (task, length) pair runs the two warm-ups first; each answer is one timed run, printed as
{"task": ..., "tokens": n, "ms": ..., "threads": ...}. EngineBenchmark pairs every Swift run with one of these
runs right before or after it, so that both sides see the shared machine in the same state. An empty line or
end of input stops it. Diagnostics go to stderr. torch keeps its default thread count.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
import warnings
from pathlib import Path

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
warnings.filterwarnings("ignore")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Scripts" / "reference"))

import torch  # noqa: E402
import transformers  # noqa: E402

import attribution_reference as reference  # noqa: E402

transformers.logging.set_verbosity_error()
transformers.utils.logging.disable_progress_bar()

WARM_UP = 2


def vocabulary(directory: Path) -> dict[str, int]:
    """Token -> id from tokenizer.json (WordPiece) or vocab.txt."""
    if (directory / "tokenizer.json").is_file():
        model = json.loads((directory / "tokenizer.json").read_text(encoding="utf-8"))["model"]
        if model.get("type") != "WordPiece":
            kind = model.get("type")
            raise SystemExit(f"error: {directory / 'tokenizer.json'}: expected a WordPiece model, got {kind}")
        return model["vocab"]
    if (directory / "vocab.txt").is_file():
        lines = (directory / "vocab.txt").read_text(encoding="utf-8").splitlines()
        return {token: index for index, token in enumerate(lines)}
    raise SystemExit(f"error: {directory} has neither tokenizer.json nor vocab.txt")


def input_ids(vocab: dict[str, int], n: int) -> torch.Tensor:
    """[1, n]: [CLS], n-2 seeded whole-word ids, [SEP]."""
    for token in ("[CLS]", "[SEP]"):
        if token not in vocab:
            raise SystemExit(f"error: the vocabulary has no {token}")
    words = sorted(i for t, i in vocab.items() if t.isascii() and t.isalpha() and t.islower() and len(t) > 1)
    rng = random.Random(n)
    body = [rng.choice(words) for _ in range(n - 2)]
    return torch.tensor([[vocab["[CLS]"], *body, vocab["[SEP]"]]])


def load(directory: Path):
    """Eager BertForSequenceClassification in float32; a missing head is drawn with seed 0."""
    torch.manual_seed(0)
    try:
        model = transformers.BertForSequenceClassification.from_pretrained(
            str(directory), num_labels=3, attn_implementation="eager", dtype=torch.float32
        )
    except (OSError, ValueError) as error:
        raise SystemExit(f"error: cannot load a BERT checkpoint from {directory}: {error}") from None
    return model.eval().requires_grad_(False)


def forward(model, ids: torch.Tensor) -> None:
    with torch.inference_mode():
        model(input_ids=ids, attention_mask=torch.ones_like(ids)).logits.argmax()


def explain(model, ids: torch.Tensor) -> None:
    captured = reference.capture(model, ids)  # forward + backward from the predicted logit
    reference.rollout(captured["attentions"])
    reference.gradient_weighted(captured["attentions"], captured["grad_attentions"])


def serve(model, vocab: dict[str, int], limit: int) -> None:
    """Answers "TASK N" lines on stdin with one timed run each (after two warm-ups for a new pair)."""
    tasks = {"forward": forward, "explain": explain}
    warmed: set[tuple[str, int]] = set()
    for line in sys.stdin:
        words = line.split()
        if not words:
            break
        if len(words) != 2 or words[0] not in tasks or not words[1].isdigit() or not 2 <= int(words[1]) <= limit:
            print(json.dumps({"error": f"expected 'forward|explain N' with 2 <= N <= {limit}, got {line.strip()!r}"}))
            sys.stdout.flush()
            continue
        task, n = words[0], int(words[1])
        ids = input_ids(vocab, n)
        if (task, n) not in warmed:
            for _ in range(WARM_UP):
                tasks[task](model, ids)
            warmed.add((task, n))
        start = time.perf_counter()
        tasks[task](model, ids)
        elapsed = (time.perf_counter() - start) * 1000.0
        record = {"task": task, "tokens": n, "ms": round(elapsed, 3), "threads": torch.get_num_threads()}
        print(json.dumps(record), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, required=True, help="BERT checkpoint directory")
    parser.add_argument("--lengths", type=int, nargs="+", default=[128, 256, 512], help="token counts")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per length")
    parser.add_argument("--task", choices=["forward", "explain"], default="forward", help="what to time")
    parser.add_argument("--serve", action="store_true", help="answer 'TASK N' requests on stdin, one run each")
    arguments = parser.parse_args()
    if arguments.repeats < 1:
        parser.error("--repeats must be at least 1")

    model = load(arguments.model)
    vocab = vocabulary(arguments.model)
    limit = model.config.max_position_embeddings
    if arguments.serve:
        serve(model, vocab, limit)
        return
    work = forward if arguments.task == "forward" else explain
    for n in arguments.lengths:
        if not 2 <= n <= limit:
            parser.error(f"length {n} is outside 2...{limit} for {arguments.model}")
        ids = input_ids(vocab, n)
        for _ in range(WARM_UP):
            work(model, ids)
        times = []
        for _ in range(arguments.repeats):
            start = time.perf_counter()
            work(model, ids)
            times.append((time.perf_counter() - start) * 1000.0)
        record = {
            "task": arguments.task,
            "tokens": n,
            "median_ms": round(statistics.median(times), 3),
            "min_ms": round(min(times), 3),
            "threads": torch.get_num_threads(),
        }
        print(json.dumps(record), flush=True)


if __name__ == "__main__":
    main()
