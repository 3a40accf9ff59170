import FakeAuth0
import FakeProviders
import Foundation
import HTTPTypes
import Hummingbird

/// What the stub provider routes read from a request: the token, repeatable and typed query parameters,
/// JSON or form bodies, and the base URL the API was reached under.
extension Request {
    /// The token of `Authorization: Bearer …`, or with `tokenScheme` also GitHub's `token …`.
    func providerToken(tokenScheme: Bool = false) -> String? {
        if let bearer = bearerToken { return bearer }
        guard tokenScheme, let header = headers[.authorization], header.lowercased().hasPrefix("token ") else {
            return nil
        }
        return String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)
    }

    /// Every value of a repeatable query parameter.
    func queryAll(_ name: String) -> [String] { queryItems.filter { $0.name == name }.map(\.value) }

    /// An integer query parameter.
    func queryInt(_ name: String) -> Int? { query(name).flatMap { Int($0) } }

    /// A boolean query parameter (`true`/`1`).
    func queryBool(_ name: String) -> Bool? { query(name).map { ["true", "1"].contains($0.lowercased()) } }

    /// The URL the provider's API root was reached under, e.g. `http://127.0.0.1:4010/github` or `https://api.github.com`.
    var providerBase: String {
        headers[ProviderRoutingMiddleware.baseHeader] ?? "http://\(host ?? "localhost")"
    }

    /// Whether the body is declared as JSON.
    var hasJSONBody: Bool {
        let type = headers[.contentType]?.lowercased() ?? ""
        return type.hasPrefix("application/json") || type.contains("+json")
    }
}

/// A path parameter, percent-decoded (calendar ids carry `@` as `%40`).
extension Parameters {
    func decoded(_ name: String) -> String {
        let raw = get(name) ?? ""
        return raw.removingPercentEncoding ?? raw
    }
}
