import FakeAuth0
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Reads what the OAuth endpoints need from an HTTP request: body parameters, Basic credentials,
/// bearer tokens and the issuer it was addressed to.
extension Request {
    /// The largest body an endpoint reads.
    static let maxBodySize = 1 << 20

    /// The form or JSON body as parameters (`;charset=` suffixes allowed; no content type = form).
    mutating func parameters() async throws -> RequestParameters {
        try RequestParameters(body: try await bodyData(), contentType: headers[.contentType])
    }

    /// The whole body as bytes. A body over `maxBodySize` is an `invalid_request` of kind `tooLarge`
    /// (413), which each family of endpoints answers in its own error shape.
    mutating func bodyData() async throws -> Data {
        do {
            return Data(try await collectBody(upTo: Self.maxBodySize).readableBytesView)
        } catch is NIOTooManyBytesError {
            throw OAuthError("invalid_request", "The request body is larger than 1 MiB", kind: .tooLarge)
        }
    }

    /// `Authorization: Basic` credentials, when present and well formed (see `BasicCredentials(header:)`).
    var basicCredentials: BasicCredentials? {
        get throws { try BasicCredentials(header: headers[.authorization]) }
    }

    /// The token of an `Authorization: Bearer` header.
    var bearerToken: String? {
        guard let header = headers[.authorization], header.lowercased().hasPrefix("bearer ") else { return nil }
        return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }

    /// The query as ordered name/value pairs, decoded as a form: `+` is a space (clients that
    /// form-encode URLs, such as Python's `urlencode`, send spaces that way).
    var queryItems: [(name: String, value: String)] {
        guard let query = uri.query, !query.isEmpty else { return [] }
        return FormURLEncoding.pairs(query, malformed: .keepRaw) ?? []
    }

    /// The first value of a query parameter.
    func query(_ name: String) -> String? { queryItems.first { $0.name == name }?.value }

    /// The `host[:port]` the client addressed.
    var host: String? { head.authority ?? headers[.host] }
}

extension RequestParameters {
    /// A request body as parameters: a form, or JSON when `contentType` says so (`;charset=` suffixes
    /// allowed; no content type = form). Any other content type is an `invalid_request`.
    init(body: Data, contentType: String?) throws(OAuthError) {
        let contentType = contentType?.lowercased() ?? ""
        if contentType.hasPrefix("application/json") || contentType.contains("+json") {
            self = try RequestParameters.json(body)
        } else if contentType.isEmpty || contentType.hasPrefix("application/x-www-form-urlencoded") {
            self = try RequestParameters.form(String(decoding: body, as: UTF8.self))
        } else {
            throw OAuthError.invalidRequest(
                "Unsupported Content-Type '\(contentType)': use application/x-www-form-urlencoded or application/json")
        }
    }
}

extension BasicCredentials {
    /// The credentials of an `Authorization: Basic` header value; nil when `header` is absent or another
    /// scheme. The id and the secret are each form-encoded inside the header (RFC 6749 §2.3.1) and
    /// decoded here exactly once; a malformed value is an `invalid_client`.
    init?(header: String?) throws(OAuthError) {
        guard let header, header.lowercased().hasPrefix("basic ") else { return nil }
        guard let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
            let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":"),
            let id = FormURLEncoding.decode(text[..<colon]),
            let secret = FormURLEncoding.decode(text[text.index(after: colon)...])
        else { throw OAuthError.invalidClient("The Authorization header is not valid Basic credentials.") }
        self.init(clientID: id, secret: secret)
    }
}

extension HTTPField.Name {
    static let host = HTTPField.Name("Host")!
}
