import Models
import Support

extension Explainer {
    /// Random orderings averaged into the "random" baseline (one ordering alone is too noisy to compare with).
    var randomOrderings: Int { 3 }

    /// ERASER comprehensiveness and sufficiency (DeYoung et al. 2020, <https://arxiv.org/abs/1911.03429>).
    ///
    /// For each method's word ranking (and seeded random rankings, averaged) and each fraction k, the top-k words are
    /// removed by deleting their word pieces (comprehensiveness) or kept alone (sufficiency), and the target
    /// probability is compared with the full document's. All perturbed documents (windowed as the original)
    /// run as batched forward passes.
    func measureFaithfulness(
        ids: [Int], words: [Word], target: Int, fullProbability: Float, plan: WindowPlan, options: Options
    ) throws -> Faithfulness {
        var rankings: [(String, [Int])] = Explanation.methods.map { method in
            (
                method.rawValue,
                words.indices.sorted { a, b in
                    let sa = words[a].scores[method] ?? 0
                    let sb = words[b].scores[method] ?? 0
                    return sa != sb ? sa > sb : a < b
                }
            )
        }
        var generator = SeededGenerator(seed: ids.reduce(0x5EED) { $0 &* 31 &+ UInt64($1) })
        for _ in 0..<randomOrderings {
            rankings.append(("random", generator.shuffled(Array(words.indices))))
        }

        var documents: [[Int]] = []
        for (_, ranking) in rankings {
            for fraction in options.fractions {
                let k = min(words.count, max(1, Int((fraction * Double(words.count)).rounded())))
                var selected = [Bool](repeating: false, count: ids.count)
                for word in ranking.prefix(k) {
                    for t in words[word].tokenStart..<words[word].tokenEnd { selected[t] = true }
                }
                documents.append(ids.indices.filter { !selected[$0] }.map { ids[$0] })  // comprehensiveness
                documents.append(ids.indices.filter { selected[$0] }.map { ids[$0] })  // sufficiency
            }
        }
        let logits = try predict(
            documents: documents, windowSize: plan.size, stride: plan.stride, batchSize: options.batchSize)
        var sums: [String: (comprehensiveness: [Float], sufficiency: [Float], count: Float)] = [:]
        var row = 0
        for (name, _) in rankings {
            var entry =
                sums[name] ?? (
                    [Float](repeating: 0, count: options.fractions.count),
                    [Float](repeating: 0, count: options.fractions.count), 0
                )
            for f in options.fractions.indices {
                entry.comprehensiveness[f] += fullProbability - softmax(logits[row])[target]
                entry.sufficiency[f] += fullProbability - softmax(logits[row + 1])[target]
                row += 2
            }
            entry.count += 1
            sums[name] = entry
        }
        var curves: [String: Faithfulness.Curve] = [:]
        for (name, entry) in sums {
            let comprehensiveness = entry.comprehensiveness.map { $0 / entry.count }
            let sufficiency = entry.sufficiency.map { $0 / entry.count }
            let n = Float(max(options.fractions.count, 1))
            curves[name] = Faithfulness.Curve(
                comprehensiveness: comprehensiveness, sufficiency: sufficiency,
                aopcComprehensiveness: comprehensiveness.reduce(0, +) / n, aopcSufficiency: sufficiency.reduce(0, +) / n
            )
        }
        return Faithfulness(
            fractions: options.fractions, removal: "word pieces deleted", fullProbability: fullProbability,
            methods: curves)
    }
}
