import Foundation
import GRDB

/// A client created through Dynamic Client Registration (RFC 7591), kept across restarts.
public struct RegisteredClientRecord: Sendable, Codable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "registered_client"

    public var clientID: String
    public var clientSecret: String?
    public var clientName: String
    /// JSON arrays of strings.
    var redirectURIs: String
    var grantTypes: String
    var responseTypes: String
    public var tokenEndpointAuthMethod: String
    public var scope: String?
    public var createdAt: Int

    enum CodingKeys: String, CodingKey {
        case scope
        case clientID = "client_id"
        case clientSecret = "client_secret"
        case clientName = "client_name"
        case redirectURIs = "redirect_uris"
        case grantTypes = "grant_types"
        case responseTypes = "response_types"
        case tokenEndpointAuthMethod = "token_endpoint_auth_method"
        case createdAt = "created_at"
    }

    init(registration: ClientRegistration, clientID: String, clientSecret: String?, createdAt: Int) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        clientName = registration.clientName
        redirectURIs = Self.encode(registration.redirectURIs)
        grantTypes = Self.encode(registration.grantTypes)
        responseTypes = Self.encode(registration.responseTypes)
        tokenEndpointAuthMethod = registration.tokenEndpointAuthMethod
        scope = registration.scope
        self.createdAt = createdAt
    }

    public var redirectURIList: [String] { Self.decode(redirectURIs) }
    public var grantTypeList: [String] { Self.decode(grantTypes) }
    public var responseTypeList: [String] { Self.decode(responseTypes) }

    /// The client as the rest of the tenant sees it: a third-party web app (with a secret) or a
    /// public app (PKCE only), allowed the grants it registered.
    public var client: ClientConfig {
        var client = ClientConfig(
            id: clientID, name: clientName, secret: clientSecret, type: clientSecret == nil ? .spa : .regularWeb,
            grants: grantTypeList.compactMap(GrantType.init(rawValue:)), callbacks: redirectURIList)
        client.isFirstParty = false
        return client
    }

    /// The RFC 7591 client information response.
    public var json: [String: JSONValue] {
        var json: [String: JSONValue] = [
            "client_id": .string(clientID),
            "client_name": .string(clientName),
            "redirect_uris": .array(redirectURIList.map(JSONValue.string)),
            "grant_types": .array(grantTypeList.map(JSONValue.string)),
            "response_types": .array(responseTypeList.map(JSONValue.string)),
            "token_endpoint_auth_method": .string(tokenEndpointAuthMethod),
            "client_id_issued_at": .int(createdAt),
        ]
        if let clientSecret {
            json["client_secret"] = .string(clientSecret)
            json["client_secret_expires_at"] = .int(0)
        }
        if let scope { json["scope"] = .string(scope) }
        return json
    }

    static func encode(_ values: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(values)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func decode(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }
}

extension StateStore {
    /// The table of dynamically registered clients.
    static func registerRegisteredClientMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-registered-clients") { db in
            try db.create(table: "registered_client") { t in
                t.primaryKey("client_id", .text)
                t.column("client_secret", .text)
                t.column("client_name", .text).notNull()
                t.column("redirect_uris", .text).notNull()
                t.column("grant_types", .text).notNull()
                t.column("response_types", .text).notNull()
                t.column("token_endpoint_auth_method", .text).notNull()
                t.column("scope", .text)
                t.column("created_at", .integer).notNull()
            }
        }
    }

    func insertRegisteredClient(_ record: RegisteredClientRecord) throws {
        try database.write { db in try record.insert(db) }
    }

    func registeredClient(_ id: String) throws -> RegisteredClientRecord? {
        try database.read { db in try RegisteredClientRecord.fetchOne(db, key: id) }
    }

    func registeredClients() throws -> [RegisteredClientRecord] {
        try database.read { db in
            try RegisteredClientRecord.order(Column("created_at"), Column("client_id")).fetchAll(db)
        }
    }
}

extension StateStore {
    func registeredClientCount() throws -> Int {
        try database.read { db in try RegisteredClientRecord.fetchCount(db) }
    }
}
