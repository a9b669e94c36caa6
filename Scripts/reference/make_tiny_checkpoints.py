"""Writes the tiny random checkpoints under Tests/Fixtures/models/.

tiny-bert, tiny-distilbert, tiny-roberta: hidden 32, 2 layers, 4 heads, intermediate 64, 3 labels
(approve/refer/decline), every parameter drawn from a normal with std 0.2 (LayerNorm gains around 1) so that
attention maps are far from uniform. tiny-bert-f16 and tiny-bert-bf16 are tiny-bert stored in half precision.

Tokenizers are learned from the paragraphs below: a lowercase WordPiece (300 tokens, see train_wordpiece for
why its vocabulary is built here rather than by the `tokenizers` trainer) shared by tiny-bert and
tiny-distilbert, and a byte-level BPE (400 tokens, `tokenizers` ByteLevelBPETokenizer trainer) for tiny-roberta.

Usage: python3 Scripts/reference/make_tiny_checkpoints.py
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

from reference_common import ID2LABEL, LABEL2ID, MODELS, seed_everything

import torch
from tokenizers import BertWordPieceTokenizer, ByteLevelBPETokenizer, Tokenizer
from tokenizers.models import WordPiece
from tokenizers.processors import RobertaProcessing
from transformers import (
    BertConfig,
    BertForSequenceClassification,
    BertTokenizerFast,
    DistilBertConfig,
    DistilBertForSequenceClassification,
    RobertaConfig,
    RobertaForSequenceClassification,
    RobertaTokenizerFast,
)

MAX_TOKENS = 64
INIT_STD = 0.2

CORPUS = [
    "The applicant requests a loan of 12,000 euros to renovate a small bakery in the old town. Her income "
    "has been stable for six years, and the debt ratio is low.",
    "The bank refers the file to a senior officer when the credit history is short, when the collateral is "
    "uncertain, or when the requested amount exceeds 250,000 dollars.",
    "We decline applications that show missed payments, unpaid taxes, or an income that cannot be verified. "
    "A declined applicant may ask for a review within 30 days.",
    "Café owners wrote a naïve résumé of their revenue; the auditor asked for the full statement, the "
    "rental contract and two recent payslips before any approval.",
    "Interest rates rose to 4.5% in 2023, so the monthly payment of the mortgage grew from 980 to 1,140. "
    "The customer wants to refinance the remaining balance.",
    "Is the business profitable? Yes: the accounts show a margin of 18% and no overdue invoices! The "
    "officer recommends approval (subject to insurance).",
    "Students, farmers and small firms apply for credit every week; each decision must be explained, "
    "documented and kept for audit.",
    "The model reads the document, weighs each word, and proposes: approve, refer or decline. A person "
    "checks the proposal and signs the dossier.",
]

SPECIAL_WORDPIECE = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
SPECIAL_ROBERTA = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]


def initialise(model: torch.nn.Module, seed: int) -> None:
    """Redraws every parameter: N(0, 0.2²) for weights and biases, N(1, 0.2²) for LayerNorm gains."""
    torch.manual_seed(seed)
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if "LayerNorm.weight" in name or "layer_norm.weight" in name:
                parameter.normal_(1.0, INIT_STD)
            else:
                parameter.normal_(0.0, INIT_STD)


def write_vocab_txt(directory: Path, tokenizer: Tokenizer) -> None:
    """Writes vocab.txt (one token per line, line number = id), as BERT's slow tokenizer expects."""
    vocab = tokenizer.get_vocab(with_added_tokens=True)
    by_id = sorted(vocab.items(), key=lambda item: item[1])
    if [i for _, i in by_id] != list(range(len(by_id))):
        raise AssertionError("WordPiece vocabulary ids are not contiguous")
    (directory / "vocab.txt").write_text("".join(token + "\n" for token, _ in by_id), encoding="utf-8")


def train_wordpiece(vocab_size: int = 300) -> Tokenizer:
    """A lowercase BERT WordPiece tokenizer whose vocabulary is learned from CORPUS by pair merges.

    The `tokenizers` WordPiece trainer (BertWordPieceTokenizer.train) gives a different vocabulary on every
    run: it numbers the `##` pieces in hash-map order and breaks ties between equally frequent pairs by those
    numbers. This builds the vocabulary with the same rule (merge the most frequent adjacent pair, weighted by
    word counts) but breaks ties by the merged string, then wraps it in the standard BERT pipeline of
    `tokenizers` (BertNormalizer, BertPreTokenizer, WordPiece, [CLS] $A [SEP] template).
    """
    shell = BertWordPieceTokenizer(vocab={token: i for i, token in enumerate(SPECIAL_WORDPIECE)}, lowercase=True)
    tokenizer = shell._tokenizer
    counts: Counter[str] = Counter()
    for paragraph in CORPUS:
        normalized = tokenizer.normalizer.normalize_str(paragraph)
        counts.update(word for word, _ in tokenizer.pre_tokenizer.pre_tokenize_str(normalized))
    words = {word: [word[0]] + ["##" + c for c in word[1:]] for word in sorted(counts)}
    vocab = list(SPECIAL_WORDPIECE) + sorted({symbol for pieces in words.values() for symbol in pieces})
    known = set(vocab)
    while len(vocab) < vocab_size:
        pairs: Counter[tuple[str, str]] = Counter()
        for word, pieces in words.items():
            for left, right in zip(pieces, pieces[1:]):
                pairs[(left, right)] += counts[word]
        if not pairs:
            break
        (left, right), _ = min(pairs.items(), key=lambda item: (-item[1], item[0][0] + item[0][1][2:]))
        merged = left + right[2:]
        for word, pieces in words.items():
            index, out = 0, []
            while index < len(pieces):
                if index + 1 < len(pieces) and pieces[index] == left and pieces[index + 1] == right:
                    out.append(merged)
                    index += 2
                else:
                    out.append(pieces[index])
                    index += 1
            words[word] = out
        if merged not in known:
            known.add(merged)
            vocab.append(merged)
    tokenizer.model = WordPiece(vocab={token: i for i, token in enumerate(vocab)}, unk_token="[UNK]")
    return tokenizer


