import FakeAuth0
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// What a client reads from a response.
struct HTTPResult: Sendable {
    var status: Int
    var headers: [String: String]
    var body: Data

    var json: [String: JSONValue] { (try? JSONDecoder().decode([String: JSONValue].self, from: body)) ?? [:] }
    var text: String { String(decoding: body, as: UTF8.self) }
    func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
    /// The `error` code of an OAuth error body.
    var error: String? { json["error"]?.stringValue }
}

/// A minimal HTTP client over URLSession, as an SDK would call the fake.
enum HTTP {
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        // Generous: the whole suite runs in parallel, and on a busy two-core machine a request that starts a
        // tenant (POST /__admin/tenants) can wait for the cooperative pool for more than 10 s.
        configuration.timeoutIntervalForRequest = 30
        return URLSession(configuration: configuration)
    }()

    static func send(_ method: String, _ url: URL, body: Data? = nil, headers: [String: String] = [:]) async throws
        -> HTTPResult
    {
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields { fields["\(name)"] = "\(value)" }
        return HTTPResult(status: http.statusCode, headers: fields, body: data)
    }

    static func get(_ url: URL, headers: [String: String] = [:]) async throws -> HTTPResult {
        try await send("GET", url, headers: headers)
    }

    static func postForm(
        _ url: URL, _ fields: [String: String], headers: [String: String] = [:],
        contentType: String = "application/x-www-form-urlencoded"
    ) async throws -> HTTPResult {
        var merged = headers
        merged["Content-Type"] = contentType
        return try await send("POST", url, body: Data(formEncode(fields).utf8), headers: merged)
    }

    static func postJSON(_ url: URL, _ object: [String: JSONValue], headers: [String: String] = [:]) async throws
        -> HTTPResult
    {
        var merged = headers
        merged["Content-Type"] = "application/json"
        return try await send("POST", url, body: Data(JSONValue.object(object).description.utf8), headers: merged)
    }

    static func formEncode(_ fields: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.sorted { $0.key < $1.key }.map { key, value in
            "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&")
    }

    static func basic(_ id: String, _ secret: String) -> [String: String] {
        ["Authorization": "Basic " + Data("\(id):\(secret)".utf8).base64EncodedString()]
    }
}
