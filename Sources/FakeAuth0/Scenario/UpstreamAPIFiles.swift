import Foundation
import Yams

/// Reads the `response_file`s of declared stub API routes (JSON or YAML, relative to the scenario
/// file) into their `response`, reporting unreadable files as `file:path: reason`.
enum UpstreamAPIFiles {
    static func load(into scenario: inout Scenario, scenarioFile: String, directory: String?) -> [ScenarioProblem] {
        var problems: [ScenarioProblem] = []
        let base = directory ?? FixtureFiles.baseDirectory(of: scenarioFile)
        for (connection, api) in scenario.upstreamAPIs.sorted(by: { $0.key < $1.key }) {
            var api = api
            for (i, route) in api.routes.enumerated() {
                guard let source = route.responseFile else { continue }
                let at = "upstream_apis.\(connection).routes[\(i)].response_file"
                if route.response != nil {
                    problems.append(
                        .init(file: scenarioFile, path: at, reason: "give response or response_file, not both"))
                    continue
                }
                let url =
                    source.hasPrefix("/")
                    ? URL(fileURLWithPath: source) : URL(fileURLWithPath: base).appending(path: source)
                guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                    problems.append(
                        .init(file: scenarioFile, path: at, reason: "cannot read '\(url.standardizedFileURL.path)'"))
                    continue
                }
                do {
                    api.routes[i].response = try YAMLDecoder().decode(JSONValue.self, from: text)
                } catch {
                    problems.append(
                        .init(file: url.standardizedFileURL.path, path: "", reason: "not valid JSON or YAML: \(error)"))
                }
            }
            scenario.upstreamAPIs[connection] = api
        }
        return problems
    }
}

/// Checks the declared stub APIs: connections that exist, routes that parse, placeholders that can be
/// filled, refusals with real statuses, and hosts that do not take a built-in provider's.
enum UpstreamAPIValidator {
    static let userFields = ["sub", "email", "name", "nickname", "given_name", "family_name", "picture", "user_id"]

    static func problems(in scenario: Scenario, file: String) -> [ScenarioProblem] {
        var problems: [ScenarioProblem] = []
        func report(_ path: String, _ reason: String) { problems.append(.init(file: file, path: path, reason: reason)) }
        let connections = Set(scenario.connections.map(\.name))
        var hostOwners: [String: String] = [:]
        for (connection, api) in scenario.upstreamAPIs.sorted(by: { $0.key < $1.key }) {
            let at = "upstream_apis.\(connection)"
            if !connections.contains(connection) { report(at, "no connection is named '\(connection)'") }
            if connection.contains("/") || connection.isEmpty { report(at, "a connection name has no '/'") }
            for (i, host) in api.hosts.enumerated() {
                let name = host.lowercased()
                let valid =
                    !name.isEmpty
                    && name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy {
                        !$0.isEmpty && $0.allSatisfy { ($0.isLetter || $0.isNumber || $0 == "-") && $0.isASCII }
                    }
                if !valid {
                    report("\(at).hosts[\(i)]", "'\(host)' is not a host name")
                } else if CertificateHost.providerHosts.contains(name) || name.hasSuffix(".my.salesforce.com") {
                    report("\(at).hosts[\(i)]", "'\(host)' is a built-in provider's host")
                } else if let owner = hostOwners[name] {
                    report("\(at).hosts[\(i)]", "'\(host)' is already the host of upstream_apis.\(owner)")
                } else {
                    hostOwners[name] = connection
                }
            }
            var seen: [String: Int] = [:]
            for (i, route) in api.routes.enumerated() {
                let routeAt = "\(at).routes[\(i)]"
                if !["GET", "POST", "PUT", "PATCH", "DELETE"].contains(route.method) {
                    report("\(routeAt).method", "'\(route.method)' is not GET, POST, PUT, PATCH or DELETE")
                }
                var parameters: [String] = []
                switch RouteTemplate.parse(route.path) {
                case .success(let template):
                    parameters = template.parameters
                    let shape = template.shape
                    if let first = seen["\(route.method) \(shape)"] {
                        report("\(routeAt).path", "same route as \(at).routes[\(first)]")
                    } else {
                        seen["\(route.method) \(shape)"] = i
                    }
                case .failure(let error):
                    report("\(routeAt).path", "'\(route.path)' \(error.reason)")
                }
                if !(100...599).contains(route.status) { report("\(routeAt).status", "must be an HTTP status code") }
                if let response = route.response {
                    for name in Placeholders.names(in: response) where !known(name, parameters: parameters) {
                        report(
                            "\(routeAt).response",
                            "unknown placeholder '{\(name)}' (route parameters, user.\(userFields.joined(separator: "|")), query.NAME)"
                        )
                    }
                }
                for (j, scope) in route.scopes.enumerated() where scope.isEmpty || scope.contains(" ") {
                    report("\(routeAt).scope[\(j)]", "a scope is one non-empty word")
                }
            }
            for (key, refusal) in [
                ("unauthorized", api.unauthorized), ("forbidden", api.forbidden), ("not_found", api.notFound),
            ] {
                if !(400...599).contains(refusal.status) {
                    report("\(at).\(key).status", "must be an HTTP error status (400-599)")
                }
            }
        }
        return problems
    }

    static func known(_ name: String, parameters: [String]) -> Bool {
        if parameters.contains(name) { return true }
        if name.hasPrefix("user.") { return userFields.contains(String(name.dropFirst(5))) }
        return name.hasPrefix("query.") && name.count > 6
    }
}
