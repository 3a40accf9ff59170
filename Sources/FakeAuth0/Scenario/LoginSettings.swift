import Foundation

/// How browser logins at `/authorize` are answered.
public struct LoginSettings: Sendable, Codable, Equatable {
    /// Log this user in without showing the login page (headless tests). Empty: show the page.
    public var autoLogin: String?
    /// Lifetime in seconds of an authorization code.
    public var codeLifetime: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case autoLogin = "auto_login"
        case codeLifetime = "code_lifetime"
    }

    public init(autoLogin: String? = nil, codeLifetime: Int = 600) {
        self.autoLogin = autoLogin
        self.codeLifetime = codeLifetime
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            autoLogin: try c.decodeIfPresent(String.self, forKey: .autoLogin),
            codeLifetime: try c.decode(Int.self, forKey: .codeLifetime, default: 600))
    }
}
