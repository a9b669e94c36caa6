// MARK: - Parent tree

extension PDFStructureUpdater {
    /// Each element's own marked content, read from the parent tree: page `k`'s array (the page whose
    /// `/StructParents` is `k`) maps MCID `i` to the element that content belongs to.
    func ownContent(of parentTree: PDFValue, update: PDFIncrementalUpdate) throws -> [Int: [ContentKey]] {
        let pages = try update.reader.pageNumbers()
        var pageForKey: [Int: (index: Int, object: Int)] = [:]
        for (index, page) in pages.enumerated() {
            if let key = try update.dictionary(page)["StructParents"]?.integer { pageForKey[key] = (index, page) }
        }
        var content: [Int: [ContentKey]] = [:]
        func read(_ node: PDFValue, depth: Int) throws {
            guard depth < 32 else { throw TypesettingError.unreadablePDF(reason: "parent tree too deep") }
            guard let dictionary = try update.resolve(node).dictionary else { return }
            for kid in dictionary["Kids"]?.array ?? [] { try read(kid, depth: depth + 1) }
            let pairs = dictionary["Nums"]?.array ?? []
            for index in stride(from: 0, to: pairs.count - 1, by: 2) {
                guard let key = pairs[index].integer, let page = pageForKey[key],
                    let elements = try update.resolve(pairs[index + 1]).array
                else { continue }
                for (mcid, element) in elements.enumerated() {
                    guard let element = element.reference else { continue }
                    content[element, default: []].append(
                        ContentKey(page: page.index, pageObject: page.object, mcid: mcid))
                }
            }
        }
        try read(parentTree, depth: 0)
        return content
    }

    /// Marks an element and all its descendant elements for removal (`null` in the parent tree).
    func collect(
        _ number: Int, into removed: inout [Int: PDFValue], update: PDFIncrementalUpdate, depth: Int
    ) throws {
        guard depth < 64 else { throw TypesettingError.unreadablePDF(reason: "structure tree too deep") }
        removed[number] = .null
        guard let kids = try update.dictionary(number)["K"] else { return }
        for kid in kids.array ?? [kids] {
            guard let child = kid.reference, try update.resolve(kid).dictionary?["S"] != nil else { continue }
            try collect(child, into: &removed, update: update, depth: depth + 1)
        }
    }

    /// Replaces references to elements that left the tree in a parent-tree node and its kids (a number tree,
    /// PDF 1.7 §7.9.7, whose values are a page's array of elements by MCID or a single element): `null` for
    /// artifacts, the continued element for continuations.
    func rewriteParentTree(
        _ node: PDFValue, replacing replacements: [Int: PDFValue], update: PDFIncrementalUpdate, depth: Int
    ) throws {
        guard depth < 32 else { throw TypesettingError.unreadablePDF(reason: "parent tree too deep") }
        guard let number = node.reference else {
            throw TypesettingError.unreadablePDF(reason: "parent tree node is not an indirect object")
        }
        var dictionary = try update.dictionary(number)
        for kid in dictionary["Kids"]?.array ?? [] {
            try rewriteParentTree(kid, replacing: replacements, update: update, depth: depth + 1)
        }
        guard var pairs = dictionary["Nums"]?.array else { return }
        func replaced(_ value: PDFValue) -> PDFValue { value.reference.flatMap { replacements[$0] } ?? value }
        var changed = false
        for index in stride(from: 1, to: pairs.count, by: 2) {
            if let list = pairs[index].reference, let elements = try update.value(list).array {
                let rewritten = elements.map(replaced)
                if rewritten != elements { update.replace(list, with: .array(rewritten)) }
            } else if let elements = pairs[index].array {
                pairs[index] = .array(elements.map(replaced))
                changed = true
            } else if replaced(pairs[index]) != pairs[index] {
                pairs[index] = replaced(pairs[index])
                changed = true
            }
        }
        if changed {
            dictionary["Nums"] = .array(pairs)
            update.replace(number, with: .dictionary(dictionary))
        }
    }
}
