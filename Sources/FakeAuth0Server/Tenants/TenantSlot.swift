import FakeAuth0
import FakeProviders
import Foundation
import Synchronization

/// The tenant (and its stub provider APIs) a set of listeners serves. `PUT /__admin/scenario` puts a
/// new tenant in it without closing the listeners: a request is answered entirely by the tenant that
/// was current when it arrived, the next one by the new tenant.
public final class TenantSlot: Sendable {
    private let current: Mutex<(tenant: Tenant, providers: Providers)>
    private let loading = Mutex(false)

    public init(_ tenant: Tenant) {
        current = Mutex((tenant, Providers(tenant: tenant)))
    }

    /// The tenant serving now.
    public var tenant: Tenant { current.withLock { $0.tenant } }
    /// Its stub provider APIs.
    public var providers: Providers { current.withLock { $0.providers } }
    /// Both, read together.
    var served: (tenant: Tenant, providers: Providers) { current.withLock { $0 } }

    /// Builds a tenant for `scenario` from its initial state and makes it current. It keeps the current
    /// signing keys (unless the scenario pins its own) and clock (reset); an in-memory store is replaced
    /// by a fresh one, a store on disk is cleared. Throws `OAuthError.conflict` while another load runs.
    public func load(_ scenario: Scenario) async throws {
        let started = loading.withLock { busy in
            if busy { return false }
            busy = true
            return true
        }
        guard started else { throw OAuthError.conflict("Another scenario is being loaded") }
        defer { loading.withLock { $0 = false } }
        let replacement = try await tenant.replacement(for: scenario)
        let providers = Providers(tenant: replacement)
        current.withLock { $0 = (replacement, providers) }
    }
}
