#!/usr/bin/env python3
"""Writes the reference fixtures for the Tokenizers tests with Hugging Face `tokenizers`.

Outputs, under Tests/Fixtures/tokenizers/:
  texts.json                          the nasty texts every tokenizer is checked on
  tiny-wordpiece/                     a tiny BERT-style WordPiece tokenizer trained here (tokenizer.json,
                                      vocab.txt, tokenizer_config.json), the committed WordPiece reference
  tiny-wordpiece.expected.json        its encodings, plus encodings of normaliser variants built from its vocab
  tiny-bpe/tokenizer.json             a tiny RoBERTa-style byte-level BPE (add_prefix_space = false, as roberta-base)
  tiny-bpe-prefix-space/tokenizer.json  the same vocabulary with add_prefix_space = true
  tiny-bpe*.expected.json             their encodings
  tiny-unigram/, tiny-unigram-deberta/, tiny-unigram-byte-fallback/
                                      SentencePiece Unigram tokenizer.json files (XLM-R, DeBERTa-v2 and
                                      SentencePiece-own stages) over one vocabulary trained by UnigramTrainer; the
                                      XLM-R one carries a Precompiled map compiled by sentencepiece from nmt_nfkc's
                                      rules for the blocks the texts use (needs the `sentencepiece` package)
  tiny-unigram*.expected.json         their encodings (the texts above plus UNIGRAM_TEXTS)
  all-MiniLM-L6-v2.expected.json      encodings by the real all-MiniLM-L6-v2 tokenizer (needs
                                      `bash Scripts/fetch-base-model.sh`; the model itself is not committed)

Offsets are Python `str` indices (Unicode scalars) into the original text, as `return_offsets_mapping` gives.
Truncation follows `tokenizer(text, truncation=True, max_length=n)`; the tokenizer.json truncation and padding
blocks are removed first, as the Swift side must ignore them.

Run from the repository root: python3 Scripts/reference/tokenizer_fixtures.py
(--unigram-only rewrites only the Unigram fixtures and UnicodeNormalizationTables.swift, --sweep-only only the
Unicode sweep.)
"""
import json
import os
import subprocess
import sys
import unicodedata
import zlib

from tokenizers import AddedToken, BertWordPieceTokenizer, ByteLevelBPETokenizer, Tokenizer, normalizers
from tokenizers import pre_tokenizers, processors
from tokenizers.models import WordPiece

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "tokenizers")
BASE_MODEL = os.path.join(ROOT, ".cache", "models", "all-MiniLM-L6-v2")

LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3  # 135 characters, over the 100 limit

# About 600 WordPiece tokens: a deterministic paragraph repeated with counters so it is not trivially periodic.
LONG_TEXT = " ".join(
    f"Paragraph {i}: the reviewer noted that claim #{i * 7} was “unsubstantiated”, so the model's score fell."
    for i in range(30)
)

TEXTS = [
    ("plain", "Hello, world! This is a simple sentence."),
    ("accents", "Café au lait, naïve façade, Ångström, Øre, résumé, Zürich."),
    ("combining", "cafe\u0301 vs café; e\u0301\u0323 stacked; n\u0303o"),
    ("quotes_dashes", "“Quoted” ‘single’ — em-dash – en-dash … «guillemets» „low“ ‹one›"),
    ("cjk", "日本語のテキストと中文混合，한국어도 있습니다。"),
    ("emoji", "I love it 😍👍🏽 family 👨\u200d👩\u200d👧\u200d👦 flag 🇫🇷 melt 🫠!"),
    ("vietnamese", "Tiếng Việt có dấu: Người ta nói rằng học, học nữa."),
    ("greek", "Η γρήγορη καφέ αλεπού — ΣΊΣΥΦΟΣ και Ωμέγα."),
    ("cyrillic", "Съешь же ещё этих мягких французских булок, да выпей чаю."),
    ("arabic", "مرحبا بالعالم، هذا اختبار. عَرَبِيّ ١٢٣"),
    ("numbers", "1,234,567.89 and 12 500 € or 12\u202f500 €; 3.14e-10, -42, ½, x² and 2024-05-17."),
    ("urls", "See https://example.com/path?q=a&b=c#frag or mailto:foo.bar@example.org now."),
    ("controls", "tabs\tand\nnewlines\r\nand\x00nul\x07bell\ufffdrepl\u200bzwsp\u00adsoft\x85nel"),
    ("nbsp", "non\u00a0breaking\u2009thin\u3000ideographic\u2028line"),
    ("long_word", f"short {LONG_WORD} short"),
    ("empty", ""),
    ("whitespace_only", "   \t\n  "),
    ("casing", "HeLLo WORLD ǅungla İstanbul ﬁnance Straße ΌΛΑ"),
    ("devanagari", "नमस्ते दुनिया, क्या हाल है?"),
    ("thai", "ภาษาไทยง่ายนิดเดียว"),
    ("special_literals", "x [MASK] y [CLS]z <mask> and <s>too [SEP]  <mask>y\t<mask> end\u00a0<mask>"),
    ("contractions", "I'm sure don't they're we've you'll he'd it's 'quoted' O'Neil's DON'T"),
    ("spaces", "a  b   c    d\t\te \n f"),
    ("edges", " leading and trailing "),
    ("code", "func f(x: Int) -> [Int] { return x * 2 } // ok?"),
    ("hangul_decomposed", "\u1112\u1161\u11ab\u1100\u1173\u11af and 한글"),
    ("math", "∑∫√∞ ≤ ≥ ≠ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ℌ ①"),
    ("mixed_scripts", "The word 'naïve' (наивный, ナイーブ) — 素朴."),
    ("long_text", LONG_TEXT),
]

