import Foundation

/// Which upstream identity provider a connection federates to. It decides what the connection's Token
/// Vault tokens look like and which stub provider API accepts them: the one rule that maps a
/// connection to a provider.
public enum UpstreamKind: String, Sendable, CaseIterable {
    case google, github, slack
    /// Any other provider: its tokens are generic and no built-in stub API accepts them.
    case other

    /// The provider a connection's strategy names (`google-oauth2`, `google-apps`, `github`,
    /// `sign-in-with-slack`…), else the one its name names (`google-workspace`), else `other`.
    public init(strategy: String, name: String) {
        for word in [strategy.lowercased(), name.lowercased()] {
            if let kind = Self.allCases.first(where: { $0 != .other && word.contains($0.rawValue) }) {
                self = kind
                return
            }
        }
        self = .other
    }
}

extension ConnectionConfig {
    /// The upstream provider this connection federates to.
    public var upstream: UpstreamKind { UpstreamKind(strategy: strategy, name: name) }
}
