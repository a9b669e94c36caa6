/// Spearman rank correlation, used to measure how far attribution methods agree on word order.
public enum RankCorrelation {
    /// Ranks from 1, ties given their average rank.
    public static func ranks(_ values: [Float]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, values[order[j + 1]] == values[order[i]] { j += 1 }
            let average = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = average }
            i = j + 1
        }
        return ranks
    }

    /// Spearman's ρ: Pearson correlation of the ranks; `nil` when fewer than 2 values or a constant vector.
    public static func spearman(_ a: [Float], _ b: [Float]) -> Double? {
        precondition(a.count == b.count, "spearman of vectors of different length")
        guard a.count >= 2 else { return nil }
        let ra = ranks(a)
        let rb = ranks(b)
        let ma = ra.reduce(0, +) / Double(ra.count)
        let mb = rb.reduce(0, +) / Double(rb.count)
        var covariance = 0.0
        var va = 0.0
        var vb = 0.0
        for (x, y) in zip(ra, rb) {
            covariance += (x - ma) * (y - mb)
            va += (x - ma) * (x - ma)
            vb += (y - mb) * (y - mb)
        }
        guard va > 0, vb > 0 else { return nil }
        return covariance / (va * vb).squareRoot()
    }
}
