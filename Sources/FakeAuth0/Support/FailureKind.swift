import Foundation

/// The class of a domain failure. The domain says what went wrong; the server decides, in one place,
/// which HTTP status each kind is.
public enum FailureKind: Sendable, Equatable {
    /// The request is malformed or names something invalid (400).
    case invalidRequest
    /// The caller is not authenticated, or its credentials are bad (401).
    case unauthenticated
    /// The caller is known but not allowed (403).
    case forbidden
    /// The thing asked for does not exist (404).
    case notFound
    /// The thing asked for is not in a state that allows the change (409).
    case conflict
    /// The request is larger than the fake accepts (413).
    case tooLarge
    /// The caller must slow down (429).
    case rateLimited
    /// The fake itself failed (500).
    case internalFailure
}

/// What a `WWW-Authenticate: Bearer …` challenge says: the realm, and when a token was sent, why it failed.
public struct BearerChallenge: Sendable, Equatable {
    public var realm: String?
    public var error: String?
    public var description: String?
    /// The scopes the resource needs, for `insufficient_scope`.
    public var scope: String?

    public init(realm: String? = nil, error: String? = nil, description: String? = nil, scope: String? = nil) {
        self.realm = realm
        self.error = error
        self.description = description
        self.scope = scope
    }
}
