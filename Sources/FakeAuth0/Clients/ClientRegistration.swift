import Foundation

/// The client metadata of an RFC 7591 registration request, checked field by field.
///
/// Only what the fake serves can be registered: the authorization-code grant (with refresh tokens),
/// the `code` response type, and `none`, `client_secret_post` or `client_secret_basic` at the token
/// endpoint. Unknown metadata is ignored, as RFC 7591 allows.
struct ClientRegistration: Sendable, Equatable {
    var clientName: String
    var redirectURIs: [String]
    var grantTypes: [String]
    var responseTypes: [String]
    var tokenEndpointAuthMethod: String
    var scope: String?

    static let authMethods = ["none", "client_secret_post", "client_secret_basic"]
    static let grantTypesAllowed = [GrantType.authorizationCode.rawValue, GrantType.refreshToken.rawValue]
    static let maxNameLength = 256
    static let maxRedirectURIs = 32
    static let maxURILength = 2048

    /// Parses and checks a registration body; throws `invalid_redirect_uri` or `invalid_client_metadata`.
    init(json object: [String: JSONValue]) throws(OAuthError) {
        clientName = try Self.string(object, "client_name") ?? "Dynamic client"
        guard !clientName.isEmpty, clientName.count <= Self.maxNameLength else {
            throw Self.metadata("client_name must be 1 to \(Self.maxNameLength) characters")
        }
        tokenEndpointAuthMethod = try Self.string(object, "token_endpoint_auth_method") ?? "client_secret_basic"
        guard Self.authMethods.contains(tokenEndpointAuthMethod) else {
            throw Self.metadata(
                "token_endpoint_auth_method '\(tokenEndpointAuthMethod)' is not supported (use one of "
                    + Self.authMethods.joined(separator: ", ") + ")")
        }
        grantTypes = try Self.strings(object, "grant_types") ?? [GrantType.authorizationCode.rawValue]
        guard !grantTypes.isEmpty else { throw Self.metadata("grant_types must not be empty") }
        if let unsupported = grantTypes.first(where: { !Self.grantTypesAllowed.contains($0) }) {
            throw Self.metadata(
                "grant type '\(unsupported)' cannot be registered (use authorization_code, refresh_token)")
        }
        responseTypes = try Self.strings(object, "response_types") ?? ["code"]
        guard responseTypes == ["code"] else { throw Self.metadata("response_types must be [\"code\"]") }
        scope = try Self.string(object, "scope")

        guard case .array(let uris)? = object["redirect_uris"] else {
            throw OAuthError("invalid_redirect_uri", "redirect_uris is required and must be an array of URIs")
        }
        guard !uris.isEmpty, uris.count <= Self.maxRedirectURIs else {
            throw OAuthError("invalid_redirect_uri", "redirect_uris must list 1 to \(Self.maxRedirectURIs) URIs")
        }
        var checked: [String] = []
        for value in uris {
            guard let uri = value.stringValue else {
                throw OAuthError("invalid_redirect_uri", "every redirect URI must be a string")
            }
            try Self.checkRedirectURI(uri)
            checked.append(uri)
        }
        redirectURIs = checked
    }

    /// Whether the client authenticates with a secret (a confidential client).
    var isConfidential: Bool { tokenEndpointAuthMethod != "none" }

    /// A redirect URI is absolute, has no fragment, and names a host when it is http(s).
    static func checkRedirectURI(_ uri: String) throws(OAuthError) {
        guard uri.count <= maxURILength, let components = URLComponents(string: uri), let scheme = components.scheme,
            !scheme.isEmpty
        else {
            throw OAuthError("invalid_redirect_uri", "'\(uri.prefix(200))' is not an absolute URI")
        }
        guard components.fragment == nil else {
            throw OAuthError("invalid_redirect_uri", "'\(uri.prefix(200))' must not have a fragment")
        }
        if ["http", "https"].contains(scheme.lowercased()), components.host?.isEmpty ?? true {
            throw OAuthError("invalid_redirect_uri", "'\(uri.prefix(200))' has no host")
        }
    }

    private static func metadata(_ message: String) -> OAuthError { OAuthError("invalid_client_metadata", message) }

    private static func string(_ object: [String: JSONValue], _ key: String) throws(OAuthError) -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        default: throw metadata("\(key) must be a string")
        }
    }

    private static func strings(_ object: [String: JSONValue], _ key: String) throws(OAuthError) -> [String]? {
        switch object[key] {
        case nil, .null?: return nil
        case .array(let values)?:
            var result: [String] = []
            for value in values {
                guard let text = value.stringValue else { throw metadata("\(key) must be an array of strings") }
                if !result.contains(text) { result.append(text) }
            }
            return result
        default: throw metadata("\(key) must be an array of strings")
        }
    }
}
