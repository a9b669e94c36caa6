/// Breaks a paragraph of styled spans into lines of a given width.
///
/// Lines are filled first-fit at the opportunities ``LineBreaker`` finds. A segment wider than the line (a URL,
/// an account number) is cut between grapheme clusters without a hyphen. Justified lines widen their spaces;
/// lines with no spaces stay ragged. Right-to-left segments that follow each other on a line are shown in
/// right-to-left order (a simplification of the Unicode bidirectional algorithm, enough for embedded phrases).
struct ParagraphLayout {
    /// The input spans.
    var spans: [TextSpan]
    /// The line width in points.
    var width: Double
    /// How lines sit between the edges.
    var alignment: TextAlignment
    /// Line height as a multiple of the largest font size on the line, e.g. 1.4.
    var leading: Double = 1.4

    /// A segment between break opportunities, shaped.
    private struct ShapedSegment {
        var word: [(run: ShapedRun, span: Int)] = []
        var spaces: [(run: ShapedRun, span: Int)] = []
        var wordWidth: Double = 0
        var spaceWidth: Double = 0
        var mandatoryBreak = false
    }

    /// Lays the paragraph out.
    ///
    /// - Parameter shaper: The shaper (fonts and caches) to use.
    /// - Returns: At least one line (an empty paragraph yields one empty line).
    func lines(using shaper: TextShaper) -> [LaidOutLine] {
        var characters: [Character] = []
        var spanOf: [Int] = []
        for (index, span) in spans.enumerated() {
            for character in TextSanitizer.clean(span.text) {
                characters.append(character)
                spanOf.append(index)
            }
        }
        let baseSize = spans.map(\.style.size).max() ?? TextStyle.body.size
        var segments: [ShapedSegment] = []
        for segment in LineBreaker.segments(of: characters) {
            var shaped = ShapedSegment()
            shaped.mandatoryBreak = segment.mandatoryBreak
            shaped.word = shapePieces(characters, spanOf, segment.word, shaper)
            shaped.wordWidth = shaped.word.reduce(0) { $0 + $1.run.width }
            if !segment.mandatoryBreak {
                shaped.spaces = shapePieces(characters, spanOf, segment.spaces, shaper)
                shaped.spaceWidth = shaped.spaces.reduce(0) { $0 + $1.run.width }
            }
            if shaped.wordWidth > width {
                segments += splitOverlong(shaped, characters, spanOf, segment, shaper)
            } else {
                segments.append(shaped)
            }
        }

        var lines: [LaidOutLine] = []
        var current: [ShapedSegment] = []
        var used = 0.0
        for segment in segments {
            if !current.isEmpty, used + segment.wordWidth > width + 0.001 {
                lines.append(makeLine(current, isLast: false, baseSize: baseSize))
                current = []
                used = 0
            }
            current.append(segment)
            used += segment.wordWidth + segment.spaceWidth
            if segment.mandatoryBreak {
                lines.append(makeLine(current, isLast: true, baseSize: baseSize))
                current = []
                used = 0
            }
        }
        if !current.isEmpty || lines.isEmpty {
            lines.append(makeLine(current, isLast: true, baseSize: baseSize))
        }
        return lines
    }

    /// Shapes a range of characters, one piece per span.
    private func shapePieces(
        _ characters: [Character], _ spanOf: [Int], _ range: Range<Int>, _ shaper: TextShaper
    ) -> [(run: ShapedRun, span: Int)] {
        var pieces: [(run: ShapedRun, span: Int)] = []
        var start = range.lowerBound
        while start < range.upperBound {
            var end = start + 1
            while end < range.upperBound, spanOf[end] == spanOf[start] { end += 1 }
            let text = String(characters[start..<end])
            for run in shaper.shape(text, style: spans[spanOf[start]].style) {
                pieces.append((run, spanOf[start]))
            }
            start = end
        }
        return pieces
    }

