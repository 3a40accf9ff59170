import ArgumentParser
import FakeAuth0

/// What `serve` runs with, as plain values: read by ArgumentParser (`ServeCommand`) or, for a plain
/// command line, without it (`PlainServeArguments.options`). The defaults are `serve`'s.
struct ServeOptions: Equatable, Sendable {
    /// The state directory when `--state` is not given.
    static let defaultStateDirectory = ".fake-auth0"

    var scenario: String?
    var port = 4010
    var httpsPort: Int?
    var https = true
    var host = "127.0.0.1"
    var domain: String?
    var state: String?
    var ephemeral = false
    var readyFile: String?
    var journal: String?
    var journalSize: Int?
    var adminToken: String?
    var proxyTimeout: Double = 10
    var logLevel = "info"

    /// `--proxy-timeout` in whole milliseconds, held to the range `validate()` allows (so never a trap,
    /// whatever the value).
    var proxyTimeoutMilliseconds: Int {
        let seconds = proxyTimeout.isFinite ? min(max(proxyTimeout, 0.05), 3600) : ServeOptions().proxyTimeout
        return Int(seconds * 1000)
    }

    /// Refuses values out of range and options that cannot go together, as `serve`'s usage errors.
    func validate() throws {
        if let journalSize, !(0...Journal.maxCapacity).contains(journalSize) {
            throw ValidationError("--journal-size must be from 0 to \(Journal.maxCapacity)")
        }
        if !https, httpsPort != nil { throw ValidationError("--https-port cannot be combined with --no-https") }
        for (name, value) in [("--port", port), ("--https-port", httpsPort ?? 0)] where !(0...65535).contains(value) {
            throw ValidationError("\(name) must be between 0 and 65535")
        }
        guard proxyTimeout.isFinite, (0.05...3600).contains(proxyTimeout) else {
            throw ValidationError("--proxy-timeout must be from 0.05 to 3600 seconds")
        }
        if let adminToken, adminToken.count < 8 { throw ValidationError("--admin-token must be at least 8 characters") }
    }
}
