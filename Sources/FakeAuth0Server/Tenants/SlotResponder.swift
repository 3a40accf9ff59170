import FakeAuth0
import FakeProviders
import Hummingbird
import Synchronization

/// The HTTP responder of a listener serving a `TenantSlot`: the routes of the slot's current tenant,
/// built again when a new scenario put another tenant in the slot.
struct SlotResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    typealias Build = @Sendable (Tenant, Providers) -> RouterResponder<BasicRequestContext>

    /// The routes built for one tenant (the cache holds the tenant, so its identity is not reused).
    private final class Cache: Sendable {
        let built = Mutex<(tenant: Tenant, responder: RouterResponder<BasicRequestContext>)?>(nil)
    }

    let slot: TenantSlot
    let build: Build
    private let cache = Cache()

    init(slot: TenantSlot, build: @escaping Build) {
        self.slot = slot
        self.build = build
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        try await responder().respond(to: request, context: context)
    }

    private func responder() -> RouterResponder<BasicRequestContext> {
        let served = slot.served
        if let built = cache.built.withLock({ $0 }), built.tenant === served.tenant { return built.responder }
        let responder = build(served.tenant, served.providers)
        cache.built.withLock { $0 = (served.tenant, responder) }
        return responder
    }
}
