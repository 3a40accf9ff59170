import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads and atomically writes the PEM files of the certificate store; key files are private (0600).
enum PEMFile {
    /// The file's text, or nil when it does not exist.
    static func read(_ path: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    /// Writes `text` to a temporary file with the final permissions, then renames it over `path`, so a
    /// reader never sees half a file and a key is never readable by others.
    static func write(_ text: String, to path: String, isPrivate: Bool) throws {
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        let permissions = isPrivate ? 0o600 : 0o644
        let contents = Data((text.hasSuffix("\n") ? text : text + "\n").utf8)
        guard
            FileManager.default.createFile(
                atPath: temporary, contents: contents, attributes: [.posixPermissions: permissions])
        else { throw CertificateFileError("\(path): cannot be written") }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw CertificateFileError("\(path): cannot be written (errno \(errno))")
        }
    }
}
