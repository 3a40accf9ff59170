import FakeAuth0
import Foundation
import Synchronization

/// The tenant a set of listeners serves. `PUT /__admin/scenario` puts a new tenant in it without
/// closing the listeners: a request is answered entirely by the tenant that was current when it
/// arrived, the next one by the new tenant.
public final class TenantSlot: Sendable {
    private let current: Mutex<Tenant>
    private let loading = Mutex(false)

    public init(_ tenant: Tenant) {
        current = Mutex(tenant)
    }

    /// The tenant serving now.
    public var tenant: Tenant { current.withLock { $0 } }

    /// A scenario is already being loaded into this slot.
    public struct Busy: Error {}

    /// Builds a tenant for `scenario` from its initial state and makes it current. The new tenant keeps
    /// the current signing keys (unless the scenario pins its own) and clock (reset); an in-memory store
    /// is replaced by a fresh one, a store on disk is cleared. Throws `Busy` while another load runs.
    public func load(_ scenario: Scenario) async throws {
        let started = loading.withLock { busy in
            if busy { return false }
            busy = true
            return true
        }
        guard started else { throw Busy() }
        defer { loading.withLock { $0 = false } }
        let replacement = try await tenant.replacement(for: scenario)
        current.withLock { $0 = replacement }
    }
}