TRUNCATIONS = {"long_text": [8, 512]}
DEFAULT_TRUNCATIONS = [8]


def encoding_json(enc):
    return {
        "ids": enc.ids,
        "tokens": enc.tokens,
        "offsets": [list(o) for o in enc.offsets],
        "special": [bool(x) for x in enc.special_tokens_mask],
    }


def expected(tokenizer, name, extra=None, texts=None):
    tokenizer.no_truncation()
    tokenizer.no_padding()
    cases = []
    for key, text in texts or TEXTS:
        case = {
            "name": key,
            "text": text,
            "plain": encoding_json(tokenizer.encode(text, add_special_tokens=False)),
            # The long text is only checked truncated when special tokens are added (it is over 512 tokens).
            "withSpecialTokens": None if key == "long_text" else
            encoding_json(tokenizer.encode(text, add_special_tokens=True)),
            "truncated": [],
        }
        for max_length in TRUNCATIONS.get(key, DEFAULT_TRUNCATIONS):
            tokenizer.enable_truncation(max_length=max_length)
            enc = tokenizer.encode(text, add_special_tokens=True)
            tokenizer.no_truncation()
            case["truncated"].append({"maxLength": max_length, "encoding": encoding_json(enc)})
        cases.append(case)
    result = {"tokenizer": name, "generator": "Scripts/reference/tokenizer_fixtures.py", "cases": cases}
    if extra:
        result.update(extra)
    return result


def write_json(path, obj):
    """Compact JSON with one case (or one top-level entry) per line, ASCII-escaped so control characters survive."""
    def dumps(value):
        return json.dumps(value, ensure_ascii=True, separators=(",", ":"))

    lines = []
    if isinstance(obj, list):
        lines = ["[", ",\n".join(dumps(item) for item in obj), "]"]
    else:
        entries = []
        for key, value in obj.items():
            if isinstance(value, list) and key in ("cases", "variants"):
                entries.append(dumps(key) + ":[\n" + ",\n".join(dumps(item) for item in value) + "\n]")
            else:
                entries.append(dumps(key) + ":" + dumps(value))
        lines = ["{", ",\n".join(entries), "}"]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
        f.write("\n")


