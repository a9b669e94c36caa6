import Foundation
import Models

/// The dropout probabilities a base `config.json` declares, decoded by their Hugging Face names (BERT and
/// RoBERTa: `hidden_dropout_prob`, `attention_probs_dropout_prob`, `classifier_dropout`; DistilBERT: `dropout`,
/// `attention_dropout`, `seq_classif_dropout`), with `transformers`' defaults where a key is absent or null.
struct BaseDropoutConfiguration: Decodable {
    /// BERT `hidden_dropout_prob`, e.g. 0.1.
    var hidden: Float?
    /// BERT `attention_probs_dropout_prob`, e.g. 0.1.
    var attention: Float?
    /// BERT `classifier_dropout` (null = `hidden_dropout_prob`).
    var classifier: Float?
    /// DistilBERT `dropout`, e.g. 0.1.
    var distilHidden: Float?
    /// DistilBERT `attention_dropout`, e.g. 0.1.
    var distilAttention: Float?
    /// DistilBERT `seq_classif_dropout`, e.g. 0.2.
    var distilClassifier: Float?

    enum CodingKeys: String, CodingKey {
        case hidden = "hidden_dropout_prob"
        case attention = "attention_probs_dropout_prob"
        case classifier = "classifier_dropout"
        case distilHidden = "dropout"
        case distilAttention = "attention_dropout"
        case distilClassifier = "seq_classif_dropout"
    }

    /// The rates for `architecture`.
    func rates(for architecture: Architecture) -> DropoutRates {
        if architecture == .distilbert {
            return DropoutRates(
                hidden: distilHidden ?? 0.1, attention: distilAttention ?? 0.1, classifier: distilClassifier ?? 0.2)
        }
        let hidden = hidden ?? 0.1
        return DropoutRates(hidden: hidden, attention: attention ?? 0.1, classifier: classifier ?? hidden)
    }
}
