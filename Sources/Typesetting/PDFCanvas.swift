import CCairo
import Foundation

/// Collects the bytes Cairo writes for a PDF.
private final class ByteSink {
    var data = Data()
}

/// A Cairo PDF surface and its drawing context, writing into memory.
///
/// Owns the `cairo_surface_t` and `cairo_t`; every drawing helper takes points with the origin at the top left
/// of the page. The PDF is only handed out by ``finish()``, after Cairo reports success, so callers never see a
/// half-written document.
final class PDFCanvas {
    private let surface: OpaquePointer
    private let context: OpaquePointer
    private let sink: ByteSink
    private var finished = false

    /// Creates an empty PDF whose first page has the given size.
    ///
    /// - Throws: ``TypesettingError/cairo(operation:status:)`` when Cairo cannot create the surface.
    init(width: Double, height: Double) throws {
        let sink = ByteSink()
        self.sink = sink
        let write: cairo_write_func_t = { closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
            let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
            sink.data.append(bytes, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }
        guard
            let surface = cairo_pdf_surface_create_for_stream(
                write, Unmanaged.passUnretained(sink).toOpaque(), width, height)
        else { throw TypesettingError.cairo(operation: "creating the PDF surface", status: "NULL surface") }
        self.surface = surface
        guard let context = cairo_create(surface) else {
            cairo_surface_destroy(surface)
            throw TypesettingError.cairo(operation: "creating the drawing context", status: "NULL context")
        }
        self.context = context
        try check("creating the PDF surface", cairo_surface_status(surface))
        try check("creating the drawing context", cairo_status(context))
        cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5)
    }

    deinit {
        cairo_destroy(context)
        if !finished { cairo_surface_finish(surface) }
        cairo_surface_destroy(surface)
    }

    /// Turns a Cairo status into a typed error.
    private func check(_ operation: String, _ status: cairo_status_t) throws {
        guard status == CAIRO_STATUS_SUCCESS else {
            throw TypesettingError.cairo(operation: operation, status: String(cString: cairo_status_to_string(status)))
        }
    }

    /// Throws if the context has entered an error state.
    func checkStatus(_ operation: String) throws {
        try check(operation, cairo_status(context))
    }

    // MARK: - Document

    /// Sets one metadata field of the PDF's document information dictionary.
    func setMetadata(_ field: cairo_pdf_metadata_t, _ value: String) {
        cairo_pdf_surface_set_metadata(surface, field, value)
    }

    /// Sets the size of the next page (and of the current one when nothing is drawn yet).
    func setPageSize(width: Double, height: Double) {
        cairo_pdf_surface_set_size(surface, width, height)
    }

    /// Ends the current page.
    func showPage() { cairo_show_page(context) }

    /// Adds a bookmark to the document outline, pointing at a position on a page.
    ///
    /// Cairo 1.16 writes a broken name tree for named destinations (`qpdf --check` reports a missing object),
    /// so bookmarks use explicit page-and-position destinations; links are added by ``PDFLinkAnnotator``.
    /// - Returns: The outline item's id, for use as the parent of nested items.
    func addOutline(parent: Int32, title: String, page: Int, x: Double, y: Double) -> Int32 {
        cairo_pdf_surface_add_outline(
            surface, parent, title, "page=\(page) pos=[\(format(x)) \(format(y))]", cairo_pdf_outline_flags_t(0))
    }

    /// Opens a structure element: content drawn until the matching ``endStructure(_:)`` belongs to it, and
    /// elements opened meanwhile are its children. Elements may stay open across ``showPage()``.
    func beginStructure(_ element: StructureElement) {
        cairo_tag_begin(context, element.rawValue, "")
    }

    /// Closes the innermost open structure element, which must be `element` (else Cairo enters an error state
    /// that ``checkStatus(_:)`` reports).
    func endStructure(_ element: StructureElement) {
        cairo_tag_end(context, element.rawValue)
    }

    /// Draws `body` inside a structure element.
    func withStructure<T>(_ element: StructureElement, _ body: () throws -> T) rethrows -> T {
        beginStructure(element)
        defer { endStructure(element) }
        return try body()
    }

    private func format(_ value: Double) -> String { String(format: "%.2f", value) }

    /// Finishes the PDF and returns its bytes.
    ///
    /// - Throws: ``TypesettingError/cairo(operation:status:)`` if Cairo failed at any point.
    func finish() throws -> Data {
        try checkStatus("drawing")
        cairo_surface_finish(surface)
        finished = true
        try check("writing the PDF", cairo_surface_status(surface))
        return sink.data
    }

    // MARK: - Shapes

    /// Fills a rectangle.
    func fill(x: Double, y: Double, width: Double, height: Double, color: Color) {
        setColor(color)
        cairo_rectangle(context, x, y, width, height)
        cairo_fill(context)
    }

