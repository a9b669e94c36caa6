import Foundation
import FuzzSupport
import Models

/// The sharded-checkpoint index, `model.safetensors.index.json`, in a directory holding the tiny BERT fixture's
/// configuration and its weights as two shards' worth of files (`model-00001-of-00002.safetensors` holds every
/// tensor, `model-00002-of-00002.safetensors` is a copy, so an index naming both sees every tensor twice).
private let scratch = ScratchDirectory(
    "checkpoint-index",
    fixtures: [
        "config.json": FuzzFixtures.file("models/tiny-bert/config.json"),
        "model-00001-of-00002.safetensors": FuzzFixtures.file("models/tiny-bert/model.safetensors"),
        "model-00002-of-00002.safetensors": FuzzFixtures.file("models/tiny-bert/model.safetensors"),
    ])

private func fuzzCheckpointIndex(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzDriver.bytes(data, size)
    scratch.write(input, to: "model.safetensors.index.json")
    _ = try? SequenceClassifier.load(directory: scratch.url)
    return 0
}

FuzzDriver.run(fuzzCheckpointIndex)
