import Foundation

/// Finds the fonts and templates the tool ships, wherever the binary runs from.
///
/// Looked for, in order: `$DOSSIER_RESOURCES` (a folder holding `Fonts/` and `Templates/`); beside the
/// executable as installed by `Scripts/install.sh` (`PREFIX/bin/dossier` with `PREFIX/share/attention-dossier/`);
/// the source checkout the executable was built in (`.build/<configuration>/dossier` → the checkout's root);
/// and the current directory. No path is compiled into the binary.
public enum ResourceLocator {
    /// The folder holding `Fonts/` and `Templates/`.
    /// - Throws: `DossierError.missingResources` listing where it looked.
    public static func resourcesDirectory(environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> URL
    {
        let candidates = candidateDirectories(environment: environment)
        for candidate in candidates where isResourceFolder(candidate) { return candidate }
        throw DossierError.missingResources(searched: candidates.map(\.path))
    }

    /// The shipped default template folder.
    public static func defaultTemplate() throws -> URL {
        try resourcesDirectory().appendingPathComponent("Templates/default", isDirectory: true)
    }

    /// The shipped fonts folder.
    public static func fonts() throws -> URL {
        try resourcesDirectory().appendingPathComponent("Fonts", isDirectory: true)
    }

    static func candidateDirectories(environment: [String: String]) -> [URL] {
        var result: [URL] = []
        if let override = environment["DOSSIER_RESOURCES"], !override.isEmpty {
            result.append(URL(fileURLWithPath: override, isDirectory: true))
        }
        if let executable = executableURL() {
            let bin = executable.deletingLastPathComponent()
            result.append(bin.deletingLastPathComponent().appendingPathComponent("share/attention-dossier"))
            result.append(bin.appendingPathComponent("share/attention-dossier"))
            // .build/release/dossier, .build/x86_64-unknown-linux-gnu/release/dossier
            var folder = bin
            for _ in 0..<4 {
                folder = folder.deletingLastPathComponent()
                result.append(folder)
            }
        }
        result.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
        return result
    }

    static func isResourceFolder(_ url: URL) -> Bool {
        let manager = FileManager.default
        return manager.fileExists(atPath: url.appendingPathComponent("Fonts/NotoSerif-Regular.ttf").path)
            && manager.fileExists(atPath: url.appendingPathComponent("Templates/default/style.json").path)
    }

    /// The running executable, resolved through `/proc/self/exe` (Linux) or the first argument.
    static func executableURL() -> URL? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path).resolvingSymlinksInPath()
        }
        guard let first = CommandLine.arguments.first, !first.isEmpty else { return nil }
        return URL(fileURLWithPath: first).resolvingSymlinksInPath()
    }
}
