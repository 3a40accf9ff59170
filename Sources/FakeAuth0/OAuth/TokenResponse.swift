import Foundation

/// A successful `/oauth/token` answer.
public struct TokenResponse: Sendable, Equatable {
    public var accessToken: String
    public var tokenType: String = "Bearer"
    public var expiresIn: Int
    public var scope: String?
    public var idToken: String?
    public var refreshToken: String?
    /// Grant-specific fields such as `issued_token_type` or `authorization_details`.
    public var extra: [String: JSONValue] = [:]

    /// The JSON body, with only the fields that are set.
    public var json: [String: JSONValue] {
        var body = extra
        body["access_token"] = .string(accessToken)
        body["token_type"] = .string(tokenType)
        body["expires_in"] = .int(expiresIn)
        if let scope { body["scope"] = .string(scope) }
        if let idToken { body["id_token"] = .string(idToken) }
        if let refreshToken { body["refresh_token"] = .string(refreshToken) }
        return body
    }
}
