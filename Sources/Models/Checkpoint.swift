import Foundation
import Support
import Tensors

/// The weights of a model directory, renamed to canonical names and verified against the configuration.
///
/// Reads `model.safetensors`, or every file a Hugging Face sharded index (`model.safetensors.index.json`,
/// `{"weight_map": {"name": "file"}}`) names. Verification is strict, as in mlx-swift's
/// `update(parameters:verify:)`: a missing tensor, an unexpected one, a wrong shape or a non-finite value is an
/// error naming the file, the tensor and both shapes. Only the `position_ids`/`token_type_ids` buffers that
/// `transformers` sometimes saves are tolerated and ignored.
public struct Checkpoint: Sendable {
    /// Verified tensors by canonical name (see `WeightNames`).
    public let tensors: [String: Tensor]
    /// The files the tensors came from.
    public let files: [String]

    /// Verifies in-memory tensors (canonical names) against a configuration, as `load` verifies files.
    /// - Throws: `ModelError.missingTensor`, `.unexpectedTensor` or `.shapeMismatch` (file `"(memory)"`).
    public init(tensors: [String: Tensor], config: ModelConfiguration) throws {
        let expected = WeightNames.expectedShapes(for: config)
        for (name, tensor) in tensors {
            guard let shape = expected[name] else { throw ModelError.unexpectedTensor(file: "(memory)", tensor: name) }
            guard shape == tensor.shape else {
                throw ModelError.shapeMismatch(file: "(memory)", tensor: name, expected: shape, actual: tensor.shape)
            }
        }
        if let missing = expected.keys.sorted().first(where: { tensors[$0] == nil }) {
            throw ModelError.missingTensor(file: "(memory)", tensor: missing, hint: "")
        }
        self.tensors = tensors
        files = []
    }

    private init(verified tensors: [String: Tensor], files: [String]) {
        self.tensors = tensors
        self.files = files
    }

    /// Loads and verifies the weights in `directory` for `config`.
    ///
    /// The configuration is checked first against the machine (``ModelConfiguration/checkSizes(file:labelCount:memory:)``),
    /// then against the checkpoint's headers (its layer count), and only then are tensors read.
    /// - Throws: `ModelError` naming the file and tensor (or configuration field) at fault.
    /// - Parameter newHead: when true, the classification head (and a BERT pooler) may be absent and is
    ///   initialised as `transformers` initialises a new head: normal(0, `initializerRange`) weights, zero biases,
    ///   drawn from a generator seeded with `seed`.
    public static func load(
        directory: URL, config: ModelConfiguration, newHead: Bool = false, seed: UInt64 = 0,
        initializerRange: Float = 0.02
    ) throws -> Checkpoint {
        let configFile = directory.appendingPathComponent("config.json").path
        try config.checkSizes(file: configFile, labelCount: config.labels.count)
        try ModelConfiguration.checkLabels(config.labels) { .invalidConfiguration(file: configFile, detail: $0) }
        let files = try weightFiles(in: directory)
        var readers: [SafetensorsFile] = []
        for path in files {
            do {
                readers.append(try SafetensorsFile(path: path))
            } catch let error as TensorsError {
                throw ModelError.weights(error.description)
            }
        }
        // Layers the checkpoint does not hold fail here, before the expected names (one set per layer) are built.
        let layersPresent =
            readers.flatMap(\.names).compactMap { WeightNames.layerIndex(of: WeightNames.canonical($0)) }.max()
            .map { $0 + 1 } ?? 0
        guard config.layerCount <= layersPresent else {
            let field =
                switch config.architecture {
                case .distilbert: "n_layers"
                case .gpt2: "n_layer"
                default: "num_hidden_layers"
                }
            throw ModelError.invalidConfiguration(
                file: configFile,
                detail: "'\(field)' is \(config.layerCount) but the checkpoint holds \(layersPresent) layers")
        }
        let expected = WeightNames.expectedShapes(for: config)
        var tensors: [String: Tensor] = [:]
        var origin: [String: String] = [:]
        for file in readers {
            let path = file.path
            for name in file.names {
                let canonical = WeightNames.canonical(name)
                if WeightNames.isIgnored(canonical) || WeightNames.isIgnored(canonical, config: config) { continue }
                guard let shape = expected[canonical] else {
                    throw ModelError.unexpectedTensor(file: path, tensor: name)
                }
                let entry = try file.entry(name)
                guard entry.shape == shape else {
                    throw ModelError.shapeMismatch(file: path, tensor: name, expected: shape, actual: entry.shape)
                }
                guard origin[canonical] == nil else {
                    throw ModelError.invalidIndex(
                        file: path, detail: "tensor '\(canonical)' appears twice (also in \(origin[canonical] ?? ""))")
                }
                let tensor: Tensor
                let isFinite: Bool
                do {
                    (tensor, isFinite) = try file.tensorCheckingFinite(name)
                } catch let error as TensorsError {
                    throw ModelError.weights(error.description)
                }
                guard isFinite else {
                    throw ModelError.nonFiniteWeights(file: path, tensor: name)
                }
                tensors[canonical] = tensor
                origin[canonical] = path
            }
        }
        if newHead {
            var generator = SeededGenerator(seed: seed)
            for name in expected.keys.sorted() where tensors[name] == nil && WeightNames.isHead(name) {
                let shape = expected[name] ?? []
                let count = shape.reduce(1, *)
                let values =
                    name.hasSuffix(".bias")
                    ? [Float](repeating: 0, count: count)
                    : (0..<count).map { _ in initializerRange * generator.nextNormal() }
                tensors[name] = Tensor(shape: shape, scalars: values)
            }
        }
        for name in expected.keys.sorted() where tensors[name] == nil {
            let isHead = WeightNames.isHead(name)
            throw ModelError.missingTensor(
                file: files.joined(separator: ", "), tensor: WeightNames.checkpointName(name, config.architecture),
                hint: isHead ? "no classification head: is this a base model rather than a sequence classifier?" : "")
        }
        return Checkpoint(verified: tensors, files: files)
    }

