import Foundation

/// Role-based access control: the permissions each user holds on each API through their roles.
struct RBACPermissions: Sendable {
    /// user sub → API audience → permissions, in the API's scope order.
    private let byUser: [String: [String: [String]]]

    init(scenario: Scenario) {
        let roles = Dictionary(scenario.roles.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let apiScopes = Dictionary(
            scenario.apis.map { ($0.audience, $0.scopes) }, uniquingKeysWith: { first, _ in first })
        var byUser: [String: [String: [String]]] = [:]
        // Only users with roles hold permissions (a big scenario's users mostly have none); the others
        // are looked at in place, not copied out of the list.
        let users = scenario.users
        for index in users.indices where !users[index].roles.isEmpty {
            let user = users[index]
            var held: [String: Set<String>] = [:]
            for role in user.roles.compactMap({ roles[$0] }) {
                for grant in role.permissions { held[grant.api, default: []].formUnion(grant.scopes) }
            }
            byUser[user.sub] = held.reduce(into: [:]) { result, entry in
                let order = apiScopes[entry.key] ?? []
                result[entry.key] = order.filter(entry.value.contains) + entry.value.subtracting(order).sorted()
            }
        }
        self.byUser = byUser
    }

    /// The permissions `user` holds on the API `audience`.
    func permissions(user: String, api audience: String) -> [String] { byUser[user]?[audience] ?? [] }
}
