import FakeFGA
import Foundation
import Synchronization

/// The OpenFGA-compatible API's domain: the tenant's FGA stores (in memory, seeded from the scenario's `fga`
/// section), the authentication of callers, and the Swift controls tests use (`tenant.fga`). The engine itself
/// (`FakeFGA`) is plain values; this service holds them under one lock.
public final class FGAService: Sendable {
    /// The scenario's `fga` section.
    public let config: FGAConfig
    private let clock: TenantClock
    private let verifier: AccessTokenVerifier
    private let stores: Mutex<FGAStores>

    init(config: FGAConfig, clock: TenantClock, verifier: AccessTokenVerifier, stores: FGAStores) {
        self.config = config
        self.clock = clock
        self.verifier = verifier
        self.stores = Mutex(stores)
    }

    /// Back to the scenario's stores, models and tuples (what a tenant reset does).
    func reseed() throws {
        let seeded = try Self.seed(config, now: clock.now())
        stores.withLock { $0 = seeded }
    }

    /// The stores of `config`, created at `now` with their model and tuples (through the API's own checks).
    static func seed(_ config: FGAConfig, now: Date) throws -> FGAStores {
        var stores = FGAStores()
        for (index, store) in config.stores.enumerated() {
            let model: FGAModel
            do {
                model = try store.parsedModel()
            } catch {
                throw FGAError.invalidModel("fga.stores[\(index)].\(error.field): \(error.reason)")
            }
            let created = try stores.createStore(name: store.name, id: store.id, now: now)
            try stores.writeModel(model, store: created.id, modelID: store.modelID, now: now)
            for start in stride(from: 0, to: store.tuples.count, by: FGAStores.maxTuplesPerWrite) {
                let chunk = store.tuples[start..<min(store.tuples.count, start + FGAStores.maxTuplesPerWrite)]
                try stores.write(
                    FGAWire.WriteRequest(writes: .init(tupleKeys: chunk.map { FGAWire.TupleKey($0.key) })),
                    store: created.id, now: now)
            }
        }
        return stores
    }

    // MARK: The API

    /// Accepts a caller like Okta FGA: a tenant access token whose audience is `fga.audience` (from
    /// `client_credentials`), or the pre-shared `api_token`. Failures are OpenFGA's 401 errors.
    public func authenticate(bearer token: String?, issuer: Issuer) async throws(FGAError) {
        guard let token, !token.isEmpty else {
            throw FGAError(.authentication, code: "bearer_token_missing", message: "missing bearer token")
        }
        if let apiToken = config.apiToken, token == apiToken { return }
        guard let audience = config.audience,
            (try? await verifier.verify(token, issuer: issuer, audience: audience)) != nil
        else {
            throw FGAError(.authentication, code: "unauthenticated", message: "unauthenticated")
        }
    }

    /// The current time on the tenant clock, for the operations that record it.
    public func now() -> Date { clock.now() }

    /// Reads the stores under the lock.
    public func read<T: Sendable>(_ body: (FGAStores) throws(FGAError) -> T) throws(FGAError) -> T {
        try stores.withLock { (stores) throws(FGAError) -> T in try body(stores) }
    }

    /// Changes the stores under the lock (``FGAStores`` operations change nothing when they throw).
    public func update<T: Sendable>(_ body: (inout FGAStores) throws(FGAError) -> T) throws(FGAError) -> T {
        try stores.withLock { (stores) throws(FGAError) -> T in try body(&stores) }
    }

    // MARK: Controls

    /// The id of the (oldest) store named `name`.
    public func storeID(named name: String) throws(FGAError) -> String {
        try read { (stores) throws(FGAError) -> String in
            guard let store = stores.allStores.first(where: { $0.name == name }) else { throw .storeNotFound }
            return store.id
        }
    }

    /// Writes and deletes tuples in a store, with the API's checks.
    public func write(store: String, writes: [FGATupleKey] = [], deletes: [FGATupleKey] = []) throws(FGAError) {
        let now = clock.now()
        try update { (stores) throws(FGAError) in
            try stores.write(
                FGAWire.WriteRequest(
                    writes: writes.isEmpty ? nil : .init(tupleKeys: writes.map(FGAWire.TupleKey.init)),
                    deletes: deletes.isEmpty ? nil : .init(tupleKeys: deletes.map(FGAWire.TupleKey.init))),
                store: store, now: now)
        }
    }

    /// Every tuple of a store, in write order.
    public func tuples(store: String) throws(FGAError) -> [FGATupleKey] {
        try read { (stores) throws(FGAError) -> [FGATupleKey] in try stores.store(store).tuples.tuples }
    }

    /// Whether `user` has `relation` on `object` in a store (latest model).
    public func check(store: String, user: String, relation: String, object: String) throws(FGAError) -> Bool {
        try read { (stores) throws(FGAError) -> Bool in
            try stores.check(
                FGAWire.CheckRequest(tupleKey: .init(user: user, relation: relation, object: object)), store: store)
        }
    }
}
