import FakeAuth0
import Foundation
import Hummingbird
import Yams

/// `GET /__admin/openapi.json`: the OpenAPI description of everything the fake serves
/// (`docs/openapi.yaml`, built into the binary) as JSON, with `servers` set to the URL it was asked
/// under and the running scenario's `protected_apis` in place of the built-in scenario's.
struct OpenAPIRoutes {
    let tenant: Tenant
    let scheme: String

    /// The document as shipped, read once.
    static let document: [String: JSONValue] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let text = try? String(contentsOf: url, encoding: .utf8),
            let object = try? Yams.load(yaml: text),
            let data = try? JSONSerialization.data(withJSONObject: object),
            let document = try? JSONDecoder().decode([String: JSONValue].self, from: data)
        else { return ["openapi": "3.0.3", "info": ["title": "fake-auth0", "version": "1"], "paths": [:]] }
        return document
    }()

    func register(on router: Router<BasicRequestContext>) {
        router.get("/__admin/openapi.json") { request, _ in
            JSONResponse.make(json: document(base: "\(scheme)://\(request.host ?? "localhost")"))
        }
    }

    /// The shipped document for a fake reached at `base`, with this scenario's protected APIs.
    func document(base: String) -> [String: JSONValue] {
        var document = Self.document
        document["servers"] = [["url": .string(base)]]
        guard case .object(let shipped)? = document["paths"] else { return document }
        var paths = shipped.filter { _, item in !Self.isProtectedAPI(item) }
        for api in tenant.config.scenario.protectedAPIs {
            guard case .object(var item) = paths[api.path] ?? .object([:]) else { continue }
            item[api.method.lowercased()] = Self.operation(api)
            paths[api.path] = .object(item)
        }
        document["paths"] = .object(paths)
        return document
    }

    /// Whether a path item is one of the built-in scenario's protected APIs (tag `protected`).
    static func isProtectedAPI(_ item: JSONValue) -> Bool {
        guard case .object(let operations) = item else { return false }
        return operations.values.contains { operation in
            guard case .object(let fields) = operation, case .array(let tags)? = fields["tags"] else { return false }
            return tags.contains("protected")
        }
    }

    /// The operation of one protected API: its path parameters, a bearer token, the scenario's answer.
    static func operation(_ api: ProtectedAPIConfig) -> JSONValue {
        let names = api.path.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }
            .map { String($0.dropFirst().dropLast()) }
        let scopes = api.scopes.isEmpty ? "" : ", scope `\(api.scopes.joined(separator: " "))`"
        var operation: [String: JSONValue] = [
            "tags": ["protected"], "summary": .string("audience `\(api.audience)`\(scopes)"),
            "security": [["bearer": []]],
            "responses": [
                String(api.status): [
                    "description": "The scenario's `response`.", "content": ["application/json": ["schema": [:]]],
                ],
                "default": ["$ref": "#/components/responses/OAuthError"],
            ],
        ]
        if !names.isEmpty {
            operation["parameters"] = .array(
                names.map { ["name": .string($0), "in": "path", "required": true, "schema": ["type": "string"]] })
        }
        if !["GET", "DELETE"].contains(api.method.uppercased()) {
            operation["requestBody"] = ["content": ["application/json": ["schema": ["type": "object"]]]]
        }
        return .object(operation)
    }
}
