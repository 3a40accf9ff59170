import Foundation

/// How the stub provider APIs behave where a scenario may want them to differ from the real ones.
public struct ProviderSettings: Sendable, Codable, Equatable {
    public var slack: SlackSettings

    enum CodingKeys: String, CodingKey, CaseIterable { case slack }

    public init(slack: SlackSettings = .init()) { self.slack = slack }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(slack: try c.decode(SlackSettings.self, forKey: .slack, default: .init()))
    }
}

/// Settings of the stub Slack Web API.
public struct SlackSettings: Sendable, Codable, Equatable {
    /// Answer authentication failures (`not_authed`, `invalid_auth`, `token_revoked`, `token_expired`)
    /// with HTTP 401, and `missing_scope` with 403, instead of Slack's HTTP 200: `@slack/web-api` only
    /// raises an HTTP error, which the JavaScript samples turn into their consent interrupt, on a non-200.
    public var authErrorsAsHTTP401: Bool

    enum CodingKeys: String, CodingKey, CaseIterable {
        case authErrorsAsHTTP401 = "auth_errors_as_http_401"
    }

    public init(authErrorsAsHTTP401: Bool = false) { self.authErrorsAsHTTP401 = authErrorsAsHTTP401 }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(authErrorsAsHTTP401: try c.decode(Bool.self, forKey: .authErrorsAsHTTP401, default: false))
    }
}
