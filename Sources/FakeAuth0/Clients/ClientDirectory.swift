import Foundation
import Synchronization

/// Every client of the tenant: the scenario's, and those registered at run time (kept in the state
/// store and cached here once read).
final class ClientDirectory: Sendable {
    let scenario: [String: ClientConfig]
    let store: StateStore
    private let registered = Mutex<[String: ClientConfig]>([:])
    /// How many clients Dynamic Client Registration may create in one state.
    static let registrationLimit = 10_000

    init(scenario: [String: ClientConfig], store: StateStore) {
        self.scenario = scenario
        self.store = store
    }

    /// The client with `id`, if the scenario has it or it was registered.
    func client(_ id: String) throws(OAuthError) -> ClientConfig? {
        if let client = scenario[id] { return client }
        if let cached = registered.withLock({ $0[id] }) { return cached }
        guard let record = try storeStep({ try store.registeredClient(id) }) else { return nil }
        let client = record.client
        registered.withLock { $0[id] = client }
        return client
    }

    /// Stores a newly registered client.
    func add(_ record: RegisteredClientRecord) throws(OAuthError) {
        guard try storeStep({ try store.registeredClientCount() }) < Self.registrationLimit else {
            throw OAuthError("invalid_client_metadata", "The tenant has reached its limit of registered clients")
        }
        try storeStep { try store.insertRegisteredClient(record) }
        registered.withLock { $0[record.clientID] = record.client }
    }
}
