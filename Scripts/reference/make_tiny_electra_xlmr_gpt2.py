"""Writes the tiny random ELECTRA, XLM-RoBERTa and GPT-2 checkpoints under Tests/Fixtures/models/.

tiny-electra: ElectraForSequenceClassification, embedding_size 16 ≠ hidden 32 (so `embeddings_project` is
  present), 2 layers, 4 heads, intermediate 64, 64 positions, hidden_act "gelu"; the lowercase WordPiece of
  tiny-bert (`train_wordpiece`).
tiny-xlm-roberta: XLMRobertaForSequenceClassification, hidden 32, 2 layers, 4 heads, intermediate 64, 66
  positions (two used by the padding offset), pad 1; a SentencePiece-style Unigram (see `train_unigram`,
  Metaspace pre-tokenizer, `<s> $A </s>`), saved as tokenizer.json. The Swift model tests feed
  the fixture ids directly, so they do not depend on a Unigram tokenizer in Swift.
tiny-gpt2: GPT2ForSequenceClassification, n_embd 32, 2 layers, 4 heads, n_inner null (4 · 32), 64 positions,
  activation "gelu_new", pad_token_id = eos = `<|endoftext|>` (as GPT-2 classifiers are usually padded); a
  byte-level BPE of 400 tokens without special tokens added around the text (GPT-2's tokenizer adds none).

All three have labels approve/refer/decline and every parameter drawn from N(0, 0.2²) (LayerNorm gains from
N(1, 0.2²)), so attention is far from uniform. Deterministic: seeded, and rerunning rewrites identical files.

Usage: python3 Scripts/reference/make_tiny_electra_xlmr_gpt2.py
"""

from __future__ import annotations

import math

from make_tiny_checkpoints import (
    CORPUS,
    INIT_STD,
    MAX_TOKENS,
    fresh_directory,
    save_wordpiece,
    train_wordpiece,
)
from reference_common import ID2LABEL, LABEL2ID, MODELS, seed_everything

import torch
from tokenizers import ByteLevelBPETokenizer, Tokenizer
from tokenizers.decoders import Metaspace as MetaspaceDecoder
from tokenizers.models import Unigram
from tokenizers.normalizers import NFKC
from tokenizers.pre_tokenizers import Metaspace
from tokenizers.processors import TemplateProcessing
from transformers import (
    AutoTokenizer,
    ElectraConfig,
    ElectraForSequenceClassification,
    GPT2Config,
    GPT2ForSequenceClassification,
    GPT2TokenizerFast,
    XLMRobertaConfig,
    XLMRobertaForSequenceClassification,
    XLMRobertaTokenizerFast,
)

NAMES = ["tiny-electra", "tiny-xlm-roberta", "tiny-gpt2"]
SPECIAL_XLMR = ["<s>", "<pad>", "</s>", "<unk>"]


def initialise(model: torch.nn.Module, seed: int) -> None:
    """Redraws every parameter: N(0, 0.2²), LayerNorm gains (BERT `LayerNorm`, GPT-2 `ln_*`) N(1, 0.2²)."""
    torch.manual_seed(seed)
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            gain = name.endswith(".weight") and ("LayerNorm" in name or ".ln_" in name)
            parameter.normal_(1.0 if gain else 0.0, INIT_STD)


def train_unigram():
    """A Unigram of XLM-R's layout: `<s>`, `<pad>`, `</s>`, `<unk>` at ids 0-3, `<mask>` last, `<s> $A </s>`.

    The `tokenizers` Unigram trainer gives different pieces and scores from run to run (its EM sums in parallel
    in a varying order), so the pieces are derived here instead, deterministically: the tiny WordPiece's
    vocabulary turned into SentencePiece form (word-initial pieces with "▁", `##` continuations bare) plus every
    character of the corpus, each scored by the log of its relative frequency in the "▁"-joined corpus.
    """
    words = [word for paragraph in CORPUS for word in paragraph.split()]
    text = "".join("▁" + word for word in words)
    pieces = {"▁"} | set(text)
    for token in train_wordpiece().get_vocab():
        if token.startswith("[") and token.endswith("]"):
            continue
        pieces.add(token[2:] if token.startswith("##") else "▁" + token)
        pieces.add(token[2:] if token.startswith("##") else token)
    counts = {piece: text.count(piece) + 1 for piece in pieces}
    total = sum(counts.values())
    scored = sorted(((piece, math.log(count / total)) for piece, count in counts.items()), key=lambda i: (-i[1], i[0]))
    vocab = [(token, 0.0) for token in SPECIAL_XLMR] + [(piece, round(score, 6)) for piece, score in scored]
    tokenizer = Tokenizer(Unigram(vocab, unk_id=3, byte_fallback=False))
    tokenizer.normalizer = NFKC()
    tokenizer.pre_tokenizer = Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.decoder = MetaspaceDecoder(replacement="▁", prepend_scheme="always")
    tokenizer.add_special_tokens(SPECIAL_XLMR + ["<mask>"])
    tokenizer.post_processor = TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>", special_tokens=[("<s>", 0), ("</s>", 2)]
    )
    return tokenizer


