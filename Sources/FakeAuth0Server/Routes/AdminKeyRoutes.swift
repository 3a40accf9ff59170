import FakeAuth0
import Foundation
import Hummingbird

/// `/__admin/keys`: the published signing keys, and key rotation (`tenant.rotateSigningKey` in Swift).
struct AdminKeyRoutes {
    let tenant: Tenant

    /// The grace period of a rotation whose body names none.
    static let defaultGraceSeconds = 600

    func register(on router: Router<BasicRequestContext>) {
        let admin = router.group("/__admin/keys")
        admin.get { _, _ in JSONResponse.make(json: keysJSON()) }
        admin.post("/rotate") { request, _ in
            var request = request
            let body = try await request.adminJSON()
            if let unknown = body.keys.sorted().first(where: { $0 != "grace_seconds" }) {
                throw OAuthError.invalidRequest("Unknown field: \(unknown); the body is {\"grace_seconds\": N}")
            }
            var grace = Self.defaultGraceSeconds
            if let value = body["grace_seconds"] {
                guard let seconds = Limits.seconds(value) else {
                    throw OAuthError.invalidRequest(
                        "grace_seconds must be a whole number of seconds between 0 and \(Limits.maxSeconds)")
                }
                grace = seconds
            }
            let rotation = try await tenant.rotateSigningKey(graceSeconds: grace)
            var json = keysJSON()
            json["kid"] = .string(rotation.kid)
            json["previous_kid"] = .string(rotation.previousKID)
            json["previous_drops_at"] = .int(rotation.previousDropsAt)
            return JSONResponse.make(json: json)
        }
    }

    /// `{"keys":[{"kid","active","drops_at"}…]}`, the active key first.
    func keysJSON() -> [String: JSONValue] {
        let keys = tenant.keys.publishedKeys.map { key -> JSONValue in
            ["kid": .string(key.kid), "active": .bool(key.active), "drops_at": key.dropsAt.map(JSONValue.int) ?? .null]
        }
        return ["keys": .array(keys)]
    }
}
