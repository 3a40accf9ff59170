import Foundation

/// A stub API declared in a scenario for a connection without a built-in one (Spotify, Notion,
/// FreshBooks…): routes with `{param}`s, the scopes each needs, and the JSON each answers. It accepts
/// only the Token Vault's tokens for that connection, and refuses others with configurable answers.
public struct UpstreamAPIConfig: Sendable, Codable, Equatable {
    /// Host names that reach the API with the real paths (`api.spotify.com`), besides `/apis/{connection}`.
    public var hosts: [String]
    public var routes: [UpstreamRouteConfig]
    /// The answer to a missing, unknown, expired or revoked token (default 401, OAuth-style body).
    public var unauthorized: UpstreamRefusal
    /// The answer to a token without a route's scopes (default 403).
    public var forbidden: UpstreamRefusal
    /// The answer to a path or method no route declares (default 404).
    public var notFound: UpstreamRefusal

    enum CodingKeys: String, CodingKey, CaseIterable {
        case hosts, routes, unauthorized, forbidden
        case notFound = "not_found"
    }

    public static let defaultUnauthorized = UpstreamRefusal(
        status: 401,
        body: ["error": "invalid_token", "error_description": "The access token is {reason}."])
    public static let defaultForbidden = UpstreamRefusal(
        status: 403,
        body: ["error": "insufficient_scope", "error_description": "The access token lacks the scope {scope}."])
    public static let defaultNotFound = UpstreamRefusal(
        status: 404, body: ["error": "not_found", "error_description": "No route for {method} {path}."])

    public init(
        hosts: [String] = [], routes: [UpstreamRouteConfig] = [],
        unauthorized: UpstreamRefusal = Self.defaultUnauthorized,
        forbidden: UpstreamRefusal = Self.defaultForbidden, notFound: UpstreamRefusal = Self.defaultNotFound
    ) {
        self.hosts = hosts
        self.routes = routes
        self.unauthorized = unauthorized
        self.forbidden = forbidden
        self.notFound = notFound
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            hosts: try c.decodeStringList(forKey: .hosts),
            routes: try c.decode([UpstreamRouteConfig].self, forKey: .routes, default: []),
            unauthorized: try c.decode(UpstreamRefusal.self, forKey: .unauthorized, default: Self.defaultUnauthorized),
            forbidden: try c.decode(UpstreamRefusal.self, forKey: .forbidden, default: Self.defaultForbidden),
            notFound: try c.decode(UpstreamRefusal.self, forKey: .notFound, default: Self.defaultNotFound))
    }
}

/// One route of a declared API.
public struct UpstreamRouteConfig: Sendable, Codable, Equatable {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    public var method: String
    /// The path, `{name}` matching one segment (`/v1/playlists/{id}`).
    public var path: String
    /// Scopes the token must all carry (the `scope` key: a space-separated string or a list).
    public var scopes: [String]
    public var status: Int
    /// The JSON answer, with `{param}`, `{user.…}` and `{query.…}` placeholders.
    public var response: JSONValue?
    /// A JSON or YAML file with the answer instead, relative to the scenario file.
    public var responseFile: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case method, path, status, response
        case scopes = "scope"
        case responseFile = "response_file"
    }

    public init(
        method: String = "GET", path: String, scopes: [String] = [], status: Int = 200, response: JSONValue? = nil,
        responseFile: String? = nil
    ) {
        self.method = method.uppercased()
        self.path = path
        self.scopes = scopes
        self.status = status
        self.response = response
        self.responseFile = responseFile
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let scopes: [String] =
            if let text = try? c.decodeIfPresent(String.self, forKey: .scopes) {
                text.split(separator: " ").map(String.init)
            } else {
                try c.decode([String].self, forKey: .scopes, default: [])
            }
        self.init(
            method: try c.decode(String.self, forKey: .method, default: "GET"),
            path: try c.decode(String.self, forKey: .path),
            scopes: scopes, status: try c.decode(Int.self, forKey: .status, default: 200),
            response: try c.decodeIfPresent(JSONValue.self, forKey: .response),
            responseFile: try c.decodeIfPresent(String.self, forKey: .responseFile))
    }
}

/// A refusal of a declared API: its status and JSON body (`{reason}`, `{scope}`, `{method}`, `{path}` substituted).
public struct UpstreamRefusal: Sendable, Codable, Equatable {
    public var status: Int
    public var body: JSONValue

    enum CodingKeys: String, CodingKey, CaseIterable { case status, body }

    public init(status: Int, body: JSONValue) {
        self.status = status
        self.body = body
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            status: try c.decode(Int.self, forKey: .status),
            body: try c.decode(JSONValue.self, forKey: .body, default: [:]))
    }
}
