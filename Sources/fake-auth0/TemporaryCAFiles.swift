import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The CA certificate an `--ephemeral` run without `--state` writes to the temporary directory as
/// `fake-auth0-ca-PID-XXXXXXXX.pem`, and the clean-up of those left behind by runs that were killed.
enum TemporaryCAFiles {
    static let prefix = "fake-auth0-ca-"

    /// A new file name for this process.
    static func newFile() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent(
            "\(prefix)\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8)).pem")
    }

    /// Removes the CA files of processes that no longer exist; files of live processes stay.
    static func removeStale() {
        let directory = FileManager.default.temporaryDirectory
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".pem") {
            let rest = name.dropFirst(prefix.count)
            guard let pidText = rest.split(separator: "-").first, let pid = Int32(pidText), pid > 0 else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH {
                try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
            }
        }
    }
}
