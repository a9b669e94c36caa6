import Foundation
import FuzzSupport
import Tokenizers

/// The tokenizer files and the tokenizers themselves. The first byte picks what the rest of the input is:
///
/// 0. `tokenizer.json`
/// 1. `vocab.txt` (WordPiece, with the tiny BERT fixture's `tokenizer_config.json`)
/// 2. `merges.txt` beside the tiny RoBERTa fixture's `vocab.json`
/// 3. `vocab.json` beside the tiny RoBERTa fixture's `merges.txt`
/// 4. `tokenizer_config.json` beside the tiny BERT fixture's `vocab.txt`
/// 5. text encoded by each fixture tokenizer (WordPiece, WordPiece with added tokens, byte-level BPE, Unigram)
///
/// A tokenizer that loads encodes a fixed multilingual sample, with and without special tokens and truncation.
private let directories = (0..<5).map { mode in ScratchDirectory("tokenizer-\(mode)") }
private let fixtureTokenizers: [any Tokenizer] = [
    "tokenizers/tiny-wordpiece", "tokenizers/tiny-wordpiece-added", "tokenizers/tiny-bpe",
    "tokenizers/tiny-bpe-prefix-space", "models/tiny-roberta", "tokenizers/tiny-unigram",
    "tokenizers/tiny-unigram-deberta", "tokenizers/tiny-unigram-byte-fallback",
].compactMap { try? TokenizerLoader.load(directory: FuzzFixtures.file($0)) }
private let sample = "Hello, World! naïve café 日本語 [CLS] <s> \u{301}x\t\n 🙂 ##ing Ġthe </s>"

private let companions: [Int: [(String, String)]] = [
    1: [("tokenizer_config.json", "models/tiny-bert/tokenizer_config.json")],
    2: [("vocab.json", "models/tiny-roberta/vocab.json")],
    3: [("merges.txt", "models/tiny-roberta/merges.txt")],
    4: [("vocab.txt", "models/tiny-bert/vocab.txt")],
]
private let fileNames = ["tokenizer.json", "vocab.txt", "merges.txt", "vocab.json", "tokenizer_config.json"]

/// Copies each mode's fixed companion files into its directory once.
private let prepared: Bool = {
    for (mode, files) in companions {
        for (name, fixture) in files {
            let destination = directories[mode].url.appendingPathComponent(name)
            try? FileManager.default.removeItem(at: destination)
            try? FileManager.default.copyItem(at: FuzzFixtures.file(fixture), to: destination)
        }
    }
    return true
}()

private func exercise(_ tokenizer: any Tokenizer, _ text: String) {
    let plain = tokenizer.encode(text)
    _ = tokenizer.encode(text, addSpecialTokens: true, maxLength: nil)
    _ = tokenizer.encode(text, addSpecialTokens: true, maxLength: 8)
    _ = tokenizer.addingSpecialTokens(to: plain)
    for id in plain.ids.prefix(16) { _ = tokenizer.token(forID: id) }
}

private func fuzzTokenizer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzDriver.bytes(data, size)
    guard let first = input.first, prepared else { return 0 }
    let mode = Int(first) % 6
    let body = UnsafeRawBufferPointer(rebasing: input.dropFirst())
    if mode == 5 {
        let text = String(decoding: body, as: UTF8.self)
        for tokenizer in fixtureTokenizers { exercise(tokenizer, text) }
        return 0
    }
    let directory = directories[mode]
    directory.write(body, to: fileNames[mode])
    guard let tokenizer = try? TokenizerLoader.load(directory: directory.url) else { return 0 }
    exercise(tokenizer, sample)
    return 0
}

FuzzDriver.run(fuzzTokenizer)
