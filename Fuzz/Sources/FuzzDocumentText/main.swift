import Dossier
import Foundation
import FuzzSupport

/// The document readers. The first byte picks the file extension (txt, md, json, csv), the rest is the file.
private let scratch = ScratchDirectory("document-text")
private let extensions = ["txt", "md", "json", "csv"]

private func fuzzDocumentText(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzDriver.bytes(data, size)
    guard let first = input.first else { return 0 }
    let fileExtension = extensions[Int(first) % extensions.count]
    let file = scratch.write(UnsafeRawBufferPointer(rebasing: input.dropFirst()), to: "document.\(fileExtension)")
    _ = try? DocumentText.load(file)
    return 0
}

FuzzDriver.run(fuzzDocumentText)
