import Foundation

// MARK: - Sizes, memory and labels

extension ModelConfiguration {
    /// The fewest tokens a model must accept: a start token, one content token and an end token.
    public static let minimumSequenceLength = 3

    /// Checks that the sizes are coherent and that the weights and one full-length sequence's attention maps fit
    /// in this machine's memory, before anything is allocated or read.
    ///
    /// `transformers` would fail on these only when allocating (or not at all, and crash later); here each is an
    /// error naming the fields. The checkpoint is compared with the sizes afterwards, tensor by tensor, by
    /// ``Checkpoint/load(directory:config:newHead:seed:initializerRange:)``.
    ///
    /// - Parameters:
    ///   - file: The `config.json` the sizes came from, for the error.
    ///   - labelCount: The number of classes (passed separately: label names are built only after this check).
    ///   - memory: The bytes available, by default the machine's physical memory.
    /// - Throws: `ModelError.invalidConfiguration` naming the file and the fields at fault.
    public func checkSizes(file: String, labelCount: Int, memory: UInt64 = ProcessInfo.processInfo.physicalMemory)
        throws
    {
        func invalid(_ detail: String) -> ModelError { .invalidConfiguration(file: file, detail: detail) }
        for (name, value) in [
            ("vocab_size", vocabularySize), ("hidden_size", hiddenSize), ("num_hidden_layers", layerCount),
            ("num_attention_heads", headCount), ("intermediate_size", intermediateSize),
            ("max_position_embeddings", maxPositions), ("num_labels", labelCount), ("embedding_size", embeddingSize),
        ] where value <= 0 {
            throw invalid("'\(name)' must be positive, is \(value)")
        }
        guard hiddenSize % headCount == 0 else {
            throw invalid("hidden size \(hiddenSize) is not a multiple of \(headCount) heads")
        }
        guard (0..<vocabularySize).contains(padTokenID) else {
            throw invalid("'pad_token_id' \(padTokenID) is not an id of the vocabulary (vocab_size \(vocabularySize))")
        }
        if architecture == .debertaV2, typeVocabularySize < 0 {
            throw invalid("'type_vocab_size' must not be negative, is \(typeVocabularySize)")
        } else if architecture != .distilbert, architecture != .gpt2, architecture != .debertaV2,
            typeVocabularySize <= 0
        {
            throw invalid("'type_vocab_size' must be positive, is \(typeVocabularySize)")
        }
        guard maxSequenceLength >= Self.minimumSequenceLength else {
            let roberta = architecture.isRoBERTaFamily ? " (RoBERTa: max_position_embeddings − pad_token_id − 1)" : ""
            throw invalid(
                "the model would accept only \(maxSequenceLength) tokens\(roberta); at least "
                    + "\(Self.minimumSequenceLength) are needed (max_position_embeddings \(maxPositions))")
        }
        guard layerNormEpsilon.isFinite, layerNormEpsilon > 0 else {
            throw invalid("'layer_norm_eps' must be a positive finite number, is \(layerNormEpsilon)")
        }
        let sizes =
            "vocab_size \(vocabularySize), hidden_size \(hiddenSize), num_hidden_layers \(layerCount), "
            + "intermediate_size \(intermediateSize), max_position_embeddings \(maxPositions), "
            + "num_attention_heads \(headCount), \(labelCount) labels"
        guard let bytes = estimatedBytes(labelCount: labelCount), bytes <= memory else {
            let need = estimatedBytes(labelCount: labelCount).map { Self.gigabytes($0) } ?? "more bytes than exist"
            throw invalid(
                "the sizes (\(sizes)) need \(need) for the weights and one sequence's attention maps, more than "
                    + "this machine's \(Self.gigabytes(memory)) of memory")
        }
    }

    /// Float32 bytes of the weights plus every layer's attention maps for one sequence of `maxSequenceLength`
    /// tokens; nil when the arithmetic overflows.
    func estimatedBytes(labelCount: Int) -> UInt64? {
        let (v, c, i) = (UInt64(vocabularySize), UInt64(hiddenSize), UInt64(intermediateSize))
        let (l, h, t, k) = (
            UInt64(layerCount), UInt64(headCount), UInt64(max(0, memoryCheckLength)), UInt64(labelCount)
        )
        // Σ of products, each checked: embeddings and their norm, per layer four C×C projections, two C×I
        // matrices and the biases and norms, the head's dense and classifier, then the attention maps.
        let terms: [[UInt64]] = [
            [v, c], [UInt64(maxPositions), c], [UInt64(max(0, typeVocabularySize)), c], [2, c],
            [l, 4, c, c], [l, 2, c, i], [l, i], [l, 10, c],
            [c, c], [c], [k, c], [k],
            [l, h, t, t],
        ]
        var total: UInt64 = 0
        for factors in terms {
            var product: UInt64 = 1
            for factor in factors {
                let (next, overflow) = product.multipliedReportingOverflow(by: factor)
                guard !overflow else { return nil }
                product = next
            }
            let (sum, overflow) = total.addingReportingOverflow(product)
            guard !overflow else { return nil }
            total = sum
        }
        let (bytes, overflow) = total.multipliedReportingOverflow(by: UInt64(MemoryLayout<Float>.size))
        return overflow ? nil : bytes
    }

    /// `12.3 GB`.
    static func gigabytes(_ bytes: UInt64) -> String {
        String(format: "%.1f GB", Double(bytes) / 1e9)
    }

    /// Checks class names: at least two, none empty, none twice (a dossier names its decision by label).
    /// - Parameter invalid: Makes the error for a detail (the caller knows the file, or that the names came from
    ///   training data).
    public static func checkLabels(_ labels: [String], _ invalid: (String) -> ModelError) throws {
        guard labels.count >= 2 else { throw invalid("a classifier needs at least two labels, has \(labels.count)") }
        var seen: [String: Int] = [:]
        for (index, label) in labels.enumerated() {
            guard !label.allSatisfy(\.isWhitespace) else { throw invalid("label \(index) has an empty name") }
            if let first = seen[label] { throw invalid("label '\(label)' appears twice (ids \(first) and \(index))") }
            seen[label] = index
        }
    }
}
