import FakeAuth0
import Foundation
import Hummingbird

/// The control API for a tenant as a whole: `/__admin/reset`, `/__admin/scenario`, `/__admin/env`.
struct AdminTenantRoutes {
    let slot: TenantSlot
    /// The CA certificate clients trust for HTTPS (the ready file's `ca_file`), when HTTPS is on.
    let caFile: String?

    func register(on router: Router<BasicRequestContext>) {
        let admin = router.group("/__admin")
        admin.post("/reset") { _, _ in
            try slot.tenant.reset()
            return JSONResponse.make(json: ["reset": true])
        }
        admin.put("/scenario") { request, _ in
            var request = request
            switch try await request.scenarioBody(required: true) {
            case .refused(let response): return response
            case .scenario(let scenario):
                guard let scenario else {
                    throw OAuthError.invalidRequest("The body must be a scenario in YAML or JSON")
                }
                try await slot.load(scenario)
                return JSONResponse.make(json: ["loaded": true])
            }
        }
        admin.get("/env") { request, _ in
            let tenant = slot.tenant
            let domain = tenant.issuer(forHost: request.host).domain
            let variables: [(name: String, value: String)]
            do throws(EnvironmentExports.UnknownClient) {
                variables = try EnvironmentExports.variables(
                    scenario: tenant.config.scenario, domain: domain, client: request.query("client"), caFile: caFile)
            } catch {
                throw OAuthError.invalidRequest(error.description)
            }
            let object = Dictionary(variables.map { ($0.name, JSONValue.string($0.value)) }) { first, _ in first }
            return JSONResponse.make(json: ["variables": .object(object)])
        }
    }
}

/// `/__admin/tenants`: tenants on demand, served only by the process's own tenant.
struct AdminTenantsRoutes {
    let registry: TenantRegistry
    /// The scenario of a tenant created without a body: the process's current one.
    let slot: TenantSlot

    func register(on router: Router<BasicRequestContext>) {
        let admin = router.group("/__admin/tenants")
        admin.post { request, _ in
            var request = request
            switch try await request.scenarioBody(required: false) {
            case .refused(let response): return response
            case .scenario(let scenario):
                do {
                    let info = try await registry.create(scenario: scenario ?? slot.tenant.config.scenario)
                    return JSONResponse.make(status: .created, json: info.json)
                } catch is TenantRegistry.Full {
                    throw OAuthError.conflict("Too many tenants: at most \(TenantRegistry.limit) may be alive at once")
                }
            }
        }
        admin.get { _, _ in
            JSONResponse.make(json: ["tenants": .array(registry.list().map { .object($0.json) })])
        }
        admin.get("/{id}") { _, context in
            let id = try context.parameters.require("id")
            guard let info = registry.info(id) else { throw Self.notFound(id) }
            return JSONResponse.make(json: info.json)
        }
        admin.delete("/{id}") { _, context in
            let id = try context.parameters.require("id")
            guard await registry.delete(id) else { throw Self.notFound(id) }
            return Response(status: .noContent)
        }
    }

    static func notFound(_ id: String) -> OAuthError {
        OAuthError.notFound("No tenant '\(id)' (never created, or deleted)")
    }
}

/// A scenario sent to the control API, or the 400 answer refusing it.
enum ScenarioBody {
    /// The scenario; nil when the body was empty and that is allowed.
    case scenario(Scenario?)
    /// `{"error":"invalid_scenario","error_description","problems"}`.
    case refused(Response)
}

extension Request {
    /// The largest scenario the control API reads.
    static let maxScenarioSize = 16 << 20

    /// Reads a scenario in YAML or JSON from the body; `?file=PATH` names it in problems and is where
    /// relative fixture paths start (default: `scenario`, in the working directory).
    mutating func scenarioBody(required: Bool) async throws -> ScenarioBody {
        let buffer = try await collectBody(upTo: Self.maxScenarioSize)
        let text = String(decoding: buffer.readableBytesView, as: UTF8.self)
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            if required { throw OAuthError.invalidRequest("The body must be a scenario in YAML or JSON") }
            return .scenario(nil)
        }
        let file = query("file").flatMap { $0.isEmpty ? nil : $0 } ?? "scenario"
        do {
            return .scenario(try ScenarioLoader.load(yaml: text, file: file))
        } catch {
            let lines = error.problems.map(\.description)
            return .refused(
                JSONResponse.make(
                    status: .badRequest,
                    json: [
                        "error": "invalid_scenario", "error_description": .string(lines.first ?? "invalid scenario"),
                        "problems": .array(lines.map(JSONValue.string)),
                    ], noStore: true))
        }
    }
}
