import Foundation

/// Checks a fault before it is added: every number in range, the glob and endpoint usable, the effect
/// coherent, references to clients, users and connections that exist. Problems are (path, reason)
/// pairs relative to the fault, e.g. (`effect.latency`, `must be 0…30000 milliseconds`).
enum FaultValidator {
    static func problems(
        _ spec: FaultSpec, clients: Set<String>, users: Set<String>, connections: Set<String>
    ) -> [(path: String, reason: String)] {
        var problems: [(path: String, reason: String)] = []
        func report(_ path: String, _ reason: String) { problems.append((path, reason)) }

        if let id = spec.id, id.isEmpty || id.count > 128 || id.contains(where: { $0.isWhitespace || $0 == "/" }) {
            report("id", "must be 1…128 characters without spaces or '/'")
        }
        if let times = spec.times, !(1...FaultLimits.maxCount).contains(times) {
            report("times", "must be 1…\(FaultLimits.maxCount)")
        }
        if !(0...FaultLimits.maxCount).contains(spec.after) { report("after", "must be 0…\(FaultLimits.maxCount)") }
        if let probability = spec.probability, !probability.isFinite || probability < 0 || probability > 1 {
            report("probability", "must be a number from 0 to 1")
        }

        let match = spec.match
        if let method = match.method, method.isEmpty || !method.allSatisfy({ $0.isLetter }) {
            report("match.method", "'\(method)' is not an HTTP method")
        }
        if let path = match.path, let problem = PathGlob.problem(path) { report("match.path", problem) }
        if let client = match.client, !clients.contains(client) {
            report("match.client", "no client has the id '\(client)'")
        }
        if let user = match.user, !users.contains(user) { report("match.user", "no user has the sub '\(user)'") }
        if let connection = match.connection, !connections.contains(connection) {
            report("match.connection", "no connection is named '\(connection)'")
        }
        if let grant = match.grantType, grant.isEmpty { report("match.grant_type", "must not be empty") }

        let effect = spec.effect
        if let status = effect.status, !(200...599).contains(status) { report("effect.status", "must be 200…599") }
        if let latency = effect.latency, !(0...FaultLimits.maxLatency).contains(latency) {
            report("effect.latency", "must be 0…\(FaultLimits.maxLatency) milliseconds")
        }
        if let hang = effect.hang, !(1...FaultLimits.maxHang).contains(hang) {
            report("effect.hang", "must be 1…\(FaultLimits.maxHang) milliseconds")
        }
        if let retryAfter = effect.retryAfter, !(0...FaultLimits.maxRetryAfter).contains(retryAfter) {
            report("effect.retry_after", "must be 0…\(FaultLimits.maxRetryAfter) seconds")
        }
        if effect.drop, effect.status != nil || effect.body != nil || effect.hang != nil {
            report("effect.drop", "a dropped connection has no status, body or hang")
        }
        if effect.status == nil, effect.latency == nil, !effect.drop, effect.hang == nil, effect.body == nil,
            effect.headers.isEmpty
        {
            report("effect", "give at least one of status, latency, drop, hang, body or headers")
        }
        if effect.status == nil, effect.hang == nil, effect.error != nil || effect.message != nil {
            report("effect.error", "error and message need a status")
        }
        for (name, value) in effect.headers {
            if name.isEmpty || !name.unicodeScalars.allSatisfy(isTokenCharacter) {
                report("effect.headers", "'\(name)' is not a header name")
            }
            if value.contains(where: { $0 == "\r" || $0 == "\n" }) {
                report("effect.headers.\(name)", "a header value is one line")
            }
        }
        return problems
    }

    /// RFC 9110 `tchar`.
    static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII
            && (CharacterSet.alphanumerics.contains(scalar) || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar))
    }
}
