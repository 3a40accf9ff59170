import Foundation

/// The journal's copy as JSON lines (one entry per line), for CI artefacts: `--journal FILE`.
public final class JournalFile: Sendable {
    let handle: FileHandle
    /// The file's path.
    public let path: String

    /// Creates (or truncates) the file at `path`.
    public init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        self.path = path
    }

    /// Appends `entries`, one line each. The journal calls this under its lock.
    func write(_ entries: [JournalEntry]) {
        var data = Data()
        for entry in entries {
            data.append(contentsOf: JSONValue.object(entry.json).jsonBytes)
            data.append(0x0A)
        }
        try? handle.write(contentsOf: data)
    }
}
