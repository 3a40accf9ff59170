import Foundation

/// A role of the tenant (RBAC): a name and the API permissions it grants to the users who hold it.
public struct RoleConfig: Sendable, Codable, Equatable {
    public var name: String
    public var description: String?
    public var permissions: [RolePermissions]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, description, permissions
    }

    public init(name: String, description: String? = nil, permissions: [RolePermissions] = []) {
        self.name = name
        self.description = description
        self.permissions = permissions
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name),
            description: try c.decodeIfPresent(String.self, forKey: .description),
            permissions: try c.decode([RolePermissions].self, forKey: .permissions, default: []))
    }
}

/// The permissions (scopes) of one API that a role grants.
public struct RolePermissions: Sendable, Codable, Equatable {
    /// The API's audience.
    public var api: String
    public var scopes: [String]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case api, scopes
    }

    public init(api: String, scopes: [String]) {
        self.api = api
        self.scopes = scopes
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(api: try c.decode(String.self, forKey: .api), scopes: try c.decode([String].self, forKey: .scopes))
    }
}