def train_gpt2_bpe():
    """A 400-token byte-level BPE with `<|endoftext|>` at id 0 and no post-processor (GPT-2 adds no tokens)."""
    trainer = ByteLevelBPETokenizer(add_prefix_space=False, trim_offsets=True)
    trainer.train_from_iterator(
        CORPUS, vocab_size=400, min_frequency=1, special_tokens=["<|endoftext|>"], show_progress=False
    )
    return trainer._tokenizer


def resave_as_loaded(directory) -> None:
    """Loads the saved tokenizer with AutoTokenizer and saves it again.

    transformers 5 rebuilds some tokenizers' pipelines from the vocabulary on load (XLM-R's Metaspace, for
    instance), so the file written from a `tokenizers` object can behave differently from the tokenizer
    transformers runs; the second save writes the pipeline transformers actually uses.
    """
    AutoTokenizer.from_pretrained(str(directory)).save_pretrained(str(directory))


def main() -> None:
    seed_everything(0)
    common = dict(num_labels=3, id2label=ID2LABEL, label2id=LABEL2ID)

    wordpiece = train_wordpiece()
    electra_config = ElectraConfig(
        vocab_size=wordpiece.get_vocab_size(),
        embedding_size=16,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=4,
        intermediate_size=64,
        max_position_embeddings=MAX_TOKENS,
        type_vocab_size=2,
        hidden_act="gelu",
        layer_norm_eps=1e-12,
        pad_token_id=wordpiece.token_to_id("[PAD]"),
        **common,
    )
    electra = ElectraForSequenceClassification(electra_config).eval()
    initialise(electra, seed=4)
    directory = fresh_directory("tiny-electra")
    electra.save_pretrained(str(directory), safe_serialization=True)
    save_wordpiece(directory, wordpiece)

    unigram = train_unigram()
    xlmr_config = XLMRobertaConfig(
        vocab_size=unigram.get_vocab_size(),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=4,
        intermediate_size=64,
        max_position_embeddings=MAX_TOKENS + 2,
        type_vocab_size=1,
        hidden_act="gelu",
        layer_norm_eps=1e-5,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        **common,
    )
    xlmr = XLMRobertaForSequenceClassification(xlmr_config).eval()
    initialise(xlmr, seed=5)
    directory = fresh_directory("tiny-xlm-roberta")
    xlmr.save_pretrained(str(directory), safe_serialization=True)
    XLMRobertaTokenizerFast(
        tokenizer_object=unigram,
        model_max_length=MAX_TOKENS,
        bos_token="<s>",
        eos_token="</s>",
        sep_token="</s>",
        cls_token="<s>",
        unk_token="<unk>",
        pad_token="<pad>",
        mask_token="<mask>",
    ).save_pretrained(str(directory))
    resave_as_loaded(directory)

    bpe = train_gpt2_bpe()
    eos = bpe.token_to_id("<|endoftext|>")
    gpt2_config = GPT2Config(
        vocab_size=bpe.get_vocab_size(),
        n_embd=32,
        n_layer=2,
        n_head=4,
        n_inner=None,
        n_positions=MAX_TOKENS,
        activation_function="gelu_new",
        layer_norm_epsilon=1e-5,
        bos_token_id=eos,
        eos_token_id=eos,
        pad_token_id=eos,
        **common,
    )
    gpt2 = GPT2ForSequenceClassification(gpt2_config).eval()
    initialise(gpt2, seed=6)
    directory = fresh_directory("tiny-gpt2")
    gpt2.save_pretrained(str(directory), safe_serialization=True)
    GPT2TokenizerFast(
        tokenizer_object=bpe,
        model_max_length=MAX_TOKENS,
        bos_token="<|endoftext|>",
        eos_token="<|endoftext|>",
        unk_token="<|endoftext|>",
        pad_token="<|endoftext|>",
        add_prefix_space=False,
    ).save_pretrained(str(directory))
    resave_as_loaded(directory)

    for name in NAMES:
        files = sorted(p.name for p in (MODELS / name).iterdir())
        print(f"{name}: {', '.join(files)}")


if __name__ == "__main__":
    main()