def train_byte_level_bpe() -> Tokenizer:
    trainer = ByteLevelBPETokenizer(add_prefix_space=False, trim_offsets=True)
    trainer.train_from_iterator(
        CORPUS, vocab_size=400, min_frequency=1, special_tokens=SPECIAL_ROBERTA, show_progress=False
    )
    tokenizer = trainer._tokenizer
    tokenizer.post_processor = RobertaProcessing(
        ("</s>", tokenizer.token_to_id("</s>")),
        ("<s>", tokenizer.token_to_id("<s>")),
        trim_offsets=True,
        add_prefix_space=False,
    )
    return tokenizer


def save_wordpiece(directory: Path, tokenizer: Tokenizer) -> None:
    fast = BertTokenizerFast(
        tokenizer_object=tokenizer,
        do_lower_case=True,
        model_max_length=MAX_TOKENS,
        unk_token="[UNK]",
        sep_token="[SEP]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        mask_token="[MASK]",
    )
    fast.save_pretrained(str(directory))
    write_vocab_txt(directory, tokenizer)


def save_roberta_tokenizer(directory: Path, tokenizer: Tokenizer) -> None:
    fast = RobertaTokenizerFast(
        tokenizer_object=tokenizer,
        model_max_length=MAX_TOKENS,
        bos_token="<s>",
        eos_token="</s>",
        sep_token="</s>",
        cls_token="<s>",
        unk_token="<unk>",
        pad_token="<pad>",
        mask_token="<mask>",
        add_prefix_space=False,
        trim_offsets=True,
    )
    fast.save_pretrained(str(directory))
    tokenizer.model.save(str(directory))  # vocab.json + merges.txt for readers that want them


def fresh_directory(name: str) -> Path:
    directory = MODELS / name
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    return directory


def main() -> None:
    seed_everything(0)
    wordpiece = train_wordpiece()
    bpe = train_byte_level_bpe()
    if bpe.token_to_id("<pad>") != 1 or bpe.token_to_id("<s>") != 0 or bpe.token_to_id("</s>") != 2:
        raise AssertionError("byte-level BPE special tokens are not at RoBERTa's ids 0/1/2")
    common = dict(num_labels=3, id2label=ID2LABEL, label2id=LABEL2ID)

    bert_config = BertConfig(
        vocab_size=wordpiece.get_vocab_size(),
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
    bert = BertForSequenceClassification(bert_config).eval()
    initialise(bert, seed=1)
    directory = fresh_directory("tiny-bert")
    bert.save_pretrained(str(directory), safe_serialization=True)
    save_wordpiece(directory, wordpiece)

    for name, dtype in (("tiny-bert-f16", torch.float16), ("tiny-bert-bf16", torch.bfloat16)):
        directory = fresh_directory(name)
        half = BertForSequenceClassification(bert_config).eval()
        half.load_state_dict(bert.state_dict())
        half.to(dtype).save_pretrained(str(directory), safe_serialization=True)
        save_wordpiece(directory, wordpiece)

    distil_config = DistilBertConfig(
        vocab_size=wordpiece.get_vocab_size(),
        dim=32,
        n_layers=2,
        n_heads=4,
        hidden_dim=64,
        max_position_embeddings=MAX_TOKENS,
        activation="gelu",
        sinusoidal_pos_embds=False,
        pad_token_id=wordpiece.token_to_id("[PAD]"),
        **common,
    )
    distil = DistilBertForSequenceClassification(distil_config).eval()
    initialise(distil, seed=2)
    directory = fresh_directory("tiny-distilbert")
    distil.save_pretrained(str(directory), safe_serialization=True)
    save_wordpiece(directory, wordpiece)

    roberta_config = RobertaConfig(
        vocab_size=bpe.get_vocab_size(),
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
    roberta = RobertaForSequenceClassification(roberta_config).eval()
    initialise(roberta, seed=3)
    directory = fresh_directory("tiny-roberta")
    roberta.save_pretrained(str(directory), safe_serialization=True)
    save_roberta_tokenizer(directory, bpe)

    for name in ("tiny-bert", "tiny-bert-f16", "tiny-bert-bf16", "tiny-distilbert", "tiny-roberta"):
        files = sorted(p.name for p in (MODELS / name).iterdir())
        print(f"{name}: {', '.join(files)}")


if __name__ == "__main__":
    main()
