import Foundation

/// Which upstream identity provider a connection federates to. It decides what the connection's Token
/// Vault tokens look like and which stub provider API accepts them: the one rule that maps a
/// connection to a provider.
public enum UpstreamKind: String, Sendable, CaseIterable {
    case google, github, slack, salesforce, microsoft
    /// Any other provider: its tokens are generic and no built-in stub API accepts them.
    case other

    /// Words that name each provider in a strategy or connection name.
    static let words: [(UpstreamKind, [String])] = [
        (.google, ["google"]), (.github, ["github"]), (.slack, ["slack"]), (.salesforce, ["salesforce", "sfdc"]),
        (.microsoft, ["microsoft", "windowslive", "waad", "office365", "azure"]),
    ]

    /// The provider a connection's strategy names (`google-oauth2`, `google-apps`, `github`,
    /// `sign-in-with-slack`, `salesforce`, `windowslive`, `waad`…), else the one its name names
    /// (`google-workspace`, `sfdc`, `microsoft`), else `other`.
    public init(strategy: String, name: String) {
        for word in [strategy.lowercased(), name.lowercased()] {
            if let kind = Self.words.first(where: { $0.1.contains(where: word.contains) })?.0 {
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
