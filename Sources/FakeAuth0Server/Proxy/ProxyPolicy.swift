import FakeAuth0
import FakeProviders
import HTTPTypes

/// What the proxy may reach: only what the fake itself serves — the stub provider APIs' hosts (the
/// provider router's hosts, `*.my.salesforce.com`, the scenario's declared API hosts) and the tenant's
/// own domain. Everything else is refused: the fake is offline by design, and the refusal names the host
/// so an app's unexpected dependency shows.
struct ProxyPolicy: Sendable {
    /// Where the proxy reaches the target: the `Host` its requests are served under.
    enum Decision: Sendable, Equatable {
        case allowed(authority: String)
        case refused(ProxyRefusal)
    }

    let slot: TenantSlot

    /// The decision for a `CONNECT` to `target`: port 443, or the port of the tenant's own domain.
    func tunnel(to target: ProxyTarget) -> Decision {
        decide(target, defaultPort: 443, method: "CONNECT")
    }

    /// The decision for an absolute-form request (`GET http://host/…`): the scheme's default port, or
    /// the port of the tenant's own domain.
    func request(to target: ProxyTarget, scheme: String) -> Decision {
        decide(target, defaultPort: scheme == "https" ? 443 : 80, method: scheme)
    }

    private func decide(_ target: ProxyTarget, defaultPort: Int, method: String) -> Decision {
        let port = target.port ?? defaultPort
        if let domain = slot.tenant.config.settings.domain, let own = ProxyTarget(authority: domain),
            own.host == target.host, port == (own.port ?? defaultPort)
        {
            return .allowed(authority: domain)
        }
        guard isStubbed(target.host) else {
            return .refused(
                ProxyRefusal(
                    status: .forbidden, target: target,
                    reason: "fake-auth0 is offline: \(target.host) is not a stubbed host"))
        }
        guard port == defaultPort else {
            let what = method == "CONNECT" ? "tunnels" : "\(method) requests"
            return .refused(
                ProxyRefusal(
                    status: .forbidden, target: target,
                    reason: "fake-auth0 proxies \(what) to port \(defaultPort) only, not \(target)"))
        }
        return .allowed(authority: target.host)
    }

    /// Hosts of the stub APIs, for refusal messages.
    static let stubbedHosts = ProviderRoutingMiddleware.hosts.keys.sorted() + ["*.my.salesforce.com"]

    /// True for a host the stub provider APIs answer for.
    func isStubbed(_ host: String) -> Bool {
        ProviderRoutingMiddleware.hosts[host] != nil || host.hasSuffix(".my.salesforce.com")
            || slot.providers.upstream.connection(forHost: host) != nil
    }
}

/// Why the proxy did not serve a request: the status, the target and a sentence naming it, written as
/// the response's reason phrase (what `requests` and curl show for a refused tunnel) and body.
struct ProxyRefusal: Sendable, Equatable {
    let status: HTTPResponse.Status
    let target: ProxyTarget?
    let reason: String

    /// `{"error":"proxy_refused","error_description":…}`, the OAuth error shape the fake uses.
    var body: String {
        let detail =
            reason
            + ". The proxy reaches only the tenant's domain and the stub APIs ("
            + ProxyPolicy.stubbedHosts.joined(separator: ", ") + ", the scenario's upstream_apis hosts)."
        let escaped = detail.unicodeScalars.map { scalar -> String in
            switch scalar {
            case "\"": return "\\\""
            case "\\": return "\\\\"
            case _ where scalar.value < 0x20: return " "
            default: return String(scalar)
            }
        }.joined()
        return #"{"error":"proxy_refused","error_description":"\#(escaped)"}"#
    }

    /// A reason phrase: printable ASCII only, at most 200 characters.
    var reasonPhrase: String {
        let printable = String(reason.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7F }.map(Character.init))
        return printable.count > 200 ? String(printable.prefix(197)) + "..." : printable
    }
}
