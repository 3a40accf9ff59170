import Foundation
import Synchronization

/// The OpenID Connect discovery document, built once per issuer and base URL and served as bytes.
/// It lists exactly the endpoints the fake serves: `registration_endpoint` only while Dynamic Client
/// Registration is open, and no device-authorization or MFA endpoints.
final class DiscoveryDocuments: Sendable {
    private let cache = Mutex<[String: Data]>([:])
    let dynamicClientRegistration: Bool

    init(dynamicClientRegistration: Bool) {
        self.dynamicClientRegistration = dynamicClientRegistration
    }

    func document(issuer: Issuer, baseURL: String) -> Data {
        let key = issuer.url + " " + baseURL
        if let cached = cache.withLock({ $0[key] }) { return cached }
        let data =
            (try? JSONEncoder.compact.encode(
                Self.fields(
                    issuer: issuer, baseURL: baseURL, dynamicClientRegistration: dynamicClientRegistration))) ?? Data()
        cache.withLock { cache in
            if cache.count > 256 { cache.removeAll() }
            cache[key] = data
        }
        return data
    }

    static func fields(issuer: Issuer, baseURL: String, dynamicClientRegistration: Bool) -> [String: JSONValue] {
        func url(_ path: String) -> JSONValue { .string(baseURL + path) }
        func list(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
        var fields: [String: JSONValue] = [
            "issuer": .string(issuer.url),
            "authorization_endpoint": url("/authorize"),
            "token_endpoint": url("/oauth/token"),
            "userinfo_endpoint": url("/userinfo"),
            "jwks_uri": url("/.well-known/jwks.json"),
            "revocation_endpoint": url("/oauth/revoke"),
            "end_session_endpoint": url("/oidc/logout"),
            "backchannel_authentication_endpoint": url("/bc-authorize"),
            "backchannel_token_delivery_modes_supported": list(["poll"]),
            "scopes_supported": list([
                "openid", "profile", "offline_access", "name", "given_name", "family_name", "nickname", "email",
                "email_verified", "picture", "created_at", "identities", "phone", "address",
            ]),
            "response_types_supported": list([
                "code", "token", "id_token", "code token", "code id_token", "token id_token", "code token id_token",
            ]),
            "code_challenge_methods_supported": list(["S256", "plain"]),
            "response_modes_supported": list(["query", "fragment", "form_post"]),
            "subject_types_supported": list(["public"]),
            "grant_types_supported": list([
                "authorization_code", "refresh_token", "client_credentials",
                GrantType.ciba.rawValue, GrantType.tokenVault.rawValue, GrantType.tokenExchange.rawValue,
            ]),
            "token_endpoint_auth_methods_supported": list([
                "client_secret_basic", "client_secret_post", "private_key_jwt", "none",
            ]),
            "token_endpoint_auth_signing_alg_values_supported": list(["RS256", "RS384", "PS256"]),
            "id_token_signing_alg_values_supported": list(["RS256"]),
            "claims_supported": list([
                "aud", "auth_time", "created_at", "email", "email_verified", "exp", "family_name", "given_name", "iat",
                "identities", "iss", "name", "nickname", "phone_number", "picture", "sub",
            ]),
            "request_uri_parameter_supported": .bool(false),
            "request_parameter_supported": .bool(false),
            "revocation_endpoint_auth_methods_supported": list(["client_secret_basic", "client_secret_post", "none"]),
        ]
        if dynamicClientRegistration { fields["registration_endpoint"] = url("/oidc/register") }
        return fields
    }
}
