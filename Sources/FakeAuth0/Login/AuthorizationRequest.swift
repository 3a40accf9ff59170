import Foundation

/// A validated `/authorize` request: everything needed to finish the login and issue the code.
public struct AuthorizationRequest: Sendable, Codable, Equatable {
    public enum ResponseMode: String, Sendable, Codable {
        case query
        case formPost = "form_post"
    }

    public var clientID: String
    public var redirectURI: String
    public var responseMode: ResponseMode
    public var scopes: [String]
    public var state: String?
    public var nonce: String?
    public var audience: String?
    public var codeChallenge: String?
    public var codeChallengeMethod: String?
    public var prompt: String?
    public var loginHint: String?
    public var screenHint: String?
    public var connection: String?
    public var maxAge: Int?
}

/// Where the browser goes after `/authorize` or the login page.
public enum AuthorizeOutcome: Sendable, Equatable {
    /// An error that must not redirect (unknown client or a redirect URI that is not allowed).
    case errorPage(String)
    /// Back to the app: `code`/`state`, or `error`/`error_description`/`state`.
    case redirect(AuthorizationRedirect)
    /// The login page, for the pending transaction.
    case login(LoginPrompt)
}

/// A response to the app's `redirect_uri`, as a query string or an auto-submitted form.
public struct AuthorizationRedirect: Sendable, Equatable {
    public var redirectURI: String
    public var mode: AuthorizationRequest.ResponseMode
    public var parameters: [(String, String)]
    /// A session started by this login, for the server to set as a cookie.
    public var newSessionID: String?

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.redirectURI == rhs.redirectURI && lhs.mode == rhs.mode && lhs.newSessionID == rhs.newSessionID
            && lhs.parameters.map { "\($0.0)=\($0.1)" } == rhs.parameters.map { "\($0.0)=\($0.1)" }
    }

    /// The redirect URI with the parameters appended to its query.
    public var url: String { RedirectURL.adding(parameters, to: redirectURI) }
}

/// What the login page shows for a pending authorization.
public struct LoginPrompt: Sendable, Equatable {
    public var transactionID: String
    public var clientName: String
    public var loginHint: String?
    public var signup: Bool
    /// A social connection the request asked for (`connection=`), if any.
    public var connection: ConnectionConfig?
    public var users: [UserConfig]
    public var socialConnections: [ConnectionConfig]
    public var error: String?
}
