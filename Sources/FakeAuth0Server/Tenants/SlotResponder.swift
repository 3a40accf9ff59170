import FakeAuth0
import Hummingbird
import Synchronization

/// The HTTP responder of a listener serving a `TenantSlot`: the routes of the slot's current tenant,
/// built again when a new scenario put another tenant in the slot.
struct SlotResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    /// The routes built for one tenant.
    private final class Cache: Sendable {
        let built = Mutex<(tenant: ObjectIdentifier, responder: RouterResponder<BasicRequestContext>)?>(nil)
    }

    let slot: TenantSlot
    let build: @Sendable (Tenant) -> RouterResponder<BasicRequestContext>
    private let cache = Cache()

    init(slot: TenantSlot, build: @escaping @Sendable (Tenant) -> RouterResponder<BasicRequestContext>) {
        self.slot = slot
        self.build = build
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        try await responder().respond(to: request, context: context)
    }

    private func responder() -> RouterResponder<BasicRequestContext> {
        let tenant = slot.tenant
        let id = ObjectIdentifier(tenant)
        if let built = cache.built.withLock({ $0 }), built.tenant == id { return built.responder }
        let responder = build(tenant)
        cache.built.withLock { $0 = (id, responder) }
        return responder
    }
}