    /// Cuts a segment wider than the line between grapheme clusters, without hyphens.
    private func splitOverlong(
        _ shaped: ShapedSegment, _ characters: [Character], _ spanOf: [Int], _ segment: LineBreaker.Segment,
        _ shaper: TextShaper
    ) -> [ShapedSegment] {
        // Estimate from per-cluster widths (linear time for tokens of any length), then shape each chunk once and
        // give back clusters while kerning or shaping across the cut makes it wider than the line.
        let clusterWidths = segment.word.map { index in
            shapePieces(characters, spanOf, index..<(index + 1), shaper).reduce(0) { $0 + $1.run.width }
        }
        var result: [ShapedSegment] = []
        var start = segment.word.lowerBound
        while start < segment.word.upperBound {
            var end = start + 1
            var estimate = clusterWidths[start - segment.word.lowerBound]
            while end < segment.word.upperBound, estimate + clusterWidths[end - segment.word.lowerBound] <= width {
                estimate += clusterWidths[end - segment.word.lowerBound]
                end += 1
            }
            var accepted = shapePieces(characters, spanOf, start..<end, shaper)
            while end > start + 1, accepted.reduce(0, { $0 + $1.run.width }) > width {
                end -= 1
                accepted = shapePieces(characters, spanOf, start..<end, shaper)
            }
            var piece = ShapedSegment()
            piece.word = accepted
            piece.wordWidth = accepted.reduce(0) { $0 + $1.run.width }
            result.append(piece)
            start = end
        }
        if !result.isEmpty {
            result[result.count - 1].spaces = shaped.spaces
            result[result.count - 1].spaceWidth = shaped.spaceWidth
            result[result.count - 1].mandatoryBreak = shaped.mandatoryBreak
        }
        return result
    }

    /// Places a line's segments: visual order, alignment, justification.
    private func makeLine(_ segments: [ShapedSegment], isLast: Bool, baseSize: Double) -> LaidOutLine {
        let natural = segments.reduce(0) { $0 + $1.wordWidth + $1.spaceWidth } - (segments.last?.spaceWidth ?? 0)
        let stretchableSpaces = segments.dropLast().filter { !$0.spaces.isEmpty }.count
        var extraPerSpace = 0.0
        var offset = 0.0
        switch alignment {
        case .justified where !isLast && stretchableSpaces > 0:
            extraPerSpace = max(0, width - natural) / Double(stretchableSpaces)
        case .trailing: offset = max(0, width - natural)
        case .center: offset = max(0, width - natural) / 2
        default: break
        }
        // Items in logical order; trailing spaces of the last segment hang past the margin and are dropped.
        var logical: [PlacedRun] = []
        var size = baseSize
        for (position, segment) in segments.enumerated() {
            for piece in segment.word {
                size = max(size, piece.run.style.size)
                logical.append(
                    PlacedRun(run: piece.run, x: 0, width: piece.run.width, spanIndex: piece.span, isSpace: false))
            }
            guard position < segments.count - 1 else { continue }
            for (k, piece) in segment.spaces.enumerated() {
                let extra = k == segment.spaces.count - 1 ? extraPerSpace : 0
                logical.append(
                    PlacedRun(
                        run: piece.run, x: 0, width: piece.run.width + extra, spanIndex: piece.span, isSpace: true))
            }
        }
        // Embedding level per item (UAX #9 with a left-to-right paragraph): right-to-left runs are level 1, and
        // so are spaces between two of them; rule L2 reverses each maximal sequence of level-1 items.
        var levels = logical.map { $0.run.isRightToLeft && !$0.isSpace ? 1 : 0 }
        for i in logical.indices where logical[i].isSpace {
            let before = logical[..<i].last { !$0.isSpace }
            let after = logical[(i + 1)...].first { !$0.isSpace }
            levels[i] = before?.run.isRightToLeft == true && after?.run.isRightToLeft == true ? 1 : 0
        }
        var visual: [PlacedRun] = []
        var index = 0
        while index < logical.count {
            var end = index + 1
            while end < logical.count, levels[end] == levels[index] { end += 1 }
            visual += levels[index] == 1 ? Array(logical[index..<end].reversed()) : Array(logical[index..<end])
            index = end
        }
        var x = offset
        var items: [PlacedRun] = []
        for var item in visual {
            item.x = x
            x += item.width
            items.append(item)
        }
        let height = size * leading
        // Centre the font's ascender+descender box (about 1.36 em for Noto) in the line box.
        let baseline = (height - size * 1.362) / 2 + size * 1.069
        return LaidOutLine(items: items, baseline: baseline, height: height, size: size)
    }
}
