import Foundation

/// An OAuth error as Auth0 returns it: an `error` code, a human `error_description` and an HTTP status.
///
/// The domain throws these; the server turns them into `{"error","error_description"}` bodies in one place.
public struct OAuthError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var status: Int
    /// Extra response headers, e.g. `Retry-After` or `WWW-Authenticate`.
    public var headers: [String: String]

    public init(_ code: String, _ message: String, status: Int = 400, headers: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.status = status
        self.headers = headers
    }

    public var description: String { "\(status) \(code): \(message)" }

    public static func invalidRequest(_ message: String) -> OAuthError { .init("invalid_request", message) }
    public static func missingParameter(_ name: String) -> OAuthError {
        .invalidRequest("Missing required parameter: \(name)")
    }
    public static func invalidClient(_ message: String = "Client authentication failed.") -> OAuthError {
        .init("invalid_client", message, status: 401)
    }
    public static func invalidGrant(_ message: String) -> OAuthError { .init("invalid_grant", message, status: 403) }
    public static func unauthorizedClient(_ message: String) -> OAuthError {
        .init("unauthorized_client", message, status: 403)
    }
    public static func unsupportedGrantType(_ grant: String) -> OAuthError {
        .init("unsupported_grant_type", "Unsupported grant type: \(grant)")
    }
    public static func accessDenied(_ message: String, status: Int = 403) -> OAuthError {
        .init("access_denied", message, status: status)
    }
    public static func invalidToken(_ message: String) -> OAuthError {
        .init(
            "invalid_token", message, status: 401,
            headers: ["WWW-Authenticate": #"Bearer error="invalid_token", error_description="\#(message)""#])
    }
    public static func serverError(_ message: String) -> OAuthError { .init("server_error", message, status: 500) }
}
