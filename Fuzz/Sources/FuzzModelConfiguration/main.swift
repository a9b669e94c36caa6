import Foundation
import FuzzSupport
import Models

/// `config.json` beside the tiny BERT fixture's weights. A configuration that loads is run on a padded batch
/// of two sequences (the padding path reads `pad_token_id`'s embedding row) with every recording mode.
private let scratch = ScratchDirectory(
    "model-configuration", fixtures: ["model.safetensors": FuzzFixtures.file("models/tiny-bert/model.safetensors")])

private func fuzzModelConfiguration(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzDriver.bytes(data, size)
    scratch.write(input, to: "config.json")
    guard let model = try? SequenceClassifier.load(directory: scratch.url) else { return 0 }
    let vocabulary = model.config.vocabularySize
    let sequences = [[1 % vocabulary, 5 % vocabulary, 2 % vocabulary], [1 % vocabulary]]
    guard let batch = try? TokenBatch(sequences), (try? model.validate(batch)) != nil else { return 0 }
    _ = try? model.forward(batch, recording: .logits)
    _ = try? model.forward(batch, recording: .backward)
    return 0
}

FuzzDriver.run(fuzzModelConfiguration)
