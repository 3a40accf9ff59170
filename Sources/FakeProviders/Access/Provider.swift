import FakeAuth0
import Foundation

/// An upstream provider whose API the fake stubs. Which connections belong to it is decided by
/// `ConnectionConfig.upstream`.
public enum Provider: String, Sendable, CaseIterable {
    case google, github, slack, salesforce, microsoft

    /// The upstream kind of this provider's connections.
    public var upstream: UpstreamKind {
        switch self {
        case .google: .google
        case .github: .github
        case .slack: .slack
        case .salesforce: .salesforce
        case .microsoft: .microsoft
        }
    }

    /// Whether tokens of `connection` are this provider's.
    public func owns(_ connection: ConnectionConfig?) -> Bool { connection?.upstream == upstream }
}

/// Why a stub provider API refused a request's token; each provider words these its own way.
public enum ProviderAuthFailure: Error, Sendable, Equatable {
    /// No token was sent.
    case missingToken
    /// The token is not one the vault handed out for this provider.
    case invalidToken
    /// The token's lifetime is over on the tenant clock.
    case expired
    /// The user revoked the grant upstream.
    case revoked
    /// The token lacks every scope that would allow the call: `needed` lists the acceptable ones.
    case insufficientScope(needed: [String], granted: [String])
}

/// An error of a stub provider API call after authentication: an unknown id, a bad argument…
public struct ProviderError: Error, Sendable, Equatable {
    /// The class of failure, which decides the HTTP status.
    public enum Kind: Sendable, Equatable {
        case notFound, invalid, gone, forbidden
    }

    public var kind: Kind
    /// The provider's own code (`channel_not_found`, `notFound`, `missing_field`…).
    public var code: String
    public var message: String

    public init(_ kind: Kind, _ code: String, _ message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }
}
