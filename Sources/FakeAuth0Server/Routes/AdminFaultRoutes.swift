import FakeAuth0
import Foundation
import Hummingbird

/// `/__admin/faults`: list, add, delete and clear injected faults (`tenant.faults` in Swift).
struct AdminFaultRoutes {
    let tenant: Tenant

    func register(on router: Router<BasicRequestContext>) {
        let admin = router.group("/__admin/faults")
        admin.get { _, _ in
            JSONResponse.make(json: ["faults": .array(tenant.faults.list().map(Self.json))])
        }
        admin.post { request, _ in
            var request = request
            let body = try await request.adminJSON()
            let spec = try FaultSpec.decode(json: Data(JSONValue.object(body).description.utf8))
            let id = try tenant.faults.add(spec)
            guard let view = tenant.faults.list().first(where: { $0.id == id }) else {
                throw OAuthError.notFound("No fault has the id '\(id)'")
            }
            return JSONResponse.make(status: .created, json: Self.json(view).objectValue)
        }
        admin.delete { _, _ in
            tenant.faults.clear()
            return Response(status: .noContent)
        }
        admin.delete("/{id}") { _, context in
            try tenant.faults.remove(try context.parameters.require("id"))
            return Response(status: .noContent)
        }
    }

    /// A fault as listed: its definition, `id`, and counters.
    static func json(_ view: FaultView) -> JSONValue {
        var object =
            (try? JSONDecoder().decode(JSONValue.self, from: JSONEncoder.compact.encode(view.spec)))?
            .objectValue ?? [:]
        object["id"] = .string(view.id)
        object["matched"] = .int(view.matched)
        object["injected"] = .int(view.injected)
        object["remaining"] = view.remaining.map(JSONValue.int) ?? .null
        return .object(object)
    }
}

extension JSONValue {
    /// The members of an object; empty for anything else.
    var objectValue: [String: JSONValue] {
        if case .object(let members) = self { return members }
        return [:]
    }
}
