import Foundation

/// The XMP metadata packet of a document (ISO 16684-1), mirroring the information dictionary.
///
/// Holds the title, language, author, subject, keywords, producer, creator tool and creation date, with no
/// instance ids or timestamps of its own, so identical input gives identical bytes.
struct XMPPacket {
    var metadata: DocumentMetadata
    /// The document language, e.g. "en".
    var language: String
    /// The producing library, e.g. "cairo 1.16.0 (https://cairographics.org)".
    var producer: String

    /// The packet as UTF-8 XML.
    var bytes: [UInt8] {
        var fields: [String] = []
        if !metadata.title.isEmpty {
            fields.append(
                "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">\(escape(metadata.title))</rdf:li></rdf:Alt></dc:title>"
            )
        }
        fields.append("<dc:language><rdf:Bag><rdf:li>\(escape(language))</rdf:li></rdf:Bag></dc:language>")
        if !metadata.author.isEmpty {
            fields.append("<dc:creator><rdf:Seq><rdf:li>\(escape(metadata.author))</rdf:li></rdf:Seq></dc:creator>")
        }
        if !metadata.subject.isEmpty {
            fields.append(
                "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">\(escape(metadata.subject))</rdf:li></rdf:Alt></dc:description>"
            )
        }
        if !metadata.keywords.isEmpty {
            fields.append("<pdf:Keywords>\(escape(metadata.keywords.joined(separator: ", ")))</pdf:Keywords>")
        }
        fields.append("<pdf:Producer>\(escape(producer))</pdf:Producer>")
        if !metadata.creator.isEmpty { fields.append("<xmp:CreatorTool>\(escape(metadata.creator))</xmp:CreatorTool>") }
        fields.append("<xmp:CreateDate>\(DocumentMetadata.isoString(metadata.resolvedCreationDate()))</xmp:CreateDate>")
        let xml = """
            <?xpacket begin="\u{FEFF}" id="W5M0MpCehiHzreSzNTczkc9d"?>
            <x:xmpmeta xmlns:x="adobe:ns:meta/">
             <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
              <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" \
            xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
               \(fields.joined(separator: "\n   "))
              </rdf:Description>
             </rdf:RDF>
            </x:xmpmeta>
            <?xpacket end="r"?>
            """
        return Array(xml.utf8)
    }

    /// The text with XML's special characters escaped and control characters dropped.
    private func escape(_ text: String) -> String {
        var out = ""
        for scalar in TextSanitizer.clean(text).unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\t": out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
