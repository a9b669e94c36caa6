/// Distributes fragments over pages of a fixed content height.
///
/// A page ends before the first fragment that does not fit, moved back to the last fragment after which a
/// break is allowed, so headings stay with what follows and paragraphs leave neither a single first line at the
/// foot of a page (orphan) nor a single last line at the head of the next (widow). A page never stays empty: if
/// no break is allowed, the page breaks where the content overflows.
enum Paginator {
    /// A fragment placed on a page, `y` from the top of the content area.
    struct Placement {
        var fragment: Fragment
        var y: Double
    }

    /// Lays fragments onto pages.
    ///
    /// - Parameters:
    ///   - fragments: The content in reading order.
    ///   - pageHeight: The content height of a page, in points.
    /// - Returns: The placements of each page; at least one (possibly empty) page.
    static func paginate(_ fragments: [Fragment], pageHeight: Double) -> [[Placement]] {
        var pages: [[Placement]] = []
        var current: [(index: Int, placement: Placement)] = []
        var y = 0.0
        var index = 0

        func startPage() {
            pages.append(current.map(\.placement))
            current = []
            y = 0
        }
        func place(_ fragment: Fragment, index: Int) {
            if current.isEmpty, let header = fragment.continuationHeader {
                current.append((-1, Placement(fragment: header, y: 0)))
                y = header.height
            }
            let gap = current.isEmpty ? 0 : fragment.spaceBefore
            current.append((index, Placement(fragment: fragment, y: y + gap)))
            y += gap + fragment.height
        }

        while index < fragments.count {
            let fragment = fragments[index]
            if fragment.isPageBreak {
                if !current.isEmpty { startPage() }
                index += 1
                continue
            }
            let gap = current.isEmpty ? 0 : fragment.spaceBefore
            if current.isEmpty || y + gap + fragment.height <= pageHeight + 0.01 {
                place(fragment, index: index)
                index += 1
                continue
            }
            // Overflow: end the page after the last fragment that allows a break.
            if let last = current.last, !last.placement.fragment.keepWithNext {
                startPage()
                continue
            }
            if let breakAt = current.lastIndex(where: { !$0.placement.fragment.keepWithNext && $0.index >= 0 }),
                breakAt < current.count - 1, current[breakAt + 1].index >= 0
            {
                index = current[breakAt + 1].index
                current.removeSubrange((breakAt + 1)...)
                startPage()
                continue
            }
            startPage()  // Nothing allows a break: break at the overflow.
        }
        if !current.isEmpty || pages.isEmpty { startPage() }
        return pages
    }
}
