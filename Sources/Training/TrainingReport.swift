/// What a fine-tuning run writes to `training_report.json`: the run's settings, every epoch's figures and the
/// saved checkpoint's logits on a few held-out documents (which `Scripts/reference/training_check_saved.py`
/// compares with `transformers`).
public struct TrainingReport: Codable, Equatable, Sendable {
    /// One epoch's figures.
    public struct Epoch: Codable, Equatable, Sendable {
        /// 1-based.
        public var epoch: Int
        /// Mean training loss over the epoch's batches.
        public var trainingLoss: Double
        /// Wall-clock seconds, evaluation included.
        public var seconds: Double
        /// On the held-out split (absent when there is none).
        public var validation: Validation?

        enum CodingKeys: String, CodingKey {
            case epoch, seconds, validation
            case trainingLoss = "training_loss"
        }
    }

    /// Held-out figures after an epoch.
    public struct Validation: Codable, Equatable, Sendable {
        public var count: Int
        public var loss: Double
        public var accuracy: Double
        /// Per label name.
        public var f1: [String: Double]
        /// `confusion[truth][prediction]`.
        public var confusion: [[Int]]
    }

    /// A document, its ids and the saved checkpoint's logits.
    public struct Sample: Codable, Equatable, Sendable {
        public var text: String
        public var ids: [Int]
        public var label: Int
        public var logits: [Double]
    }

    /// The training data path as given.
    public var data: String
    /// The base model folder, or `(from scratch)`.
    public var base: String
    public var labels: [String]
    public var trainingCount: Int
    public var validationCount: Int
    public var epochs: [Epoch]
    /// `f16` or `f32`.
    public var precision: String
    /// Longest input in tokens, special tokens included.
    public var maxLength: Int
    public var learningRate: Double
    public var batchSize: Int
    public var seed: UInt64
    public var samples: [Sample]

    enum CodingKeys: String, CodingKey {
        case data, base, labels, epochs, precision, seed, samples
        case trainingCount = "training_count"
        case validationCount = "validation_count"
        case maxLength = "max_length"
        case learningRate = "learning_rate"
        case batchSize = "batch_size"
    }
}
