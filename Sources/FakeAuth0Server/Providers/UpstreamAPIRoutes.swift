import FakeAuth0
import FakeProviders
import Foundation
import HTTPTypes
import Hummingbird

/// The stub APIs a scenario declares per connection (`upstream_apis`), reached under
/// `/apis/{connection}/…` or by one of the API's `hosts` with the real paths.
struct UpstreamAPIRoutes {
    let providers: Providers

    /// `/apis/{connection}/rest` → (`connection`, `/rest`).
    static func split(_ path: String) -> (connection: String, path: String)? {
        guard path.hasPrefix("/apis/") else { return nil }
        let rest = path.dropFirst("/apis/".count)
        let connection = rest.prefix { $0 != "/" }
        guard !connection.isEmpty else { return nil }
        let remainder = rest.dropFirst(connection.count)
        return (
            String(connection).removingPercentEncoding ?? String(connection),
            remainder.isEmpty ? "/" : String(remainder)
        )
    }

    /// Answers a request for `connection`'s API at `path`.
    func respond(_ request: Request, connection: String, path: String) async -> Response {
        var request = request
        var body: JSONValue?
        if let data = try? await request.bodyData(), !data.isEmpty {
            body =
                (try? JSONDecoder().decode(JSONValue.self, from: data))
                ?? .string(String(decoding: data, as: UTF8.self))
        }
        var query: [String: String] = [:]
        for item in request.queryItems { query[item.name] = item.value }
        do {
            let answer = try providers.upstream.call(
                connection: connection, method: request.method.rawValue, path: path, token: request.providerToken(),
                query: query, body: body)
            var headers: [String: String] = [:]
            if let challenge = answer.challenge { headers["WWW-Authenticate"] = challenge }
            let status = HTTPResponse.Status(code: answer.status)
            guard let json = answer.body else {
                var fields = HTTPFields()
                for (name, value) in headers { if let key = HTTPField.Name(name) { fields[key] = value } }
                return Response(status: status, headers: fields)
            }
            return JSONResponse.make(status: status, body: Data(json.description.utf8), headers: headers)
        } catch {
            return JSONResponse.make(
                status: .internalServerError, json: ["error": "server_error", "error_description": .string("\(error)")])
        }
    }
}
