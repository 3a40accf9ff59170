import Foundation

/// Checks the scenario sections of the stub provider APIs: whose fixtures they are, inline fixture
/// contents, and the protected first-party API endpoints.
enum ProviderScenarioValidator {
    /// Paths no protected API may take: the fake's own endpoints and the provider prefixes.
    static let reservedPrefixes = [
        "/oauth/", "/.well-known/", "/__", "/google/", "/github/", "/slack/", "/me/", "/userinfo", "/authorize", "/u/",
        "/bc-authorize", "/connected-accounts/", "/login", "/logout", "/oidc/", "/v2/",
        "/salesforce/", "/services/", "/microsoft/", "/apis/",
    ]

    static func problems(in scenario: Scenario, file: String) -> [ScenarioProblem] {
        var problems: [ScenarioProblem] = []
        func report(_ path: String, _ reason: String) { problems.append(.init(file: file, path: path, reason: reason)) }
        let users = scenario.fixtures.isEmpty ? [] : Set(scenario.users.map(\.sub))
        for (sub, fixtures) in scenario.fixtures.sorted(by: { $0.key < $1.key }) {
            if !users.contains(sub) { report("fixtures.\(sub)", "no user has the sub '\(sub)'") }
            if fixtures.source == nil {
                problems += FixtureValidator.problems(in: fixtures, file: file, prefix: "fixtures.\(sub)")
            }
        }
        let audiences = Dictionary(scenario.apis.map { ($0.audience, $0) }, uniquingKeysWith: { first, _ in first })
        var routes: [String: Int] = [:]
        for (i, api) in scenario.protectedAPIs.enumerated() {
            let at = "protected_apis[\(i)]"
            if !api.path.hasPrefix("/") || api.path.contains(" ") || api.path.contains("?") {
                report("\(at).path", "must be an absolute path such as /api/shop/buy")
            } else if let reserved = reservedPrefixes.first(where: {
                api.path.hasPrefix($0) || api.path == String($0.dropLast())
            }) {
                report("\(at).path", "'\(api.path)' collides with the fake's own endpoints under \(reserved)")
            }
            if !["GET", "POST", "PUT", "PATCH", "DELETE"].contains(api.method) {
                report("\(at).method", "'\(api.method)' is not GET, POST, PUT, PATCH or DELETE")
            }
            if let first = routes["\(api.method) \(api.path)"] {
                report("\(at).path", "duplicate endpoint \(api.method) \(api.path) (first at protected_apis[\(first)])")
            } else {
                routes["\(api.method) \(api.path)"] = i
            }
            if let target = audiences[api.audience] {
                for (j, scope) in api.scopes.enumerated() where !target.scopes.contains(scope) {
                    report("\(at).scope[\(j)]", "the API '\(api.audience)' defines no scope '\(scope)'")
                }
            } else {
                report("\(at).audience", "no API has the audience '\(api.audience)'")
            }
            if !(100...599).contains(api.status) { report("\(at).status", "must be an HTTP status code") }
        }
        problems += UpstreamAPIValidator.problems(in: scenario, file: file)
        return problems
    }
}
