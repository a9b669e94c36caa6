import CCairo
import CFreeType
import CHarfBuzz
import Foundation

/// The process-wide FreeType library that backs every Cairo font face.
///
/// Cairo may keep a font face alive in its scaled-font cache after the last Swift owner is gone, so the
/// `FT_Face` is released by Cairo's destroy callback, and the library it belongs to must outlive it: it is
/// created once and never freed. FreeType requires face creation and destruction on one library to be
/// serialised, hence the lock.
final class FreeTypeLibrary: @unchecked Sendable {
    static let shared = FreeTypeLibrary()

    let lock = NSLock()
    let handle: FT_Library?

    private init() {
        var library: FT_Library?
        handle = FT_Init_FreeType(&library) == 0 ? library : nil
    }
}

/// The key under which a Cairo font face stores the `FT_Face` it must release.
private nonisolated(unsafe) let freeTypeFaceKey = UnsafeMutablePointer<cairo_user_data_key_t>.allocate(capacity: 1)

/// One font file (or one face of a collection) ready for shaping with HarfBuzz and drawing with Cairo.
///
/// HarfBuzz shapes in font units (scale = units per em, no hinting), so shaping results are size-independent
/// and scaled to points by ``scale(for:)``. Cairo draws through a FreeType face loaded without hinting.
public final class FontFace {
    /// The file the face was loaded from.
    public let path: String
    /// The face index inside a font collection (`.ttc`), 0 for single fonts.
    public let index: Int
    /// The family name stored in the font, e.g. "Noto Serif".
    public let familyName: String
    /// Font units per em, e.g. 1000 or 2048.
    let unitsPerEm: Double
    /// Ascender above the baseline, as a fraction of the em (positive), e.g. 1.07.
    let ascender: Double
    /// Descender below the baseline, as a fraction of the em (positive), e.g. 0.29.
    let descender: Double
    /// The HarfBuzz font (`hb_font_t *`), scaled to font units.
    let harfBuzzFont: OpaquePointer
    /// The Cairo font face (`cairo_font_face_t *`) over a FreeType face.
    let cairoFace: OpaquePointer
    private var coverage: [UInt32: Bool] = [:]

    /// Loads a font file.
    ///
    /// - Parameters:
    ///   - path: A TrueType/OpenType font or collection.
    ///   - index: The face inside a collection; 0 for single fonts.
    /// - Throws: ``TypesettingError/fontFileUnreadable(path:reason:)`` when the file is missing or unreadable,
    ///   ``TypesettingError/fontFileCorrupt(path:reason:)`` when FreeType or HarfBuzz reject it.
    public init(path: String, index: Int = 0) throws {
        self.path = path
        self.index = index
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw TypesettingError.fontFileUnreadable(path: path, reason: "no such file")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw TypesettingError.fontFileUnreadable(path: path, reason: "permission denied")
        }

        // HarfBuzz: its own parse of the file, used for shaping and metrics.
        guard let blob = hb_blob_create_from_file(path), hb_blob_get_length(blob) > 0 else {
            throw TypesettingError.fontFileUnreadable(path: path, reason: "empty or unreadable file")
        }
        defer { hb_blob_destroy(blob) }
        guard let hbFace = hb_face_create(blob, UInt32(index)) else {
            throw TypesettingError.fontFileCorrupt(path: path, reason: "HarfBuzz cannot open the face")
        }
        defer { hb_face_destroy(hbFace) }
        let upem = hb_face_get_upem(hbFace)
        guard hb_face_get_glyph_count(hbFace) > 0, upem > 0 else {
            throw TypesettingError.fontFileCorrupt(path: path, reason: "no glyphs (not an OpenType font)")
        }
        guard let hbFont = hb_font_create(hbFace) else {
            throw TypesettingError.fontFileCorrupt(path: path, reason: "HarfBuzz cannot create a font")
        }
        hb_font_set_scale(hbFont, Int32(upem), Int32(upem))
        var extents = hb_font_extents_t()
        // A font without hhea/OS/2 extents (or with zero ones) would set every line at zero height.
        guard hb_font_get_h_extents(hbFont, &extents) != 0, extents.ascender > extents.descender else {
            hb_font_destroy(hbFont)
            throw TypesettingError.fontFileCorrupt(
                path: path, reason: "no vertical metrics (hhea/OS/2 ascender and descender are missing or zero)")
        }