    /// Strokes a straight line.
    func line(from start: (Double, Double), to end: (Double, Double), color: Color, width: Double = 0.5) {
        setColor(color)
        cairo_set_line_width(context, width)
        cairo_move_to(context, start.0, start.1)
        cairo_line_to(context, end.0, end.1)
        cairo_stroke(context)
    }

    /// Strokes a polyline.
    func polyline(_ points: [(Double, Double)], color: Color, width: Double = 1) {
        guard let first = points.first else { return }
        setColor(color)
        cairo_set_line_width(context, width)
        cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
        cairo_move_to(context, first.0, first.1)
        for point in points.dropFirst() { cairo_line_to(context, point.0, point.1) }
        cairo_stroke(context)
    }

    /// Strokes a rectangle outline.
    func strokeRect(x: Double, y: Double, width: Double, height: Double, color: Color, lineWidth: Double = 0.5) {
        setColor(color)
        cairo_set_line_width(context, lineWidth)
        cairo_rectangle(context, x, y, width, height)
        cairo_stroke(context)
    }

    /// Fills a small circle (chart markers).
    func dot(x: Double, y: Double, radius: Double, color: Color) {
        setColor(color)
        cairo_arc(context, x, y, radius, 0, 2 * Double.pi)
        cairo_fill(context)
    }

    private func setColor(_ color: Color) {
        cairo_set_source_rgb(context, color.red, color.green, color.blue)
    }

    // MARK: - Text

    /// Draws a shaped run with its pen starting at `x` on the baseline `y`, passing clusters to Cairo so the PDF
    /// text layer is the run's source text.
    func draw(_ run: ShapedRun, x: Double, baseline y: Double, color: Color? = nil) {
        guard !run.glyphs.isEmpty else { return }
        setColor(color ?? run.style.color)
        cairo_set_font_face(context, run.face.cairoFace)
        cairo_set_font_size(context, run.style.size)
        var glyphs: [cairo_glyph_t] = []
        glyphs.reserveCapacity(run.glyphs.count)
        var pen = x
        for glyph in run.glyphs {
            glyphs.append(cairo_glyph_t(index: UInt(glyph.id), x: pen + glyph.xOffset, y: y - glyph.yOffset))
            pen += glyph.advance
        }
        let clusters = run.clusters.map {
            cairo_text_cluster_t(num_bytes: Int32($0.bytes), num_glyphs: Int32($0.glyphs))
        }
        let flags: cairo_text_cluster_flags_t =
            run.isRightToLeft ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : cairo_text_cluster_flags_t(0)
        let utf8 = Array(run.text.utf8CString)
        cairo_show_text_glyphs(
            context, utf8, Int32(utf8.count - 1), glyphs, Int32(glyphs.count), clusters, Int32(clusters.count), flags)
    }

    /// Draws text rotated by an angle (radians, counter-clockwise) about its start point.
    func drawRotated(_ runs: [ShapedRun], x: Double, baseline y: Double, angle: Double) {
        cairo_save(context)
        cairo_translate(context, x, y)
        cairo_rotate(context, -angle)
        var pen = 0.0
        for run in runs {
            draw(run, x: pen, baseline: 0)
            pen += run.width
        }
        cairo_restore(context)
    }

    // MARK: - Images

    /// Paints a bitmap of `0x00RRGGBB` pixels into a rectangle with nearest-neighbour scaling, so each matrix
    /// cell stays a sharp block at any zoom.
    ///
    /// - Throws: ``TypesettingError/cairo(operation:status:)`` if the image surface cannot be created.
    func drawPixels(
        _ pixels: [UInt32], columns: Int, rows: Int, x: Double, y: Double, width: Double, height: Double
    ) throws {
        guard columns > 0, rows > 0 else { return }
        precondition(pixels.count == columns * rows, "pixel buffer does not match \(columns)×\(rows)")
        guard let image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(columns), Int32(rows)) else {
            throw TypesettingError.cairo(operation: "creating a \(columns)×\(rows) image", status: "NULL surface")
        }
        defer { cairo_surface_destroy(image) }
        try check("creating a \(columns)×\(rows) image", cairo_surface_status(image))
        cairo_surface_flush(image)
        let stride = Int(cairo_image_surface_get_stride(image)) / 4
        guard let data = cairo_image_surface_get_data(image) else {
            throw TypesettingError.cairo(operation: "mapping a \(columns)×\(rows) image", status: "no pixel data")
        }
        data.withMemoryRebound(to: UInt32.self, capacity: stride * rows) { target in
            pixels.withUnsafeBufferPointer { source in
                guard let base = source.baseAddress else { return }
                for row in 0..<rows {
                    (target + row * stride).update(from: base + row * columns, count: columns)
                }
            }
        }
        cairo_surface_mark_dirty(image)
        cairo_save(context)
        cairo_translate(context, x, y)
        cairo_scale(context, width / Double(columns), height / Double(rows))
        cairo_set_source_surface(context, image, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(context), CAIRO_FILTER_NEAREST)
        cairo_rectangle(context, 0, 0, Double(columns), Double(rows))
        cairo_fill(context)
        cairo_restore(context)
    }
}
