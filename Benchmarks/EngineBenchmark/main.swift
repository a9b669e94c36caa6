import Attribution
import Foundation
import Models
import Tokenizers

// Interim profile driver: explain() without faithfulness on a 512-token MiniLM input.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let base = root.appendingPathComponent(".cache/models/all-MiniLM-L6-v2")
let model = try SequenceClassifier.load(directory: base, newHeadFor: ["a", "b", "c"], seed: 0)
let tokenizer = try TokenizerLoader.load(directory: base)
let explainer = Explainer(model: model, tokenizer: tokenizer, directory: base)
let text = String(repeating: "The applicant requests a loan of $25,000 and has stable income. ", count: 40)
var options = Explainer.Options(windowSize: 510)
options.faithfulness = false
for _ in 0..<6 {
    let start = DispatchTime.now().uptimeNanoseconds
    _ = try explainer.explain(text, options: options)
    print("explain ms", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
}
