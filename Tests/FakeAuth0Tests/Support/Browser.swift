import FakeAuth0
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A browser for login tests: it does not follow redirects (so a test reads `Location`) and keeps the
/// fake's session cookie itself.
final class Browser: @unchecked Sendable {
    private let session: URLSession
    private let lock = NSLock()
    private var cookies: [String: String] = [:]

    init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        session = URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
    }

    func get(_ url: URL) async throws -> HTTPResult { try await send("GET", url) }

    func post(_ url: URL, form: [String: String]) async throws -> HTTPResult {
        try await send(
            "POST", url, body: Data(HTTP.formEncode(form).utf8), contentType: "application/x-www-form-urlencoded")
    }

    func send(_ method: String, _ url: URL, body: Data? = nil, contentType: String? = nil) async throws -> HTTPResult {
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = body
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        let cookieHeader = lock.withLock { cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if !cookieHeader.isEmpty { request.setValue(cookieHeader, forHTTPHeaderField: "Cookie") }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields { fields["\(name)"] = "\(value)" }
        if let setCookie = http.value(forHTTPHeaderField: "Set-Cookie") {
            let pair = setCookie.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
            lock.withLock {
                if pair.count == 2, !pair[1].isEmpty, !setCookie.contains("Max-Age=0") {
                    cookies[pair[0]] = pair[1]
                } else {
                    cookies[pair[0]] = nil
                }
            }
        }
        return HTTPResult(status: http.statusCode, headers: fields, body: data)
    }

    var hasSession: Bool { lock.withLock { cookies["fake_auth0_session"] != nil } }
}

/// Stops URLSession from following redirects, so a test can read `Location`.
final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest,
        completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}

extension HTTPResult {
    /// The query parameters of the `Location` header, read as a form (`+` is a space), as clients read them.
    var locationQuery: [String: String] {
        guard var components = URLComponents(string: header("Location") ?? "") else { return [:] }
        let query = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%20")
        components.percentEncodedQuery = query
        let items = components.queryItems ?? []
        return Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
    }

    /// The login transaction id in a login page.
    var loginTransaction: String? {
        guard let range = text.range(of: #"name="tx" value=""#) else { return nil }
        return String(text[range.upperBound...].prefix { $0 != "\"" })
    }
}

extension URL {
    /// The URL with `items` in its query, encoded as a form is (`+` escaped as `%2B`, since a literal
    /// `+` in a query means a space), as browsers and SDKs send them.
    func appendingFormQuery(_ items: [URLQueryItem]) -> URL {
        var components = URLComponents(url: self, resolvingAgainstBaseURL: false)!
        components.queryItems = (components.queryItems ?? []) + items
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        return components.url!
    }
}
