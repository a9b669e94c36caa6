/// Finishes the structure tree Cairo 1.16 writes: element contents completed, figures given alternative text,
/// page furniture taken out.
///
/// Cairo 1.16 has three gaps this pass fills, walking the tree from `/StructTreeRoot` in reading order:
/// - an element with child elements gets only the children in its `/K`, losing its own marked content (a
///   paragraph interrupted by the next page's running header would lose its text), so `/K` is rebuilt from the
///   `/ParentTree` (which Cairo writes correctly: each page's MCIDs to their elements), children and own
///   content merged in page and MCID order;
/// - an element cannot be left open across a page's running header without losing the content that follows it
///   (Cairo does not resume the outer marked content after a nested element ends), so the drawing loop closes
///   open elements at the end of a page and reopens them as ``StructureElement/continuation`` elements; each is
///   merged here into the element before it (content, kids and parent-tree entries);
/// - there is no `Artifact` tag, so running headers, footers and repeated table headers are tagged as
///   ``StructureElement/artifact`` elements, removed here with their descendants and replaced by `null` in the
///   `/ParentTree`;
/// - attributes on structure tags are ignored, so each `Figure` gets its `/Alt` here, in drawing order.
struct PDFStructureUpdater {
    /// The alternative text of each figure, in drawing order.
    var alternativeTexts: [String]

    /// Where a piece of marked content is: page index in the document, page object, MCID.
    struct ContentKey: Comparable {
        var page: Int
        var pageObject: Int
        var mcid: Int

        static func < (a: ContentKey, b: ContentKey) -> Bool { (a.page, a.mcid) < (b.page, b.mcid) }
    }

    /// Adds the changes to an update.
    ///
    /// - Returns: The table-of-contents item elements in reading order, the structure parents of the links.
    /// - Throws: ``TypesettingError/unreadablePDF(reason:)`` when the tree cannot be read or holds a different
    ///   number of figures than there are alternative texts.
    @discardableResult
    func apply(to update: PDFIncrementalUpdate) throws -> [Int] {
        let catalog = try update.dictionary(update.rootNumber)
        guard let rootNumber = catalog["StructTreeRoot"]?.reference else {
            guard alternativeTexts.isEmpty else {
                throw TypesettingError.unreadablePDF(reason: "figures were drawn but Cairo wrote no structure tree")
            }
            return []
        }
        let parentTree = try update.dictionary(rootNumber)["ParentTree"]
        var content = try parentTree.map { try ownContent(of: $0, update: update) } ?? [:]
        var figures: [Int] = []
        var tableOfContentsItems: [Int] = []
        // Elements leaving the tree: artifacts become null in the parent tree, continuations the element they
        // continue.
        var replacements: [Int: PDFValue] = [:]

        /// Visits an element (or the root) with the kids it adopts from continuations, fixes its /K and /P, and
        /// returns where its first content is.
        func visit(_ number: Int, parent: Int?, adopted: [PDFValue], depth: Int) throws -> ContentKey? {
            guard depth < 64 else { throw TypesettingError.unreadablePDF(reason: "structure tree too deep") }
            var element = try update.dictionary(number)
            let items = (element["K"].map { $0.array ?? [$0] } ?? []) + adopted
            var children: [(number: Int, adopted: [PDFValue])] = []
            for item in items {
                guard let child = item.reference, let childElement = try update.resolve(item).dictionary,
                    childElement["S"] != nil
                else { continue }
                switch childElement["S"]?.name {
                case StructureElement.artifact.rawValue:
                    try collect(child, into: &replacements, update: update, depth: depth + 1)
                case StructureElement.continuation.rawValue:
                    guard let previous = children.last else {
                        throw TypesettingError.unreadablePDF(reason: "continuation element \(child) continues nothing")
                    }
                    content[previous.number, default: []] += content[child] ?? []
                    replacements[child] = .reference(previous.number, 0)
                    let kids = childElement["K"].map { $0.array ?? [$0] } ?? []
                    children[children.count - 1].adopted += kids.filter { $0.reference != nil }
                default:
                    if childElement["S"]?.name == StructureElement.figure.rawValue { figures.append(child) }
                    if childElement["S"]?.name == StructureElement.tableOfContentsItem.rawValue {
                        tableOfContentsItems.append(child)
                    }
                    children.append((child, []))
                }
            }
            var keyed: [(value: PDFValue, key: ContentKey?)] = []
            for child in children {
                let key = try visit(child.number, parent: number, adopted: child.adopted, depth: depth + 1)
                keyed.append((.reference(child.number, 0), key))
            }
            let own = (content[number] ?? []).sorted()
            let merged = merge(keyed, own, page: element["Pg"]?.reference)
            var changed = false
            if merged != items, element["K"] != nil || !merged.isEmpty {
                element["K"] = .array(merged)
                changed = true
            }
            if let parent, element["P"]?.reference != parent {
                element["P"] = .reference(parent, 0)
                changed = true
            }
            if changed { update.replace(number, with: .dictionary(element)) }
            return ([own.first] + keyed.map(\.key)).compactMap { $0 }.min()
        }
        _ = try visit(rootNumber, parent: nil, adopted: [], depth: 0)

        guard figures.count == alternativeTexts.count else {
            throw TypesettingError.unreadablePDF(
                reason: "the structure tree has \(figures.count) figures, \(alternativeTexts.count) were drawn")
        }
        for (number, text) in zip(figures, alternativeTexts) {
            var figure = try update.dictionary(number)
            figure["Alt"] = .text(text)
            update.replace(number, with: .dictionary(figure))
        }
        if !replacements.isEmpty, let parentTree {
            try rewriteParentTree(parentTree, replacing: replacements, update: update, depth: 0)
        }
        return tableOfContentsItems
    }

    /// Child elements and own marked content in reading order: an MCID on the element's page, a marked-content
    /// reference on any other. A child without content keeps its place after the previous child.
    private func merge(
        _ children: [(value: PDFValue, key: ContentKey?)], _ own: [ContentKey], page: Int?
    ) -> [PDFValue] {
        var result: [PDFValue] = []
        var ownIndex = 0
        func flushOwn(before key: ContentKey?) {
            while ownIndex < own.count, key.map({ own[ownIndex] < $0 }) ?? true {
                let item = own[ownIndex]
                if item.pageObject == page {
                    result.append(.integer(item.mcid))
                } else {
                    result.append(
                        .dictionary(
                            PDFDictionary([
                                ("Type", .name("MCR")), ("Pg", .reference(item.pageObject, 0)),
                                ("MCID", .integer(item.mcid)),
                            ])))
                }
                ownIndex += 1
            }
        }
        for child in children {
            if let key = child.key { flushOwn(before: key) }
            result.append(child.value)
        }
        flushOwn(before: nil)
        return result
    }
}
