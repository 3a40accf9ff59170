import Foundation

extension Tenant {
    /// `POST /oidc/register` (RFC 7591): creates a third-party client from its metadata when the
    /// scenario opens Dynamic Client Registration, and returns the client information response.
    public func registerClient(_ metadata: [String: JSONValue]) async throws(OAuthError) -> [String: JSONValue] {
        guard config.settings.dynamicClientRegistration else {
            throw .accessDenied("Dynamic client registration is not enabled for this tenant")
        }
        let registration = try ClientRegistration(json: metadata)
        let record = RegisteredClientRecord(
            registration: registration, clientID: RandomToken.make(bytes: 24),
            clientSecret: registration.isConfidential ? RandomToken.make(bytes: 48) : nil,
            createdAt: clock.nowSeconds())
        try clients.add(record)
        return record.json
    }

    /// Every client, as the control API lists them: the scenario's first, then the registered ones.
    public func clientList() throws(OAuthError) -> [[String: JSONValue]] {
        func entry(_ client: ClientConfig, registered: Bool) -> [String: JSONValue] {
            var json: [String: JSONValue] = [
                "client_id": .string(client.id), "name": .string(client.name), "type": .string(client.type.rawValue),
                "grants": .array(client.grants.map { .string($0.rawValue) }),
                "callbacks": .array(client.callbacks.map(JSONValue.string)),
                "is_first_party": .bool(client.isFirstParty), "dynamically_registered": .bool(registered),
            ]
            if let identifier = client.resourceServerIdentifier {
                json["resource_server_identifier"] = .string(identifier)
            }
            return json
        }
        let registered = try storeStep { try store.registeredClients() }
        return config.scenario.clients.map { entry($0, registered: false) }
            + registered.map { entry($0.client, registered: true) }
    }
}
