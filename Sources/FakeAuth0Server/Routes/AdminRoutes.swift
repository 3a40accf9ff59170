import FakeAuth0
import Foundation
import Hummingbird

/// The control API under `/__admin/`: what a test does at run time (decide CIBA requests, move the
/// clock), as JSON over HTTP. The same operations exist in Swift on `Tenant`.
struct AdminRoutes {
    let tenant: Tenant

    func register(on router: Router<BasicRequestContext>) {
        let admin = router.group("/__admin")
        admin.get("/ciba/requests") { request, _ in
            let status = request.query("status")
            let views = try tenant.ciba.requests(user: request.query("user"))
                .filter { status == nil || $0.status == status }
            return JSONResponse.make(json: ["requests": .array(views.map { .object($0.json) })])
        }
        admin.get("/ciba/requests/{id}") { _, context in
            JSONResponse.make(json: try tenant.ciba.request(try context.parameters.require("id")).json)
        }
        admin.post("/ciba/requests/{id}/approve") { request, context in
            var request = request
            let body = try await request.adminJSON()
            let id = try context.parameters.require("id")
            try tenant.ciba.approve(id, scope: body["scope"]?.stringValue, acr: body["acr"]?.stringValue)
            return JSONResponse.make(json: try tenant.ciba.request(id).json)
        }
        admin.post("/ciba/requests/{id}/deny") { _, context in
            let id = try context.parameters.require("id")
            try tenant.ciba.deny(id)
            return JSONResponse.make(json: try tenant.ciba.request(id).json)
        }
        admin.post("/ciba/next") { request, _ in
            var request = request
            let body = try await request.adminJSON()
            let decision: CIBADecision = try body["decision"].decoded(as: CIBADecision.self, name: "decision")
            let match: CIBAMatch =
                body["match"] == nil ? .init() : try body["match"].decoded(as: CIBAMatch.self, name: "match")
            try tenant.ciba.decideNext(decision, matching: match)
            tenant.journal.record("admin.ciba.next_armed", details: ["decision": body["decision"] ?? "unknown"])
            return JSONResponse.make(status: .created, json: ["armed": .bool(true)])
        }
        admin.get("/clients") { _, _ in
            JSONResponse.make(json: ["clients": .array(try tenant.clientList().map(JSONValue.object))])
        }
        admin.get("/clock") { _, _ in clockResponse() }
        admin.post("/clock/advance") { request, _ in
            var request = request
            guard let seconds = try await request.adminJSON()["seconds"]?.intValue else {
                throw OAuthError.invalidRequest("Body must be {\"seconds\": N}, N a whole number of seconds")
            }
            try tenant.clock.advance(seconds: seconds)
            tenant.journal.record("admin.clock.advanced", details: ["seconds": .int(seconds)])
            return clockResponse()
        }
        admin.post("/clock/freeze") { _, _ in
            tenant.clock.freeze()
            tenant.journal.record("admin.clock.frozen")
            return clockResponse()
        }
        admin.post("/clock/resume") { _, _ in
            tenant.clock.resume()
            tenant.journal.record("admin.clock.resumed")
            return clockResponse()
        }
    }

    /// The longest single clock advance: ten years.
    static let maxAdvance = 10 * 366 * 86_400

    func clockResponse() -> Response {
        let now = tenant.clock.now()
        return JSONResponse.make(json: [
            "now": .int(Int(now.timeIntervalSince1970)), "iso": .string(now.formatted(.iso8601)),
            "frozen": .bool(tenant.clock.isFrozen),
        ])
    }
}

extension Request {
    /// A control-API body: a JSON object, or nothing.
    mutating func adminJSON() async throws -> [String: JSONValue] {
        let body = try await bodyData()
        if body.isEmpty { return [:] }
        guard let object = try? JSONDecoder().decode([String: JSONValue].self, from: body)
        else {
            throw OAuthError.invalidRequest("The body must be a JSON object")
        }
        return object
    }
}

extension Optional where Wrapped == JSONValue {
    /// Decodes a JSON field of a control-API body as `type`, naming the field in the error.
    func decoded<T: Decodable>(as type: T.Type, name: String) throws -> T {
        guard let self else { throw OAuthError.invalidRequest("Missing field: \(name)") }
        do {
            return try JSONDecoder().decode(T.self, from: Data(self.description.utf8))
        } catch let error as DecodingError {
            throw OAuthError.invalidRequest("Invalid \(name): \(ScenarioLoader.describe(error))")
        } catch {
            throw OAuthError.invalidRequest("Invalid \(name)")
        }
    }
}
