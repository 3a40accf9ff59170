import Foundation

/// The issuer a request is served under: always `https://{domain}/`, even over plain HTTP,
/// because SDKs build it that way from `AUTH0_DOMAIN`.
public struct Issuer: Sendable, Hashable {
    /// `host` or `host:port`.
    public let domain: String

    public init(domain: String) { self.domain = domain.lowercased() }

    /// `https://{domain}/`, the `iss` of every token.
    public var url: String { "https://\(domain)/" }
    /// The extra audience of access tokens that may call `/userinfo`.
    public var userInfoAudience: String { url + "userinfo" }
    /// The audience of the My Account API (Connected Accounts).
    public var myAccountAudience: String { url + "me/" }
}