def without_truncation_and_padding(path):
    """tokenizer.json files as saved may carry truncation/padding blocks; the fixtures keep them null."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    data["truncation"] = None
    data["padding"] = None
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")


def training_corpus():
    base = [text for _, text in TEXTS if len(text) < 2000]
    english = [
        "The quick brown fox jumps over the lazy dog while the reviewer reads the report.",
        "Attention weights explain which tokens the classifier looked at before deciding.",
        "A dossier collects the evidence, the scores and the sentences that mattered most.",
        "Transformers tokenize text into pieces; each piece keeps the characters it came from.",
    ]
    return (base + english) * 20


def tiny_wordpiece():
    directory = os.path.join(OUT, "tiny-wordpiece")
    os.makedirs(directory, exist_ok=True)
    tok = BertWordPieceTokenizer(lowercase=True)
    tok.train_from_iterator(training_corpus(), vocab_size=420, min_frequency=2, limit_alphabet=200,
                            show_progress=False)
    tok.post_processor = processors.BertProcessing(("[SEP]", tok.token_to_id("[SEP]")),
                                                   ("[CLS]", tok.token_to_id("[CLS]")))
    tok.save(os.path.join(directory, "tokenizer.json"))
    without_truncation_and_padding(os.path.join(directory, "tokenizer.json"))
    tok.save_model(directory)  # vocab.txt
    with open(os.path.join(directory, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump({"do_lower_case": True, "strip_accents": None, "tokenize_chinese_chars": True,
                   "unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]",
                   "mask_token": "[MASK]", "tokenizer_class": "BertTokenizer", "model_max_length": 512}, f, indent=1)
        f.write("\n")
    loaded = Tokenizer.from_file(os.path.join(directory, "tokenizer.json"))
    vocab = sorted(loaded.get_vocab().items(), key=lambda kv: kv[1])
    vocabulary = [token for token, _ in vocab]

    variants = []
    for lowercase, strip_accents in [(False, None), (False, True), (True, False)]:
        variant = Tokenizer(WordPiece(dict(vocab), unk_token="[UNK]", max_input_chars_per_word=100))
        variant.normalizer = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=True,
                                                        strip_accents=strip_accents, lowercase=lowercase)
        variant.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
        cls_id, sep_id = loaded.token_to_id("[CLS]"), loaded.token_to_id("[SEP]")
        variant.post_processor = processors.TemplateProcessing(
            single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
            special_tokens=[("[CLS]", cls_id), ("[SEP]", sep_id)])
        variant.add_special_tokens(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])
        entry = expected(variant, "tiny-wordpiece variant", texts=[kt for kt in TEXTS if kt[0] != "long_text"])
        # Variants check the normaliser options; special tokens and truncation are checked on the main cases.
        cases = [{"name": c["name"], "text": c["text"], "plain": c["plain"], "truncated": []} for c in entry["cases"]]
        variants.append({"lowercase": lowercase, "stripAccents": strip_accents, "cases": cases})
    write_json(os.path.join(OUT, "tiny-wordpiece.expected.json"),
               expected(loaded, "tiny-wordpiece", {"vocabulary": vocabulary, "variants": variants}))


ADDED_TOKEN_TEXTS = [
    ("added_normalized", "A NAIVE naïve Naïve naive naïveté, Naïvely"),
    ("added_single_word", "e-mail xe-mail e-mails (e-mail) e-mail"),
    ("added_rstrip", "<unused>   x <unused>\t[MASK]<unused>"),
]


def tiny_wordpiece_added():
    """tiny-wordpiece plus added tokens with the options `added_tokens` can carry: normalized (matched in the
    lower-cased, accent-stripped text), single_word, rstrip."""
    source = os.path.join(OUT, "tiny-wordpiece", "tokenizer.json")
    directory = os.path.join(OUT, "tiny-wordpiece-added")
    os.makedirs(directory, exist_ok=True)
    tok = Tokenizer.from_file(source)
    tok.add_tokens([AddedToken("Naïve", normalized=True), AddedToken("e-mail", single_word=True, normalized=False)])
    tok.add_special_tokens([AddedToken("<unused>", rstrip=True, normalized=False)])
    path = os.path.join(directory, "tokenizer.json")
    tok.save(path)
    without_truncation_and_padding(path)
    loaded = Tokenizer.from_file(path)
    texts = [kt for kt in TEXTS if kt[0] != "long_text"] + ADDED_TOKEN_TEXTS
    write_json(os.path.join(OUT, "tiny-wordpiece-added.expected.json"),
               expected(loaded, "tiny-wordpiece-added", texts=texts))


def tiny_bpe():
    special = ["<s>", "<pad>", "</s>", "<unk>", AddedToken("<mask>", lstrip=True, special=True)]
    trainer_tok = ByteLevelBPETokenizer(add_prefix_space=False)
    trainer_tok.train_from_iterator(training_corpus(), vocab_size=256 + 5 + 300, min_frequency=2,
                                    special_tokens=special, show_progress=False)
    for directory_name, prefix in [("tiny-bpe", False), ("tiny-bpe-prefix-space", True)]:
        directory = os.path.join(OUT, directory_name)
        os.makedirs(directory, exist_ok=True)
        tok = trainer_tok._tokenizer
        tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=prefix, trim_offsets=True)
        tok.post_processor = processors.RobertaProcessing(
            ("</s>", tok.token_to_id("</s>")), ("<s>", tok.token_to_id("<s>")),
            trim_offsets=True, add_prefix_space=prefix)
        path = os.path.join(directory, "tokenizer.json")
        tok.save(path)
        without_truncation_and_padding(path)
        loaded = Tokenizer.from_file(path)
        write_json(os.path.join(OUT, f"{directory_name}.expected.json"), expected(loaded, directory_name))


# --- SentencePiece Unigram (XLM-RoBERTa, DeBERTa-v2/v3) ------------------------------------------------------------

UNIGRAM_TEXTS = [
    ("fullwidth", "ＡＢＣ ｆｕｌｌ－ｗｉｄｔｈ １２３！ ｶﾀｶﾅ ﾊﾟﾝ ＂quoted＂"),
    ("ligatures", "ﬁnance ﬂow ﬀ ﬃ ﬄ ﬅ ﬆ œuvre Ĳssel"),
    ("compatibility", "① ⑳ ㍿ ㌔ ™ № ℃ ½ ² ⅷ ㈱ 🄰 ℌ 𝔘 ﹏"),
    ("combining_sequences", "e\u0301 a\u0308 A\u030a n\u0303 ﬁ\u0301 ①\u0301 \u0301start x\u0301\u0302 ｅ\u0301"),
    ("unknown_scripts", "ᚠᛇᚻ ꦄꦏ 𓀀𓁐 ⴰⵣ ☃☃ ꙮ"),
    ("whitespace_runs", "  a   b\t\t c \u3000\u3000d  \n\n e   "),
    ("nul_and_controls", "a\x00b\x01c\x1fd\x7fe"),
    ("backquotes", "``quoted'' and ''single`` ``"),
    ("metaspace_literal", "▁already ▁▁double a▁b ▁"),
    ("mask_literal", "x <mask> y<mask>z [MASK] <s>"),
]

# nmt_nfkc's rules for these blocks only: the whole map is 320 KB of base64, this subset about 57 KB.
UNIGRAM_CHARSMAP_BLOCKS = [
    (0x0, 0x24F), (0x300, 0x36F), (0x370, 0x3FF), (0x400, 0x4FF), (0x1E00, 0x1EFF), (0x2000, 0x24FF),
    (0x2E80, 0x2FDF), (0x3000, 0x30FF), (0x3130, 0x318F), (0x3200, 0x33FF), (0xFB00, 0xFB4F), (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF), (0x1D400, 0x1D7FF), (0x1F100, 0x1F1FF),
]


def spm_charsmap(**normalization):
    """The `precompiled_charsmap` sentencepiece compiles for a normalisation rule (a tiny char model is trained)."""
    import io
    import sentencepiece
    from sentencepiece import sentencepiece_model_pb2
    buffer = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(["abc def"] * 50), model_writer=buffer, vocab_size=10, model_type="char",
        minloglevel=3, **normalization)
    proto = sentencepiece_model_pb2.ModelProto()
    proto.ParseFromString(buffer.getvalue())
    return proto.normalizer_spec.precompiled_charsmap


def charsmap_rules(charsmap):
    """Every (source, replacement) of a compiled charsmap: a walk of its double-array trie (sentencepiece's
    Darts format: u32 trie size, the u32 units, then the NUL-separated replacements)."""
    import struct
    (size,) = struct.unpack_from("<I", charsmap, 0)
    units = struct.unpack_from("<%dI" % (size // 4), charsmap, 4)
    blob = charsmap[4 + size:]
    rules = {}

    def walk(position, key):
        for label in range(1, 256):
            child = position ^ label
            if child >= len(units) or units[child] & ((1 << 31) | 0xFF) != label:
                continue
            unit = units[child]
            next_position = child ^ ((unit >> 10) << ((unit & (1 << 9)) >> 6))
            if (unit >> 8) & 1:
                start = units[next_position] & ((1 << 31) - 1)
                rules[(key + bytes([label])).decode()] = blob[start:blob.index(b"\0", start)].decode()
            walk(next_position, key + bytes([label]))

    walk(units[0] >> 10 << ((units[0] & (1 << 9)) >> 6), b"")
    return rules


def small_nmt_nfkc_charsmap():
    """sentencepiece's nmt_nfkc restricted to UNIGRAM_CHARSMAP_BLOCKS (single characters, pairs, and sequences of
    up to three scalars that start with ASCII), compiled again by sentencepiece from a rule TSV."""
    import tempfile

    def inside(scalar):
        return any(first <= ord(scalar) <= last for first, last in UNIGRAM_CHARSMAP_BLOCKS)

    rules = charsmap_rules(spm_charsmap(normalization_rule_name="nmt_nfkc"))
    kept = {source: target for source, target in rules.items()
            if all(inside(c) for c in source)
            and (len(source) <= 2 or (len(source) == 3 and ord(source[0]) < 0x80))}
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, encoding="utf-8") as f:
        for source, target in sorted(kept.items()):
            f.write(" ".join("%X" % ord(c) for c in source) + "\t" + " ".join("%X" % ord(c) for c in target) + "\n")
        tsv = f.name
    charsmap = spm_charsmap(normalization_rule_tsv=tsv)
    os.unlink(tsv)
    assert charsmap_rules(charsmap) == kept, "sentencepiece compiled a different map"
    return charsmap


def unigram_vocabulary():
    """A Unigram vocabulary of 400 pieces trained by `tokenizers`' UnigramTrainer on the training corpus.

    The trainer's scores differ in their last bits from run to run (parallel sums), and the rare characters it
    adds at the end come in a different order each time, so scores are rounded to two decimals and pieces sorted
    by score, then spelling: the result is the same on every run (and many scores tie, which Viterbi must break
    as `tokenizers` does).
    """
    from tokenizers import models, trainers
    special = ["<s>", "<pad>", "</s>", "<unk>"]
    tok = Tokenizer(models.Unigram())
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")])
    tok.train_from_iterator(training_corpus() + [text for _, text in UNIGRAM_TEXTS] * 5,
                            trainers.UnigramTrainer(vocab_size=400, special_tokens=special, unk_token="<unk>",
                                                    show_progress=False))
    pieces = json.loads(tok.to_str())["model"]["vocab"]
    learned = sorted(((piece, round(score, 2)) for piece, score in pieces if piece not in special),
                     key=lambda item: (-item[1], item[0]))
    return [(piece, 0.0) for piece in special] + learned


def write_unigram(directory_name, tok, texts):
    directory = os.path.join(OUT, directory_name)
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, "tokenizer.json")
    tok.save(path)
    without_truncation_and_padding(path)
    loaded = Tokenizer.from_file(path)
    write_json(os.path.join(OUT, f"{directory_name}.expected.json"), expected(loaded, directory_name, texts=texts))


def tiny_unigram():
    """Three Unigram tokenizers over one trained vocabulary, as transformers 5 builds them:

    tiny-unigram              XLM-RoBERTa: Precompiled (nmt_nfkc subset), WhitespaceSplit + Metaspace("always"),
                              <s> $A </s>, <mask> with lstrip
    tiny-unigram-deberta      DeBERTa-v2/v3 (do_lower_case): Lowercase, Replace(\\s{2,}|[\\n\\r\\t] → " "), NFC,
                              Strip(right), Metaspace("always"), [CLS] $A [SEP]
    tiny-unigram-byte-fallback  SentencePiece's own settings (non-legacy): Replace(\\A +| +\\z), Replace( {2,}),
                              Replace(" " → "▁"), Metaspace("first", split=False), byte_fallback with <0x00>…<0xFF>
    """
    from tokenizers import Regex, models
    vocabulary = unigram_vocabulary()
    texts = [kt for kt in TEXTS if kt[0] != "long_text"] + UNIGRAM_TEXTS

    xlmr = Tokenizer(models.Unigram(vocabulary + [("<mask>", 0.0)], unk_id=3, byte_fallback=False))
    xlmr.normalizer = normalizers.Precompiled(small_nmt_nfkc_charsmap())
    xlmr.pre_tokenizer = pre_tokenizers.Sequence(
        [pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")])
    xlmr.post_processor = processors.TemplateProcessing(
        single=["<s>", "$A", "</s>"], pair=["<s>", "$A", "</s>", "</s>", "$B", "</s>"],
        special_tokens=[("<s>", 0), ("</s>", 2)])
    xlmr.add_special_tokens(["<s>", "<pad>", "</s>", "<unk>", AddedToken("<mask>", lstrip=True, special=True)])
    write_unigram("tiny-unigram", xlmr, texts)

    renamed = {"<s>": "[CLS]", "<pad>": "[PAD]", "</s>": "[SEP]", "<unk>": "[UNK]"}
    deberta_vocab = [(renamed.get(piece, piece), score) for piece, score in vocabulary] + [("[MASK]", 0.0)]
    deberta = Tokenizer(models.Unigram(deberta_vocab, unk_id=3, byte_fallback=False))
    deberta.normalizer = normalizers.Sequence([
        normalizers.Lowercase(), normalizers.Replace(Regex(r"\s{2,}|[\n\r\t]"), " "), normalizers.NFC(),
        normalizers.Strip(left=False, right=True)])
    deberta.pre_tokenizer = pre_tokenizers.Sequence(
        [pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")])
    deberta.post_processor = processors.TemplateProcessing(
        single="[CLS]:0 $A:0 [SEP]:0", pair="[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1",
        special_tokens=[("[CLS]", 0), ("[SEP]", 2)])
    deberta.add_special_tokens(["[CLS]", "[PAD]", "[SEP]", "[UNK]", "[MASK]"])
    write_unigram("tiny-unigram-deberta", deberta, texts)

    byte_pieces = [(f"<0x{byte:02X}>", 0.0) for byte in range(256)]
    fallback = Tokenizer(models.Unigram(vocabulary[:4] + byte_pieces + vocabulary[4:], unk_id=3, byte_fallback=True))
    fallback.normalizer = normalizers.Sequence([
        normalizers.Replace(Regex(r"\A +| +\z"), ""), normalizers.Replace(Regex(" {2,}"), " "),
        normalizers.Replace(" ", "▁")])
    fallback.pre_tokenizer = pre_tokenizers.Sequence(
        [pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="first", split=False)])
    fallback.post_processor = processors.TemplateProcessing(
        single=["<s>", "$A", "</s>"], special_tokens=[("<s>", 0), ("</s>", 2)])
    fallback.add_special_tokens(["<s>", "<pad>", "</s>", "<unk>"])
    write_unigram("tiny-unigram-byte-fallback", fallback, texts)


def all_minilm():
    path = os.path.join(BASE_MODEL, "tokenizer.json")
    if not os.path.exists(path):
        print(f"skipping all-MiniLM-L6-v2: {path} missing (run bash Scripts/fetch-base-model.sh)", file=sys.stderr)
        return
    tok = Tokenizer.from_file(path)
    write_json(os.path.join(OUT, "all-MiniLM-L6-v2.expected.json"), expected(tok, "all-MiniLM-L6-v2"))


def ranges(code_points):
    """Sorted code points as inclusive [first, last] runs."""
    runs = []
    for cp in code_points:
        if runs and runs[-1][1] == cp - 1:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp])
    return runs


SWEEP_BLOCK = 4096


def unicode_sweep():
    """Every code point through HF's BERT normaliser and pre-tokeniser, to pin the character tables.

    Classes are stored as ranges; the normaliser's per-character outputs (accent stripping, lower-casing) as a
    CRC-32 per block of 4096 code points over `output + "\\0"` of each code point in order (surrogates skipped).
    """
    code_points = [cp for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF]
    clean = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=False, strip_accents=False,
                                       lowercase=False)
    chinese = normalizers.BertNormalizer(clean_text=False, handle_chinese_chars=True, strip_accents=False,
                                         lowercase=False)
    removed, to_space, cjk = [], [], []
    for cp in code_points:
        out = clean.normalize_str(chr(cp))
        if out == "":
            removed.append(cp)
        elif out == " " and cp != 0x20:
            to_space.append(cp)
        if chinese.normalize_str(chr(cp)) == f" {chr(cp)} ":
            cjk.append(cp)
    bert = pre_tokenizers.BertPreTokenizer()
    punctuation, whitespace = [], []
    for cp in code_points:
        pieces = [p for p, _ in bert.pre_tokenize_str("a" + chr(cp) + "a")]
        if pieces == ["a", chr(cp), "a"]:
            punctuation.append(cp)
        elif pieces == ["a", "a"]:
            whitespace.append(cp)
    strip_only = normalizers.BertNormalizer(clean_text=False, handle_chinese_chars=False, strip_accents=True,
                                            lowercase=False)
    marks = [cp for cp in code_points if strip_only.normalize_str(chr(cp)) == ""]
    # Characters `tokenizers` does not decompose although Python's NFD does (its normalisation data is older).
    mark_set = set(marks)
    not_decomposed = [
        cp for cp in code_points
        if strip_only.normalize_str(chr(cp))
        != "".join(c for c in unicodedata.normalize("NFD", chr(cp)) if ord(c) not in mark_set)
        and strip_only.normalize_str(chr(cp)) == chr(cp)
    ]
    digests = {}
    for name, strip, lower in [("stripAndLowercase", True, True), ("lowercase", False, True),
                               ("strip", True, False)]:
        normalizer = normalizers.BertNormalizer(clean_text=False, handle_chinese_chars=False, strip_accents=strip,
                                                lowercase=lower)
        blocks = {}
        for block in range(0, 0x110000, SWEEP_BLOCK):
            data = "".join(normalizer.normalize_str(chr(cp)) + "\0" for cp in range(block, block + SWEEP_BLOCK)
                           if not 0xD800 <= cp <= 0xDFFF)
            blocks[str(block)] = zlib.crc32(data.encode("utf-8"))
        digests[name] = blocks
    with open(os.path.join(OUT, "unicode-sweep.json"), "w", encoding="utf-8") as f:
        json.dump({"generator": "Scripts/reference/tokenizer_fixtures.py", "blockSize": SWEEP_BLOCK,
                   "removedByClean": ranges(removed), "spaceByClean": ranges(to_space), "chinese": ranges(cjk),
                   "punctuation": ranges(punctuation), "whitespace": ranges(whitespace),
                   "nonspacingMarks": ranges(marks), "digests": digests}, f, separators=(",", ":"))
        f.write("\n")
    write_swift_tables(ranges(removed), ranges(punctuation), ranges(marks), ranges(not_decomposed))


def write_swift_tables(removed, punctuation, marks, not_decomposed):
    """Sources/Tokenizers/BertCharacterTables.swift: the character sets as `tokenizers` has them.

    `tokenizers` classifies characters with the `unicode_categories` crate, whose tables predate the Unicode
    version Swift ships; these tables make the Swift side agree character for character.
    """
    def table(name, doc, runs):
        rows = []
        line = "       "
        for first, last in runs:
            item = f" (0x{first:X}, 0x{last:X}),"
            if len(line) + len(item) > 118:
                rows.append(line)
                line = "       "
            line += item
        rows.append(line)
        return f"    /// {doc}\n    static let {name}: [(UInt32, UInt32)] = [\n" + "\n".join(rows) + "\n    ]\n"

    source = (
        "// Generated by Scripts/reference/tokenizer_fixtures.py from Hugging Face `tokenizers`; do not edit.\n\n"
        "/// Character sets of Hugging Face `tokenizers` (built on the `unicode_categories` crate, whose Unicode\n"
        "/// version is older than Swift's), as inclusive code-point ranges, so BERT normalisation and\n"
        "/// pre-tokenisation agree with it character for character.\n"
        "enum BertCharacterTables {\n"
        + table("removedByCleanText", "Removed by `clean_text`: U+0000, U+FFFD and Cc/Cf/Co other than tab, LF, CR.",
                removed)
        + "\n"
        + table("punctuation", "BERT punctuation: ASCII punctuation and Unicode P*.", punctuation)
        + "\n"
        + table("nonspacingMarks", "Nonspacing marks (Mn), removed by accent stripping after NFD.", marks)
        + "\n"
        + table("notDecomposed", "Characters whose canonical decomposition `tokenizers` does not apply.",
                not_decomposed)
        + "\n"
        "    /// Whether `value` lies in one of the sorted, disjoint `ranges`.\n"
        "    static func contains(_ ranges: [(UInt32, UInt32)], _ value: UInt32) -> Bool {\n"
        "        var low = 0\n"
        "        var high = ranges.count\n"
        "        while low < high {\n"
        "            let middle = (low + high) / 2\n"
        "            if ranges[middle].1 < value {\n"
        "                low = middle + 1\n"
        "            } else if ranges[middle].0 > value {\n"
        "                high = middle\n"
        "            } else {\n"
        "                return true\n"
        "            }\n"
        "        }\n"
        "        return false\n"
        "    }\n"
        "}\n")
    path = os.path.join(ROOT, "Sources", "Tokenizers", "BertCharacterTables.swift")
    with open(path, "w", encoding="utf-8") as f:
        f.write(source)
    subprocess.run(["swift", "format", "--in-place", path], check=False)  # keep the lint clean


def unicode_normalization_tables():
    """Sources/Tokenizers/UnicodeNormalizationTables.swift: which scalars `tokenizers`' NFC/NFD/NFKC/NFKD
    (the `unicode-normalization-alignments` crate, whose Unicode tables are older than Swift's) decomposes, and
    which it treats as combining marks (nonzero canonical combining class).

    A scalar counts as a mark when `NFD` reorders it behind U+0345 (class 240) or in front of U+0334 (class 1).
    """
    nfd, nfkd = normalizers.NFD(), normalizers.NFKD()
    code_points = [cp for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF]
    canonical = [cp for cp in code_points if nfd.normalize_str(chr(cp)) != chr(cp)]
    compatible = [cp for cp in code_points if nfkd.normalize_str(chr(cp)) != chr(cp)]
    canonical_set = set(canonical)
    marks = [cp for cp in code_points if cp not in canonical_set and (
        nfd.normalize_str("\u0345" + chr(cp)) != "\u0345" + chr(cp)
        or nfd.normalize_str(chr(cp) + "\u0334") != chr(cp) + "\u0334")]

    def table(name, doc, runs):
        rows = []
        line = "       "
        for first, last in runs:
            item = f" (0x{first:X}, 0x{last:X}),"
            if len(line) + len(item) > 118:
                rows.append(line)
                line = "       "
            line += item
        rows.append(line)
        return f"    /// {doc}\n    static let {name}: [(UInt32, UInt32)] = [\n" + "\n".join(rows) + "\n    ]\n"

    source = (
        "// Generated by Scripts/reference/tokenizer_fixtures.py from Hugging Face `tokenizers`; do not edit.\n\n"
        "/// What the Unicode normalisers of Hugging Face `tokenizers` (the `unicode-normalization-alignments`\n"
        "/// crate, whose Unicode version is older than Swift's) know, as inclusive code-point ranges, so NFC, NFD,\n"
        "/// NFKC and NFKD agree with it character for character (look up with `BertCharacterTables.contains`).\n"
        "enum UnicodeNormalizationTables {\n"
        + table("canonicallyDecomposable", "Scalars NFD changes.", ranges(canonical)) + "\n"
        + table("compatiblyDecomposable", "Scalars NFKD changes.", ranges(compatible)) + "\n"
        + table("combiningMarks", "Scalars NFD does not change whose canonical combining class is not 0.",
                ranges(marks))
        + "}\n")
    path = os.path.join(ROOT, "Sources", "Tokenizers", "UnicodeNormalizationTables.swift")
    with open(path, "w", encoding="utf-8") as f:
        f.write(source)
    subprocess.run(["swift", "format", "--in-place", path], check=False)  # keep the lint clean


FUZZ_POOLS = [
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
    "  \t\n\r\x0b\x0c", "éèêëÉÀÅåøØçÇñÑüÜößẞİıǅǈ", "\u0301\u0300\u0308\u0323\u0327\u20dd\u0903",
    "日本語中文漢字한국어ひらがなカタカナ", "😀👍🏽👨\u200d👩\u200d👧🇫🇷🫠❤️", "\u200b\u00ad\ufeff\u200d\u200c\u2060",
    "\x00\x01\x07\x1f\x7f\x85\ufffd", "\u00a0\u2009\u202f\u3000\u2028\u1680", "αβγΣσςΩЖжЯяعربيةनमस्तेภาษา",
    "’‘“”—–…«»„‹›", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢𝟙𝟚①½²", "\U000e0001\ue000\U000f0000\u0378\U0001fffe",
    "ＡＢＣａｂｃ１２３！ｶﾀﾟﾞﬁﬂﬀﬃ①⑳㍿㌔™№℃ℌ㈱", "▁▁``''\u1112\u1161\u11ab한ᄀ\u0345\u0360\u302a",
]
FUZZ_WORDS = ["'s", "'re", "'ll", "don't", "[MASK]", "[CLS]", "<mask>", "<s>", "</s>", "e-mail", "Naïve", " <mask>",
              "  ", "hello", "the", "report"]


def fuzz(out_dir, seed, count):
    """Random nasty strings through every fixture tokenizer, for TokenizerFuzzTests (not committed: large).

    Run: python3 Scripts/reference/tokenizer_fixtures.py --fuzz /tmp/fuzz --seed 1 --count 1000, then
    DOSSIER_TOKENIZER_FUZZ_DIR=/tmp/fuzz swift test -c release -Xswiftc -enable-testing --filter TokenizerFuzzTests
    """
    import random
    random.seed(seed)
    texts = []
    for index in range(count):
        parts = []
        for _ in range(random.randint(0, 40)):
            if random.random() < 0.15:
                parts.append(random.choice(FUZZ_WORDS))
            else:
                pool = random.choice(FUZZ_POOLS)
                parts.append("".join(random.choice(pool) for _ in range(random.randint(1, 6))))
            if random.random() < 0.5:
                parts.append(" ")
        texts.append((f"fuzz{index}", "".join(parts)))
    global TRUNCATIONS, DEFAULT_TRUNCATIONS
    TRUNCATIONS, DEFAULT_TRUNCATIONS = {}, [5]
    os.makedirs(out_dir, exist_ok=True)
    tokenizers = [(name, os.path.join(OUT, name, "tokenizer.json"))
                  for name in ["tiny-wordpiece-added", "tiny-bpe", "tiny-bpe-prefix-space", "tiny-unigram",
                               "tiny-unigram-deberta", "tiny-unigram-byte-fallback"]]
    if os.path.exists(os.path.join(BASE_MODEL, "tokenizer.json")):
        tokenizers.append(("all-MiniLM-L6-v2", os.path.join(BASE_MODEL, "tokenizer.json")))
    # tiny-unigram-deberta as DeBERTa-v2/v3 with split_by_punct (Punctuation, then Metaspace).
    punct = Tokenizer.from_file(os.path.join(OUT, "tiny-unigram-deberta", "tokenizer.json"))
    punct.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Punctuation(behavior="isolated"),
                                                   pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")])
    os.makedirs(os.path.join(out_dir, "tiny-unigram-punct"), exist_ok=True)
    punct_path = os.path.join(out_dir, "tiny-unigram-punct", "tokenizer.json")
    punct.save(punct_path)
    tokenizers.append(("tiny-unigram-punct", punct_path))
    try:
        # tiny-unigram with the whole nmt_nfkc map (320 KB of base64, too large to commit), where sentencepiece
        # is installed; the tokenizer.json goes beside the references.
        full = Tokenizer.from_file(os.path.join(OUT, "tiny-unigram", "tokenizer.json"))
        full.normalizer = normalizers.Precompiled(spm_charsmap(normalization_rule_name="nmt_nfkc"))
        os.makedirs(os.path.join(out_dir, "tiny-unigram-nmt-nfkc"), exist_ok=True)
        full_path = os.path.join(out_dir, "tiny-unigram-nmt-nfkc", "tokenizer.json")
        full.save(full_path)
        tokenizers.append(("tiny-unigram-nmt-nfkc", full_path))
    except Exception as error:  # optional: sentencepiece (and its protobuf module) may be missing or unusable
        print(f"skipping tiny-unigram-nmt-nfkc: {error!r}", file=sys.stderr)
    for name, path in tokenizers:
        write_json(os.path.join(out_dir, f"{name}.expected.json"),
                   expected(Tokenizer.from_file(path), name, texts=texts))


def main():
    if "--fuzz" in sys.argv:
        def option(flag, default):
            return sys.argv[sys.argv.index(flag) + 1] if flag in sys.argv else default
        fuzz(option("--fuzz", "/tmp/fuzz"), int(option("--seed", "1")), int(option("--count", "1000")))
        return
    os.makedirs(OUT, exist_ok=True)
    if "--sweep-only" in sys.argv:
        unicode_sweep()
        return
    if "--unigram-only" in sys.argv:
        unicode_normalization_tables()
        tiny_unigram()
        return
    unicode_sweep()
    unicode_normalization_tables()
    write_json(os.path.join(OUT, "texts.json"), [{"name": k, "text": t} for k, t in TEXTS])
    tiny_wordpiece()
    tiny_wordpiece_added()
    tiny_bpe()
    tiny_unigram()
    all_minilm()


if __name__ == "__main__":
    main()
