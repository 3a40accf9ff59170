import Foundation

/// The environment variables a sample app needs to talk to a tenant (`fake-auth0 env`, and
/// `GET /__admin/env`): the `AUTH0_*` settings and the variables clients read a CA bundle from.
public enum EnvironmentExports {
    /// The variables clients read a CA bundle from; each is set to the local CA certificate.
    public static let caVariables = [
        "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "NODE_EXTRA_CA_CERTS", "HTTPLIB2_CA_CERTS", "CURL_CA_BUNDLE",
    ]

    /// The variables clients read an HTTP(S) proxy from; each is set to the fake's HTTP listener.
    public static let proxyVariables = ["HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy"]
    /// The variables listing hosts reached directly, not through the proxy.
    public static let noProxyVariables = ["NO_PROXY", "no_proxy"]
    /// What stays direct: loopback, where the fake's own listeners and the app itself run.
    public static let directHosts = "localhost,127.0.0.1,::1"

    /// A client id that is not in the scenario.
    public struct UnknownClient: Error, CustomStringConvertible {
        public let client: String
        public var description: String { "the scenario has no client '\(client)'" }
    }

    /// The variables, in the order `env` prints them: `AUTH0_DOMAIN`, `AUTH0_ISSUER_BASE_URL`, the
    /// client's id and secret (`client`, else the first regular_web client, else the first), the
    /// audience (the tenant's default, else the first API's), then the CA variables when `caFile` is set,
    /// then, with `proxy` (the fake's `http://host:port`), the proxy variables and the direct hosts.
    public static func variables(
        scenario: Scenario, domain: String, client: String? = nil, caFile: String? = nil, proxy: String? = nil
    ) throws(UnknownClient) -> [(name: String, value: String)] {
        let chosen: ClientConfig?
        if let client {
            guard let named = scenario.clients.first(where: { $0.id == client }) else {
                throw UnknownClient(client: client)
            }
            chosen = named
        } else {
            chosen = scenario.clients.first { $0.type == .regularWeb } ?? scenario.clients.first
        }
        var lines = [("AUTH0_DOMAIN", domain), ("AUTH0_ISSUER_BASE_URL", "https://\(domain)")]
        if let chosen {
            lines.append(("AUTH0_CLIENT_ID", chosen.id))
            if let secret = chosen.secret { lines.append(("AUTH0_CLIENT_SECRET", secret)) }
        }
        if let audience = scenario.tenant.defaultAudience ?? scenario.apis.first?.audience {
            lines.append(("AUTH0_AUDIENCE", audience))
        }
        if let caFile { lines += caVariables.map { ($0, caFile) } }
        if let proxy {
            lines += proxyVariables.map { ($0, proxy) }
            lines += noProxyVariables.map { ($0, directHosts) }
        }
        return lines.map { (name: $0.0, value: $0.1) }
    }
}