    /// The tensor for a canonical name that `load` has verified to be present.
    func callAsFunction(_ name: String) -> Tensor {
        guard let tensor = tensors[name] else { preconditionFailure("verified checkpoint lacks \(name)") }
        return tensor
    }

    /// The weight files of a model directory: the shards of an index, or `model.safetensors`.
    static func weightFiles(in directory: URL) throws -> [String] {
        let manager = FileManager.default
        let index = directory.appendingPathComponent("model.safetensors.index.json")
        if manager.fileExists(atPath: index.path) {
            struct Index: Decodable {
                let weightMap: [String: String]
                enum CodingKeys: String, CodingKey { case weightMap = "weight_map" }
            }
            let parsed: Index
            do {
                parsed = try JSONDecoder().decode(Index.self, from: Data(contentsOf: index))
            } catch {
                throw ModelError.invalidIndex(file: index.path, detail: "not a JSON object with a 'weight_map'")
            }
            var files: [String] = []
            for shard in Set(parsed.weightMap.values).sorted() {
                guard !shard.contains("/") else {
                    throw ModelError.invalidIndex(file: index.path, detail: "shard '\(shard)' is not a plain file name")
                }
                let path = directory.appendingPathComponent(shard).path
                guard manager.fileExists(atPath: path) else {
                    throw ModelError.invalidIndex(file: index.path, detail: "shard '\(shard)' does not exist")
                }
                files.append(path)
            }
            guard !files.isEmpty else { throw ModelError.invalidIndex(file: index.path, detail: "empty weight_map") }
            return files
        }
        let single = directory.appendingPathComponent("model.safetensors")
        guard manager.fileExists(atPath: single.path) else {
            let hasBin = manager.fileExists(atPath: directory.appendingPathComponent("pytorch_model.bin").path)
            throw ModelError.missingWeights(
                directory: directory.path,
                detail: hasBin
                    ? "only pytorch_model.bin found; convert it to model.safetensors (pickle files are not loaded)"
                    : "neither model.safetensors nor model.safetensors.index.json")
        }
        return [single.path]
    }
}
