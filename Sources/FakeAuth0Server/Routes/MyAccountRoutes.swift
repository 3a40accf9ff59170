import FakeAuth0
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The My Account API's Connected Accounts endpoints under `/me/v1/connected-accounts/`, with errors
/// as `application/problem+json`.
struct MyAccountRoutes {
    let tenant: Tenant
    let scheme: String

    func register(on router: Router<BasicRequestContext>) {
        let api = router.group("/me/v1/connected-accounts")
        api.post("/connect") { request, _ in
            try await problems {
                var request = request
                let (user, client) = try await authenticate(request, scope: "create:me:connected_accounts")
                let start = try tenant.myAccount.connect(user: user, client: client, body: try await request.jsonBody())
                let connectURI = "\(scheme)://\(request.host ?? "localhost")/connected-accounts/connect"
                return JSONResponse.make(
                    status: .created,
                    json: [
                        "auth_session": .string(start.authSession), "connect_uri": .string(connectURI),
                        "connect_params": ["ticket": .string(start.ticket)], "expires_in": .int(start.expiresIn),
                    ])
            }
        }
        api.post("/complete") { request, _ in
            try await problems {
                var request = request
                let (user, _) = try await authenticate(request, scope: "create:me:connected_accounts")
                let account = try tenant.myAccount.complete(user: user, body: try await request.jsonBody())
                return JSONResponse.make(status: .created, json: MyAccount.json(account))
            }
        }
        api.get("/accounts") { request, _ in
            try await problems {
                let (user, _) = try await authenticate(request, scope: "read:me:connected_accounts")
                let connection = request.query("connection")
                let accounts = try tenant.myAccount.accounts(user: user, connection: connection)
                return JSONResponse.make(json: ["accounts": .array(accounts.map { .object(MyAccount.json($0)) })])
            }
        }
        api.delete("/accounts/{id}") { request, context in
            try await problems {
                let (user, _) = try await authenticate(request, scope: "delete:me:connected_accounts")
                try tenant.myAccount.delete(user: user, id: try context.parameters.require("id"))
                return Response(status: .noContent)
            }
        }
        api.get("/connections") { request, _ in
            try await problems {
                _ = try await authenticate(request, scope: "read:me:connected_accounts")
                let connections = tenant.myAccount.connections().map { connection -> JSONValue in
                    [
                        "name": .string(connection.name), "strategy": .string(connection.strategy),
                        "scopes": .array(connection.scopes.map(JSONValue.string)),
                    ]
                }
                return JSONResponse.make(json: ["connections": .array(connections)])
            }
        }
    }

    func authenticate(_ request: Request, scope: String) async throws -> (user: String, client: String) {
        try await tenant.myAccount.authenticate(
            bearer: request.bearerToken, issuer: tenant.issuer(forHost: request.host), scope: scope)
    }

    /// Runs a handler, answering a `MyAccountError` (or a malformed body) as problem+json.
    func problems(_ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let error as MyAccountError {
            return Self.problem(error)
        } catch let error as OAuthError where error.kind == .tooLarge {
            return Self.problem(.init(kind: .tooLarge, title: "Payload Too Large", detail: error.message))
        } catch let error as OAuthError where error.code == "invalid_request" {
            return Self.problem(.badRequest(error.message))
        }
    }

    static func problem(_ error: MyAccountError) -> Response {
        let status = HTTPResponse.Status(error.kind)
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        let json: [String: JSONValue] = [
            "status": .int(status.code), "title": .string(error.title), "detail": .string(error.detail),
            "type": .string("https://auth0.com/api-errors/A0E-\(status.code)"),
        ]
        let body = ByteBuffer(string: JSONValue.object(json).description)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
    }
}

extension Request {
    /// A JSON object body; anything else is a 400.
    mutating func jsonBody() async throws -> [String: JSONValue] {
        let body = try await bodyData()
        guard let object = try? JSONDecoder().decode([String: JSONValue].self, from: body)
        else {
            throw OAuthError.invalidRequest("The body must be a JSON object")
        }
        return object
    }
}
