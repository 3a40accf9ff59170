import FakeAuth0
import FakeFGA
import Foundation
import Hummingbird

/// The FGA control routes under `/__admin/fga` (no authentication, like the rest of the control API): list the
/// stores, read and write tuples, run a check. Errors use OpenFGA's `{code, message}` shape.
struct AdminFGARoutes {
    let fga: FGAService

    /// `POST /__admin/fga/stores/{id}/tuples` body.
    struct TupleWrite: Decodable {
        var writes: [FGATupleKey]?
        var deletes: [FGATupleKey]?
    }

    func register(on router: Router<BasicRequestContext>) {
        let admin = router.group("/__admin/fga")
        admin.get("/stores") { _, _ in
            Self.run {
                let stores = try fga.read { (stores) throws(FGAError) in
                    stores.allStores.map { store in
                        AdminStore(
                            id: store.id, name: store.name, modelID: store.models.last?.id ?? "",
                            tuples: store.tuples.count)
                    }
                }
                return try FGARoutes.json(["stores": stores])
            }
        }
        admin.get("/stores/{id}/tuples") { _, context in
            Self.run {
                let id = context.parameters.get("id") ?? ""
                return try FGARoutes.json(["tuples": try fga.tuples(store: id)])
            }
        }
        admin.post("/stores/{id}/tuples") { request, context in
            var request = request
            let id = context.parameters.get("id") ?? ""
            return await Self.runAsync {
                let body = try await FGARoutes.decode(TupleWrite.self, from: &request)
                try fga.write(store: id, writes: body.writes ?? [], deletes: body.deletes ?? [])
                return try FGARoutes.json(["tuples": try fga.tuples(store: id)])
            }
        }
        admin.post("/stores/{id}/check") { request, context in
            var request = request
            let id = context.parameters.get("id") ?? ""
            return await Self.runAsync {
                let key = try await FGARoutes.decode(FGATupleKey.self, from: &request)
                let allowed = try fga.check(
                    store: id, user: key.user, relation: key.relation, object: key.object)
                return try FGARoutes.json(["allowed": allowed])
            }
        }
    }

    /// One store as the control API lists it.
    struct AdminStore: Encodable {
        var id: String
        var name: String
        var modelID: String
        var tuples: Int

        enum CodingKeys: String, CodingKey {
            case id, name, tuples
            case modelID = "authorization_model_id"
        }
    }

    private static func run(_ body: () throws -> Response) -> Response {
        do {
            return try body()
        } catch let error as FGAError {
            return FGARoutes.error(error)
        } catch {
            return FGARoutes.error(.validation("\(error)"))
        }
    }

    private static func runAsync(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let error as FGAError {
            return FGARoutes.error(error)
        } catch {
            return FGARoutes.error(.validation("\(error)"))
        }
    }
}
