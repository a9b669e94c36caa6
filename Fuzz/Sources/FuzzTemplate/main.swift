import Dossier
import Foundation
import FuzzSupport

/// The template loader. A copy of the shipped template lives in the scratch directory; the first byte of an input
/// picks one of its files (style, thresholds, reason codes or a passage of wording), the rest replaces that file,
/// and the folder is loaded and every passage rendered with an empty context (so the strict key check runs on
/// whatever the input made of it). The file is restored afterwards.
private let shipped = FuzzFixtures.directory.deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Templates/default", isDirectory: true)
private let scratch = ScratchDirectory("template", fixtures: ["default": shipped])
private let folder = scratch.url.appendingPathComponent("default", isDirectory: true)
private let files =
    ["style.json", "thresholds.json", "reason-codes.json"]
    + TemplateTexts.required.map { "text/\($0).mustache" }
private let originals = files.map { FileManager.default.contents(atPath: folder.appendingPathComponent($0).path) }

private func fuzzTemplate(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzDriver.bytes(data, size)
    guard let first = input.first else { return 0 }
    let index = Int(first) % files.count
    scratch.write(UnsafeRawBufferPointer(rebasing: input.dropFirst()), to: "default/\(files[index])")
    if let template = try? DossierTemplate.load(folder: folder) {
        for name in TemplateTexts.required { _ = try? template.texts.render(name, [:]) }
        _ = template.taxonomy.code(for: "which gives a DTI of 47%", label: "refer")
    }
    if let original = originals[index] {
        original.withUnsafeBytes { _ = scratch.write($0, to: "default/\(files[index])") }
    }
    return 0
}

FuzzDriver.run(fuzzTemplate)
