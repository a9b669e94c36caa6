import Dossier
import Foundation

/// Makes the dossiers of a batch: loads nothing itself (the maker holds the model, template and fonts), runs
/// `jobs` documents at a time, and writes for each its PDF and JSON sidecar and then its manifest line.
///
/// Crash safety: files are written to temporary names and renamed; the manifest line follows the files; a torn
/// last manifest line is cut off on `--resume`, which makes only the documents the manifest lacks. A full disk or
/// an unwritable folder stops the batch with that error; everything finished before stays.
public enum BatchRunner {
    /// Subfolder of the batch folder holding the PDFs and sidecars.
    public static let dossierFolder = "dossiers"

    /// Runs (or resumes) a batch.
    /// - Parameters:
    ///   - maker: The loaded model, template and fonts; each extra job gets its own fonts from it.
    ///   - showProgress: Report progress on standard error.
    /// - Returns: What was done; `failed > 0` when any document failed (each with its reason in the manifest).
    /// - Throws: `BatchError` for the input, the output folder or a write that failed.
    public static func run(maker: DossierMaker, options: BatchOptions, showProgress: Bool = true) throws
        -> BatchSummary
    {
        let started = Date()
        let items = try BatchInput.read(options.input)
        guard !items.isEmpty else { throw BatchError.input(file: options.input.path, detail: "holds no documents") }
        let stems = FileStems.stems(for: items.map(\.id))
        let mine = items.filter { options.shard.contains($0.id) }
        let folder = options.folder
        // Every dossier of a batch carries one decision date: the option's, else the one a resumed folder
        // recorded, else today's (UTC), so a batch resumed or sharded across midnight stays one batch.
        var dated = options
        if dated.decisionDate == nil {
            let previous = try? BatchSettings.read(folder.appendingPathComponent("batch.json"))
            dated.decisionDate = (options.resume ? previous?.decisionDate : nil) ?? CalendarDate.today().description
        }
        let options = dated
        let settings = BatchSettings(
            toolVersion: DossierMaker.toolVersion, input: options.input.path, inputDocuments: items.count,
            model: options.modelName, modelSHA256: BatchSettings.modelDigest(maker.modelFiles),
            template: maker.template.folder.lastPathComponent, templateSHA256: maker.template.digest,
            audience: options.audience.rawValue, trustLevel: options.trustLevel.rawValue,
            windowSize: options.windowSize, windowStride: options.windowStride,
            maximumCharacters: options.maximumCharacters, decisionDate: options.decisionDate, shard: options.shard,
            ids: mine.map(\.id).sorted(),
            stems: Dictionary(uniqueKeysWithValues: mine.map { ($0.id, stems[$0.id] ?? $0.id) }))

        let lock = try prepare(folder: folder, settings: settings, resume: options.resume)
        defer { close(lock) }
        let manifestURL = folder.appendingPathComponent("manifest.jsonl")
        let manifest = try Manifest(appendingTo: manifestURL)
        let done = Set(manifest.existingEntries.map(\.id))
        let todo = mine.filter { !done.contains($0.id) }

        let progress = BatchProgress(total: todo.count, enabled: showProgress && !todo.isEmpty)
        let state = RunState()
        let modelDigest = settings.modelSHA256
        // One maker per job: they share the model and template, each has its own fonts.
        let makers = PerJob(
            try [maker] + (1..<min(options.jobs, max(1, todo.count))).map { _ in try DossierMaker(sharing: maker) })
        DispatchQueue.concurrentPerform(iterations: makers.values.count) { [options] worker in
            let maker = makers.values[worker]
            while let index = state.next(limit: todo.count) {
                let item = todo[index]
                let stem = stems[item.id] ?? item.id
                let entry: ManifestEntry
                do {
                    entry = try make(
                        item, stem: stem, maker: maker, options: options, folder: folder, model: modelDigest)
                } catch {
                    state.stop(with: error)
                    return
                }
                do {
                    try manifest.append(entry)
                } catch {
                    state.stop(with: error)
                    return
                }
                state.count(failed: entry.status == .failed)
                progress.finish(failed: entry.status == .failed)
            }
        }
        if let error = state.error { throw error }

        let entries = try Manifest.read(manifestURL).entries.sorted { $0.id < $1.id }
        try BatchPackage.finish(folder: folder, entries: entries, settings: settings, fonts: maker.fonts)
        return BatchSummary(
            folder: folder, total: mine.count, alreadyDone: mine.count - todo.count, made: state.made,
            failed: state.failed, seconds: Date().timeIntervalSince(started), entries: entries)
    }

