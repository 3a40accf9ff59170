import Foundation

/// Checks the access-control sections of a scenario: roles and their permissions, the users' roles,
/// and the Custom Token Exchange profiles.
enum AccessScenarioValidator {
    static func problems(in scenario: Scenario, file: String) -> [ScenarioProblem] {
        var problems: [ScenarioProblem] = []
        func report(_ path: String, _ reason: String) { problems.append(.init(file: file, path: path, reason: reason)) }
        let apis = Dictionary(scenario.apis.map { ($0.audience, $0) }, uniquingKeysWith: { first, _ in first })
        let clients = Set(scenario.clients.map(\.id))
        let users = scenario.tokenExchangeProfiles.isEmpty ? [] : Set(scenario.users.map(\.sub))

        var roleIndex: [String: Int] = [:]
        for (i, role) in scenario.roles.enumerated() {
            let at = "roles[\(i)]"
            if role.name.isEmpty { report("\(at).name", "must not be empty") }
            if let first = roleIndex[role.name] {
                report("\(at).name", "duplicate role '\(role.name)' (first at roles[\(first)])")
            } else {
                roleIndex[role.name] = i
            }
            for (j, grant) in role.permissions.enumerated() {
                guard let api = apis[grant.api] else {
                    report("\(at).permissions[\(j)].api", "no API has the audience '\(grant.api)'")
                    continue
                }
                for (k, scope) in grant.scopes.enumerated() where !api.scopes.contains(scope) {
                    report("\(at).permissions[\(j)].scopes[\(k)]", "the API '\(grant.api)' defines no scope '\(scope)'")
                }
            }
        }
        let userList = scenario.users  // read in place: copying each user retains all its values
        for i in userList.indices where !userList[i].roles.isEmpty {
            for (j, role) in userList[i].roles.enumerated() where roleIndex[role] == nil {
                report("users[\(i)].roles[\(j)]", "no role is named '\(role)'")
            }
        }

        var typeIndex: [String: Int] = [:]
        for (i, profile) in scenario.tokenExchangeProfiles.enumerated() {
            let at = "token_exchange_profiles[\(i)]"
            let type = profile.subjectTokenType
            if TokenExchangeProfileConfig.isReserved(type) {
                report(
                    "\(at).subject_token_type",
                    "'\(type)' is in a reserved namespace (urn:ietf:, urn:auth0:, urn:okta:, https://auth0.com/)")
            } else if !ScenarioValidator.isAbsoluteURL(type) && !type.lowercased().hasPrefix("urn:") {
                report("\(at).subject_token_type", "'\(type)' must be a URN or an absolute URI")
            }
            if let first = typeIndex[type] {
                report(
                    "\(at).subject_token_type",
                    "duplicate subject_token_type '\(type)' (first at token_exchange_profiles[\(first)])")
            } else {
                typeIndex[type] = i
            }
            let actions = [profile.onBehalfOf != nil, profile.subjectTokens != nil, profile.deny != nil].filter { $0 }
            if actions.count != 1 {
                report(at, "needs exactly one of on_behalf_of, subject_tokens, deny")
            }
            if let audience = profile.onBehalfOf?.audience, apis[audience] == nil {
                report("\(at).on_behalf_of.audience", "no API has the audience '\(audience)'")
            }
            for (token, sub) in (profile.subjectTokens ?? [:]).sorted(by: { $0.key < $1.key }) {
                if token.isEmpty { report("\(at).subject_tokens", "a subject token must not be empty") }
                if !users.contains(sub) { report("\(at).subject_tokens.\(token)", "no user has the sub '\(sub)'") }
            }
            if let deny = profile.deny {
                if deny.message.isEmpty { report("\(at).deny.message", "must not be empty") }
                if deny.error.isEmpty || deny.error.contains(" ") { report("\(at).deny.error", "must be one word") }
            }
            for (j, id) in profile.clients.enumerated() where !clients.contains(id) {
                report("\(at).clients[\(j)]", "no client has the id '\(id)'")
            }
        }
        return problems
    }
}
