import Foundation

/// Helpers for space-separated OAuth scope strings.
public enum Scope {
    /// The OpenID Connect scopes that concern the user's identity rather than an API.
    public static let oidc: Set<String> = ["openid", "profile", "email", "address", "phone", "offline_access"]

    /// Splits a scope string into its distinct words, in order.
    public static func parse(_ text: String?) -> [String] {
        var seen: Set<String> = []
        return (text ?? "").split(separator: " ").map(String.init).filter { seen.insert($0).inserted }
    }

    /// Joins scopes into one space-separated string.
    public static func join(_ scopes: [String]) -> String { scopes.joined(separator: " ") }
}
