// MARK: - Links in the structure tree

extension PDFLinkAnnotator {
    /// The structure-tree side of tagged links: `Link` elements with object references to their annotations,
    /// appended to their parents' `/K`, and new parent-tree entries from `/ParentTreeNextKey` on.
    struct StructureLinks {
        private let update: PDFIncrementalUpdate
        private let rootNumber: Int
        private let parentTreeNumber: Int
        private var nextKey: Int
        private var entries: [PDFValue] = []

        /// The structure tree of the PDF being updated, or `nil` when it has none or its parent tree is not a
        /// single indirect `/Nums` node (as Cairo 1.16 writes it); links then stay out of the tree.
        init?(_ update: PDFIncrementalUpdate) throws {
            let catalog = try update.dictionary(update.rootNumber)
            guard let rootNumber = catalog["StructTreeRoot"]?.reference else { return nil }
            let root = try update.dictionary(rootNumber)
            guard let parentTreeNumber = root["ParentTree"]?.reference else { return nil }
            let parentTree = try update.dictionary(parentTreeNumber)
            guard parentTree["Kids"] == nil, let pairs = parentTree["Nums"]?.array else { return nil }
            let keys = stride(from: 0, to: pairs.count, by: 2).compactMap { pairs[$0].integer }
            self.update = update
            self.rootNumber = rootNumber
            self.parentTreeNumber = parentTreeNumber
            nextKey = max(root["ParentTreeNextKey"]?.integer ?? 0, (keys.max() ?? -1) + 1)
        }

        /// Adds a `Link` element for an annotation under `parent`.
        ///
        /// - Returns: The annotation's `/StructParent` key.
        mutating func addLink(annotation: Int, page: Int, parent: Int) throws -> Int {
            let key = nextKey
            nextKey += 1
            let reference = PDFDictionary([
                ("Type", .name("OBJR")), ("Obj", .reference(annotation, 0)), ("Pg", .reference(page, 0)),
            ])
            let element = update.add(
                .dictionary(
                    PDFDictionary([
                        ("Type", .name("StructElem")), ("S", .name("Link")), ("P", .reference(parent, 0)),
                        ("Pg", .reference(page, 0)), ("K", .dictionary(reference)),
                    ])))
            entries += [.integer(key), .reference(element, 0)]
            var parentElement = try update.dictionary(parent)
            let kids = parentElement["K"].map { $0.array ?? [$0] } ?? []
            parentElement["K"] = .array(kids + [.reference(element, 0)])
            update.replace(parent, with: .dictionary(parentElement))
            return key
        }

        /// Writes the new parent-tree entries (keys above every page's, so `/Nums` stays sorted) and
        /// `/ParentTreeNextKey`.
        func finish() throws {
            guard !entries.isEmpty else { return }
            var parentTree = try update.dictionary(parentTreeNumber)
            parentTree["Nums"] = .array((parentTree["Nums"]?.array ?? []) + entries)
            update.replace(parentTreeNumber, with: .dictionary(parentTree))
            var root = try update.dictionary(rootNumber)
            root["ParentTreeNextKey"] = .integer(nextKey)
            update.replace(rootNumber, with: .dictionary(root))
        }
    }
}
