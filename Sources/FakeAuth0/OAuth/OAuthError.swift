import Foundation

/// An OAuth error as Auth0 returns it: an `error` code, a human `error_description`, and what kind of
/// failure it is.
///
/// The domain throws these; the server turns them into a status, headers and an
/// `{"error","error_description"}` body in one place.
public struct OAuthError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var message: String
    /// The class of failure, which decides the HTTP status.
    public var kind: FailureKind
    /// Seconds the client should wait before trying again (`Retry-After`).
    public var retryAfter: Int?
    /// The Bearer challenge to send back (`WWW-Authenticate`), for protected resources.
    public var challenge: BearerChallenge?

    public init(
        _ code: String, _ message: String, kind: FailureKind = .invalidRequest, retryAfter: Int? = nil,
        challenge: BearerChallenge? = nil
    ) {
        self.code = code
        self.message = message
        self.kind = kind
        self.retryAfter = retryAfter
        self.challenge = challenge
    }

    public var description: String { "\(code): \(message)" }

    public static func invalidRequest(_ message: String) -> OAuthError { .init("invalid_request", message) }
    public static func missingParameter(_ name: String) -> OAuthError {
        .invalidRequest("Missing required parameter: \(name)")
    }
    public static func invalidClient(_ message: String = "Client authentication failed.") -> OAuthError {
        .init("invalid_client", message, kind: .unauthenticated)
    }
    public static func invalidGrant(_ message: String) -> OAuthError {
        .init("invalid_grant", message, kind: .forbidden)
    }
    public static func unauthorizedClient(_ message: String) -> OAuthError {
        .init("unauthorized_client", message, kind: .forbidden)
    }
    public static func unsupportedGrantType(_ grant: String) -> OAuthError {
        .init("unsupported_grant_type", "Unsupported grant type: \(grant)")
    }
    public static func accessDenied(_ message: String, kind: FailureKind = .forbidden) -> OAuthError {
        .init("access_denied", message, kind: kind)
    }
    /// A bad access token at a protected resource: 401 with a Bearer challenge naming the reason.
    public static func invalidToken(_ message: String, realm: String? = nil) -> OAuthError {
        .init(
            "invalid_token", message, kind: .unauthenticated,
            challenge: BearerChallenge(realm: realm, error: "invalid_token", description: message))
    }
    public static func notFound(_ message: String) -> OAuthError { .init("not_found", message, kind: .notFound) }
    public static func conflict(_ message: String) -> OAuthError { .init("conflict", message, kind: .conflict) }
    public static func serverError(_ message: String) -> OAuthError {
        .init("server_error", message, kind: .internalFailure)
    }
}
