import FakeAuth0
import HTTPTypes

/// The one place where a domain failure becomes an HTTP status and headers.
extension HTTPResponse.Status {
    /// The status for a kind of domain failure.
    init(_ kind: FailureKind) {
        switch kind {
        case .invalidRequest: self = .badRequest
        case .unauthenticated: self = .unauthorized
        case .forbidden: self = .forbidden
        case .notFound: self = .notFound
        case .conflict: self = .conflict
        case .tooLarge: self = .contentTooLarge
        case .rateLimited: self = .tooManyRequests
        case .internalFailure: self = .internalServerError
        }
    }
}

extension OAuthError {
    /// `Retry-After` and `WWW-Authenticate`, when the error carries them.
    var responseHeaders: [String: String] {
        var headers: [String: String] = [:]
        if let retryAfter { headers["Retry-After"] = String(retryAfter) }
        if let challenge { headers["WWW-Authenticate"] = challenge.headerValue }
        return headers
    }
}

extension BearerChallenge {
    /// `Bearer realm="…", error="…", error_description="…", scope="…"`, with the parts it has.
    var headerValue: String {
        let parts = [("realm", realm), ("error", error), ("error_description", description), ("scope", scope)]
            .compactMap { name, value in value.map { "\(name)=\"\($0)\"" } }
        return parts.isEmpty ? "Bearer" : "Bearer " + parts.joined(separator: ", ")
    }
}