        // FreeType + Cairo: used for drawing and embedding.
        let library = FreeTypeLibrary.shared
        var ftFace: FT_Face?
        let error: FT_Error = library.lock.withLock {
            guard let handle = library.handle else { return -1 }
            return FT_New_Face(handle, path, FT_Long(index), &ftFace)
        }
        guard error == 0, let ftFace else {
            hb_font_destroy(hbFont)
            throw TypesettingError.fontFileCorrupt(path: path, reason: "FreeType error \(error)")
        }
        let loadFlags = Int32(1 << 1)  // FT_LOAD_NO_HINTING: positions come from HarfBuzz, PDF needs no hints.
        guard let face = cairo_ft_font_face_create_for_ft_face(ftFace, loadFlags),
            cairo_font_face_status(face) == CAIRO_STATUS_SUCCESS
        else {
            hb_font_destroy(hbFont)
            library.lock.withLock { _ = FT_Done_Face(ftFace) }
            throw TypesettingError.fontFileCorrupt(path: path, reason: "Cairo cannot use the FreeType face")
        }
        let status = cairo_font_face_set_user_data(face, freeTypeFaceKey, UnsafeMutableRawPointer(ftFace)) {
            pointer in
            guard let pointer else { return }
            let library = FreeTypeLibrary.shared
            library.lock.withLock { _ = FT_Done_Face(pointer.assumingMemoryBound(to: FT_FaceRec.self)) }
        }
        if status != CAIRO_STATUS_SUCCESS {
            cairo_font_face_destroy(face)
            library.lock.withLock { _ = FT_Done_Face(ftFace) }
            hb_font_destroy(hbFont)
            throw TypesettingError.fontFileCorrupt(path: path, reason: "Cairo cannot attach the face")
        }
        familyName = ftFace.pointee.family_name.map { String(cString: $0) } ?? "unknown"
        harfBuzzFont = hbFont
        cairoFace = face
        unitsPerEm = Double(upem)
        ascender = Double(extents.ascender) / Double(upem)
        descender = -Double(extents.descender) / Double(upem)
    }

    deinit {
        hb_font_destroy(harfBuzzFont)
        cairo_font_face_destroy(cairoFace)
    }

    /// Points per font unit at a given size in points.
    func scale(for size: Double) -> Double { size / unitsPerEm }

    /// The glyph the font's cmap maps a scalar to, or `nil`.
    func glyphIndex(for scalar: Unicode.Scalar) -> UInt32? {
        var glyph: hb_codepoint_t = 0
        return hb_font_get_nominal_glyph(harfBuzzFont, scalar.value, &glyph) != 0 && glyph != 0 ? glyph : nil
    }

    /// Whether the font has a glyph for the scalar (its cmap maps it).
    func hasGlyph(_ scalar: Unicode.Scalar) -> Bool {
        if let known = coverage[scalar.value] { return known }
        var glyph: hb_codepoint_t = 0
        let found = hb_font_get_nominal_glyph(harfBuzzFont, scalar.value, &glyph) != 0 && glyph != 0
        coverage[scalar.value] = found
        return found
    }

    /// Whether every visible scalar of a grapheme cluster has a glyph in this font.
    ///
    /// Default-ignorable scalars (joiners, variation selectors) do not need glyphs.
    func covers(_ character: Character) -> Bool {
        character.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isDefaultIgnorableCodePoint || hasGlyph(scalar)
        }
    }
}
