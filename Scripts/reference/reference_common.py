"""Shared helpers for the reference-fixture scripts: paths, seeding, deterministic file writing.

Every script in this folder imports this module first. It pins torch to one thread and to deterministic
algorithms so that rerunning a script rewrites byte-identical files.
"""

from __future__ import annotations

import json
import os
import random
import warnings
from pathlib import Path

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
warnings.filterwarnings("ignore")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402
from safetensors.torch import save_file  # noqa: E402

transformers.logging.set_verbosity_error()
transformers.utils.logging.disable_progress_bar()

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "Tests" / "Fixtures"
MODELS = FIXTURES / "models"
ATTRIBUTION = FIXTURES / "attribution"
BASE_MODEL = REPO / ".cache" / "models" / "all-MiniLM-L6-v2"

LABELS = ["approve", "refer", "decline"]
ID2LABEL = {i: label for i, label in enumerate(LABELS)}
LABEL2ID = {label: i for i, label in enumerate(LABELS)}

TINY_MODELS = ["tiny-bert", "tiny-distilbert", "tiny-roberta"]
TINY_HALF_MODELS = ["tiny-bert-f16", "tiny-bert-bf16"]


def seed_everything(seed: int) -> None:
    """Seeds Python, NumPy and torch, and pins torch to one deterministic CPU thread."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)


def write_json(path: Path, value) -> None:
    """Writes `value` as UTF-8 JSON (non-ASCII kept), two-space indented, with a trailing newline."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(value, ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8")


def floats(tensor: torch.Tensor) -> list:
    """Converts a tensor to nested Python floats holding the exact float32 values."""
    return tensor.detach().to(torch.float32).to(torch.float64).tolist()


def write_tensors(path: Path, tensors: dict[str, torch.Tensor]) -> None:
    """Writes F32 contiguous tensors to a safetensors file (keys sorted by the format itself)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    clean = {name: t.detach().to(torch.float32).contiguous().clone() for name, t in tensors.items()}
    save_file(clean, str(path), metadata={"format": "pt"})


def require_base_model() -> Path:
    """Returns the cached all-MiniLM-L6-v2 directory or raises with the command that fetches it."""
    if not (BASE_MODEL / "model.safetensors").is_file():
        raise SystemExit(f"error: {BASE_MODEL} is missing; run `bash Scripts/fetch-base-model.sh` first")
    return BASE_MODEL


def check_tokenizer_matches_file(hf_tokenizer, model_dir: Path, text: str, max_length: int) -> None:
    """Asserts that the transformers tokenizer and the raw `tokenizer.json` agree on ids and offsets.

    The Swift tokenizer reads `tokenizer.json` only, so the fixture ids must be what that file produces.
    """
    from tokenizers import Tokenizer

    raw = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    raw.no_padding()
    raw.enable_truncation(max_length=max_length)
    expected = raw.encode(text)
    got = hf_tokenizer(text, truncation=True, max_length=max_length, return_offsets_mapping=True)
    if got["input_ids"] != expected.ids or [tuple(o) for o in got["offset_mapping"]] != expected.offsets:
        raise AssertionError(f"{model_dir.name}: transformers and tokenizer.json disagree on {text!r}")