    /// Creates the folder, checks it against `--resume`, writes `batch.json`, removes temporary files of an
    /// interrupted run, and takes the folder's lock (two runs never write one folder).
    static func prepare(folder: URL, settings: BatchSettings, resume: Bool) throws -> Int32 {
        let dossiers = folder.appendingPathComponent(dossierFolder, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: dossiers, withIntermediateDirectories: true)
        } catch {
            throw BatchError.unwritable(file: dossiers.path, reason: "cannot create the folder")
        }
        let lockPath = folder.appendingPathComponent(".batch.lock").path
        let lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw BatchError.unwritable(file: lockPath, reason: String(cString: strerror(errno))) }
        guard flock(lock, LOCK_EX | LOCK_NB) == 0 else {
            close(lock)
            throw BatchError.output(folder: folder.path, detail: "another batch is writing this folder")
        }
        let settingsURL = folder.appendingPathComponent("batch.json")
        let manifestURL = folder.appendingPathComponent("manifest.jsonl")
        if FileManager.default.fileExists(atPath: settingsURL.path) {
            guard resume else {
                close(lock)
                throw BatchError.output(
                    folder: folder.path,
                    detail: "already holds a batch; add --resume to finish it, or choose another --out")
            }
            let previous = try BatchSettings.read(settingsURL)
            let differences = settings.differences(from: previous)
            guard differences.isEmpty else {
                close(lock)
                throw BatchError.output(
                    folder: folder.path,
                    detail: "cannot resume a batch made differently: " + differences.joined(separator: "; "))
            }
        } else if FileManager.default.fileExists(atPath: manifestURL.path) {
            close(lock)
            throw BatchError.output(folder: folder.path, detail: "holds a manifest.jsonl but no batch.json")
        }
        try settings.write(to: settingsURL)
        // Temporary files of a run that was killed (complete files were renamed; these never were).
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dossiers.path)) ?? []
        for name in names where name.hasPrefix(".") && name.hasSuffix(".partial") {
            try? FileManager.default.removeItem(at: dossiers.appendingPathComponent(name))
        }
        return lock
    }

    /// Makes one document's dossier and writes its files; a document's own failure becomes a failed entry.
    /// - Throws: only for a write that failed (the batch must stop).
    static func make(
        _ item: BatchItem, stem: String, maker: DossierMaker, options: BatchOptions, folder: URL, model: String
    ) throws -> ManifestEntry {
        let clock = Date()
        var entry = ManifestEntry(
            id: item.id, status: .failed, input: item.origin, sha256: .init(model: model), seconds: 0)
        let request: DossierRequest
        switch item.source {
        case .invalid(let reason):
            entry.error = "\(item.origin): \(reason)"
            return entry
        case .file(let url):
            request = self.request(item, document: url, name: url.path, text: nil, options: options)
        case .text(let text):
            request = self.request(
                item, document: URL(fileURLWithPath: item.origin), name: item.origin, text: text, options: options)
        }
        let dossier: Dossier
        do {
            dossier = try maker.make(request)
        } catch {
            // A made dossier records the input's digest; a failed one is hashed here, when it can be read.
            switch item.source {
            case .file(let url): entry.sha256.input = try? SHA256.hex(ofFile: url)
            case .text(let text): entry.sha256.input = SHA256.hex(Data(text.utf8))
            case .invalid: break
            }
            entry.error = "\(error)"
            entry.seconds = Date().timeIntervalSince(clock)
            return entry
        }
        let dossiers = folder.appendingPathComponent(dossierFolder, isDirectory: true)
        let pdf = "\(dossierFolder)/\(stem).pdf"
        let json = "\(dossierFolder)/\(stem).json"
        do {
            try DossierWriter.write(
                dossier, pdf: dossiers.appendingPathComponent("\(stem).pdf"),
                json: dossiers.appendingPathComponent("\(stem).json"))
        } catch DossierError.unwritable(let file, let reason) {
            throw BatchError.unwritable(file: file, reason: reason)
        }
        let record = dossier.record
        entry.status = .done
        entry.pdf = pdf
        entry.json = json
        entry.decision = record.decision.label
        entry.probabilities = record.decision.probabilities.map { .init(label: $0.label, probability: $0.probability) }
        entry.reasons = record.reasons.map {
            .init(code: $0.code, wording: $0.codeText, text: $0.text, share: $0.share)
        }
        entry.trust = record.trust.verdict
        entry.fairnessFlags = record.fairness?.report.flaggedAttributes.map(\.rawValue) ?? []
        entry.pages = dossier.pageCount
        entry.sha256.input = record.document.sha256
        entry.sha256.pdf = SHA256.hex(dossier.pdf)
        entry.sha256.json = SHA256.hex(dossier.json)
        entry.seconds = Date().timeIntervalSince(clock)
        return entry
    }

    static func request(_ item: BatchItem, document: URL, name: String, text: String?, options: BatchOptions)
        -> DossierRequest
    {
        let defaults = CaseDetails(caseId: item.id, decisionDate: options.decisionDate)
        return DossierRequest(
            document: document, documentName: name, modelName: options.modelName, audience: options.audience,
            trustLevel: options.trustLevel, caseDetails: defaults.merged(with: item.caseDetails),
            windowSize: options.windowSize, windowStride: options.windowStride,
            maximumCharacters: options.maximumCharacters, commandLine: options.commandLine, text: text)
    }
}

/// The work queue and counters shared by a batch's jobs.
final class RunState: @unchecked Sendable {
    private let lock = NSLock()
    private var position = 0
    private(set) var made = 0
    private(set) var failed = 0
    private(set) var error: (any Error)?

    /// The next document's index, or nil when all are taken or the batch stopped.
    func next(limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard error == nil, position < limit else { return nil }
        position += 1
        return position - 1
    }

    func count(failed didFail: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if didFail { failed += 1 } else { made += 1 }
    }

    func stop(with error: any Error) {
        lock.lock()
        defer { lock.unlock() }
        if self.error == nil { self.error = error }
    }
}

/// Values each used by one job only, carried into the concurrent region.
struct PerJob<Value>: @unchecked Sendable {
    let values: [Value]
    init(_ values: [Value]) { self.values = values }
}
