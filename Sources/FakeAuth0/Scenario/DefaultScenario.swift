import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The scenario built into the binary, so `fake-auth0` with no arguments has a demo tenant to serve.
enum DefaultScenario {
    static var yaml: String {
        guard let url = file, let text = try? String(contentsOf: url, encoding: .utf8) else { return "" }
        return text
    }

    /// `default.yaml` in the binary's resource bundle. Looked for first where SwiftPM's `Bundle.module`
    /// looks first, next to the executable, without Foundation's `Bundle` (setting up the main bundle and
    /// a resource search took a few milliseconds of every start); anywhere else, through `Bundle.module`.
    static let file: URL? = besideExecutable() ?? Bundle.module.url(forResource: "default", withExtension: "yaml")

    /// The bundle's name: the package's name and the target's, as SwiftPM names it.
    static let bundleName = "fake-auth0_FakeAuth0.resources"

    /// `default.yaml` in a bundle next to the running executable (Linux), nil when there is none.
    static func besideExecutable() -> URL? {
        #if os(Linux)
            var buffer = [CChar](repeating: 0, count: 4096)
            let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
            guard count > 0, count < buffer.count - 1 else { return nil }
            let executable = URL(
                fileURLWithPath: String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self))
            let file = executable.deletingLastPathComponent().appending(path: bundleName).appending(
                path: "default.yaml")
            return FileManager.default.fileExists(atPath: file.path) ? file : nil
        #else
            return nil
        #endif
    }
}
