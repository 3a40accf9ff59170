import FakeAuth0
import FakeFGA
import Foundation
import HTTPTypes
import Hummingbird

/// The OpenFGA HTTP API under `/fga` (clients use `api_url = <fake>/fga`): stores, authorization models,
/// tuples and queries, in OpenFGA's JSON shapes, status codes and `{code, message}` errors. Callers
/// authenticate with a tenant access token for the FGA audience or the scenario's `api_token`.
struct FGARoutes {
    let tenant: Tenant

    /// The path prefix of the API.
    static let prefix = "/fga"

    typealias Handler =
        @Sendable (inout Request, BasicRequestContext, FGAService, Date) async throws -> Response

    func register(on router: Router<BasicRequestContext>) {
        let api = router.group(RouterPath(Self.prefix))
        route(api, .post, "/stores") { request, _, state, now in
            let body = try await Self.decode(FGAWire.CreateStoreRequest.self, from: &request)
            let store = try state.update { (stores) throws(FGAError) in
                try stores.createStore(name: body.name ?? "", now: now)
            }
            return try Self.json(FGAStores.wire(store), status: .created)
        }
        route(api, .get, "/stores") { request, _, state, _ in
            let size = try Self.pageSize(request)
            let name = request.query("name")
            let token = request.query("continuation_token")
            return try Self.json(
                try state.read { (stores) throws(FGAError) in
                    try stores.listStores(name: name, pageSize: size, continuationToken: token)
                })
        }
        route(api, .get, "/stores/{store_id}") { _, context, state, _ in
            let id = try Self.storeID(context)
            return try Self.json(
                try state.read { (stores) throws(FGAError) in FGAStores.wire(try stores.store(id)) })
        }
        route(api, .delete, "/stores/{store_id}") { _, context, state, _ in
            let id = try Self.storeID(context)
            try state.update { (stores) throws(FGAError) in try stores.deleteStore(id) }
            return Response(status: .noContent)
        }
        route(api, .get, "/stores/{store_id}/authorization-models") { request, context, state, _ in
            let id = try Self.storeID(context)
            let size = try Self.pageSize(request)
            let token = request.query("continuation_token")
            return try Self.json(
                try state.read { (stores) throws(FGAError) in
                    try stores.listModels(store: id, pageSize: size, continuationToken: token)
                })
        }
        route(api, .post, "/stores/{store_id}/authorization-models") { request, context, state, now in
            let id = try Self.storeID(context)
            let body = try await Self.decode(FGAModelJSON.self, from: &request)
            let model: FGAModel
            do throws(FGAModelError) {
                model = try body.model()
            } catch {
                throw FGAError.invalidModel(error.message)
            }
            let modelID = try state.update { (stores) throws(FGAError) in
                try stores.writeModel(model, store: id, now: now)
            }
            return try Self.json(
                FGAWire.WriteModelResponse(authorizationModelId: modelID), status: .created)
        }
        route(api, .get, "/stores/{store_id}/authorization-models/{id}") { _, context, state, _ in
            let id = try Self.storeID(context)
            let modelID = context.parameters.get("id") ?? ""
            let model = try state.read { (stores) throws(FGAError) in try stores.store(id).model(modelID)
            }
            return try Self.json(FGAWire.ReadModelResponse(authorizationModel: FGAModelJSON(model)))
        }
        route(api, .post, "/stores/{store_id}/write") { request, context, state, now in
            let id = try Self.storeID(context)
            let body = try await Self.decode(FGAWire.WriteRequest.self, from: &request)
            try state.update { (stores) throws(FGAError) in try stores.write(body, store: id, now: now) }
            return try Self.json([String: String]())
        }
        route(api, .post, "/stores/{store_id}/read") { request, context, state, _ in
            let id = try Self.storeID(context)
            let body = try await Self.decode(FGAWire.ReadRequest.self, from: &request)
            return try Self.json(
                try state.read { (stores) throws(FGAError) in try stores.read(body, store: id) })
        }
        route(api, .post, "/stores/{store_id}/check") { request, context, state, _ in
            let id = try Self.storeID(context)
            let body = try await Self.decode(FGAWire.CheckRequest.self, from: &request)
            let allowed = try state.read { (stores) throws(FGAError) in try stores.check(body, store: id)
            }
            return try Self.json(FGAWire.CheckResponse(allowed: allowed, resolution: ""))
        }
        route(api, .post, "/stores/{store_id}/batch-check") { request, context, state, _ in
            let id = try Self.storeID(context)
            let body = try await Self.decode(FGAWire.BatchCheckRequest.self, from: &request)
            return try Self.json(
                try state.read { (stores) throws(FGAError) in try stores.batchCheck(body, store: id) })
        }
        route(api, .post, "/stores/{store_id}/list-objects") { request, context, state, _ in
            let id = try Self.storeID(context)
            let body = try await Self.decode(FGAWire.ListObjectsRequest.self, from: &request)
            let objects = try state.read { (stores) throws(FGAError) in
                try stores.listObjects(body, store: id)
            }
            return try Self.json(FGAWire.ListObjectsResponse(objects: objects))
        }
        route(api, .post, "/stores/{store_id}/list-users") { request, context, state, _ in
            let id = try Self.storeID(context)
            let body = try await Self.decode(FGAWire.ListUsersRequest.self, from: &request)
            let users = try state.read { (stores) throws(FGAError) in
                try stores.listUsers(body, store: id)
            }
            return try Self.json(FGAWire.ListUsersResponse(users: users))
        }
        route(api, .post, "/stores/{store_id}/expand") { request, context, state, _ in
            let id = try Self.storeID(context)
            let body = try await Self.decode(FGAWire.ExpandRequest.self, from: &request)
            let root = try state.read { (stores) throws(FGAError) in try stores.expand(body, store: id) }
            return try Self.json(FGAWire.ExpandResponse(tree: .init(root: root)))
        }
        route(api, .get, "/stores/{store_id}/changes") { request, context, state, _ in
            let id = try Self.storeID(context)
            let size = try Self.pageSize(request)
            let type = request.query("type")
            let token = request.query("continuation_token")
            var start: Date?
            if let text = request.query("start_time"), !text.isEmpty {
                guard let date = FGATimestamp.parse(text) else {
                    throw FGAError(.validation, code: "invalid_start_time", message: "Invalid start time")
                }
                start = date
            }
            let startTime = start
            return try Self.json(
                try state.read { (stores) throws(FGAError) in
                    try stores.changes(
                        store: id, type: type, pageSize: size, continuationToken: token, startTime: startTime)
                })
        }
        route(api, .put, "/stores/{store_id}/assertions/{model_id}") { request, context, state, _ in
            let id = try Self.storeID(context)
            let modelID = context.parameters.get("model_id") ?? ""
            let body = try await Self.decode(FGAWire.WriteAssertionsRequest.self, from: &request)
            try state.update { (stores) throws(FGAError) in
                try stores.writeAssertions(body.assertions, store: id, model: modelID)
            }
            return Response(status: .noContent)
        }
        route(api, .get, "/stores/{store_id}/assertions/{model_id}") { _, context, state, _ in
            let id = try Self.storeID(context)
            let modelID = context.parameters.get("model_id") ?? ""
            let assertions = try state.read { (stores) throws(FGAError) in
                try stores.readAssertions(store: id, model: modelID)
            }
            return try Self.json(
                FGAWire.ReadAssertionsResponse(authorizationModelId: modelID, assertions: assertions))
        }
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
            api.on("**", method: method) { _, _ in Self.error(.undefinedEndpoint) }
        }
    }

    /// Registers one endpoint: authenticates the caller, runs the handler, maps every failure to OpenFGA's shape.
    private func route(
        _ group: RouterGroup<BasicRequestContext>, _ method: HTTPRequest.Method, _ path: String,
        _ handler: @escaping Handler
    ) {
        group.on(RouterPath(path), method: method) { request, context in
            var request = request
            do {
                try await tenant.fga.authenticate(
                    bearer: request.bearerToken, issuer: tenant.issuer(forHost: request.host))
                return try await handler(&request, context, tenant.fga, tenant.fga.now())
            } catch let error as FGAError {
                return Self.error(error)
            } catch let error as OAuthError where error.kind == .tooLarge {
                // OpenFGA's error body, with the 413 every endpoint of the fake answers for a body over 1 MiB.
                var response = Self.error(.validation("the request body is larger than 1 MiB"))
                response.status = .contentTooLarge
                return response
            }
        }
    }

    static func error(_ error: FGAError) -> Response {
        let body = (try? JSONEncoder().encode(FGAWire.ErrorBody(error))) ?? Data()
        return JSONResponse.make(status: HTTPResponse.Status(code: error.httpStatus), body: body)
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        do {
            return JSONResponse.make(status: status, body: try JSONEncoder().encode(value))
        } catch {
            throw FGAError(.internal, code: "internal_error", message: "Internal Server Error")
        }
    }

    static func storeID(_ context: BasicRequestContext) throws(FGAError) -> String {
        guard let id = context.parameters.get("store_id"), !id.isEmpty else { throw .storeNotFound }
        guard FGAULID.isValid(id) else {
            throw FGAError(
                .validation, code: "store_id_invalid_length",
                message: "invalid store_id '\(id)': value must be a ULID (26 characters)")
        }
        return id
    }

    static func pageSize(_ request: Request) throws(FGAError) -> Int? {
        guard let text = request.query("page_size"), !text.isEmpty else { return nil }
        guard let size = Int(text) else {
            throw FGAError(.validation, code: "page_size_invalid", message: "invalid page_size '\(text)'")
        }
        return size
    }

    /// Decodes a JSON body; malformed JSON or missing fields are OpenFGA's `validation_error`.
    static func decode<T: Decodable>(_ type: T.Type, from request: inout Request) async throws -> T {
        let data = try await request.bodyData()
        do {
            return try JSONDecoder().decode(T.self, from: data.isEmpty ? Data("{}".utf8) : data)
        } catch let error as DecodingError {
            throw FGAError.validation(Self.describe(error))
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = path(context.codingPath + [key])
            return "invalid request: missing field '\(at)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "invalid request: wrong type for '\(path(context.codingPath))'"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "invalid request: malformed JSON"
                : "invalid request: \(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "invalid request"
        }
    }
}
