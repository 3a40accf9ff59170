import Foundation

/// A first-party API endpoint the fake hosts for the samples that call "your API" (the CIBA shop and
/// stock APIs, an MCP server's upstream): it accepts the tenant's own access tokens for `audience`
/// carrying every scope of `scopes`, and answers `response`.
public struct ProtectedAPIConfig: Sendable, Codable, Equatable {
    /// The path, e.g. `/api/shop/buy`; `{name}` matches one path segment.
    public var path: String
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    public var method: String
    /// The API audience its tokens must carry in `aud`.
    public var audience: String
    /// The scopes a token must carry (the `scope` key: a space-separated string or a list).
    public var scopes: [String]
    /// The HTTP status of a successful call.
    public var status: Int
    /// The JSON body of a successful call.
    public var response: JSONValue

    enum CodingKeys: String, CodingKey, CaseIterable {
        case path, method, audience, status, response
        case scopes = "scope"
    }

    public init(
        path: String, method: String = "GET", audience: String, scopes: [String] = [], status: Int = 200,
        response: JSONValue = ["ok": true]
    ) {
        self.path = path
        self.method = method.uppercased()
        self.audience = audience
        self.scopes = scopes
        self.status = status
        self.response = response
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let scopes: [String] =
            if let text = try? c.decodeIfPresent(String.self, forKey: .scopes) { Scope.parse(text) } else {
                try c.decode([String].self, forKey: .scopes, default: [])
            }
        self.init(
            path: try c.decode(String.self, forKey: .path),
            method: try c.decode(String.self, forKey: .method, default: "GET"),
            audience: try c.decode(String.self, forKey: .audience), scopes: scopes,
            status: try c.decode(Int.self, forKey: .status, default: 200),
            response: try c.decode(JSONValue.self, forKey: .response, default: ["ok": true]))
    }

    /// What `init(from:)` reads, straight from the YAML tree (see `YAMLReader`).
    init(yaml reader: YAMLReader) throws {
        let c = try reader.mapping(allowed: Self.yamlKeys)
        let scopes: [String] =
            if let text = try? c.optionalString("scope") { Scope.parse(text) } else {
                try c.strings("scope", default: [])
            }
        self.init(
            path: try c.string("path"),
            method: try c.string("method", default: "GET"),
            audience: try c.string("audience"), scopes: scopes,
            status: try c.int("status", default: 200),
            response: try c.value("response", default: ["ok": true]) { try $0.json() })
    }

    static let yamlKeys = CodingKeys.allCases.map(\.rawValue)
}
