/// A tokenizer that is a ``TokenizationPipeline`` plus its special tokens: the pipeline does the work, so the
/// ``Tokenizer`` requirements are answered here once for every such tokenizer.
protocol PipelineTokenizer: Tokenizer {
    var pipeline: TokenizationPipeline { get }
}

extension PipelineTokenizer {
    public func encode(_ text: String) -> Encoding { pipeline.encode(text) }

    public func addingSpecialTokens(to content: Encoding) -> Encoding { pipeline.postProcessor.wrap(content) }

    public var vocabularySize: Int { pipeline.vocabularySize }

    public func id(forToken token: String) -> Int? { pipeline.id(forToken: token) }

    public func token(forID id: Int) -> String? { pipeline.token(forID: id) }
}
