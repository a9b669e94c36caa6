import Foundation
import Models

// Quick interim benchmark: forward median at 128/256/512 tokens on MiniLM.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let base = root.appendingPathComponent(".cache/models/all-MiniLM-L6-v2")
let model = try SequenceClassifier.load(directory: base, newHeadFor: ["a", "b", "c"], seed: 0)
for n in [128, 256, 512] {
    let ids = [101] + (0..<(n - 2)).map { 1000 + ($0 * 37) % 20000 } + [102]
    let batch = try TokenBatch([ids])
    var times: [Double] = []
    for _ in 0..<7 {
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try model.forward(batch)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    var back: [Double] = []
    for _ in 0..<5 {
        let start = DispatchTime.now().uptimeNanoseconds
        let r = try model.forward(batch, recording: .backward)
        _ = model.backward(r, target: 0)
        back.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    print(n, "forward median ms", times.sorted()[3], "fwd+bwd", back.sorted()[2])
}
