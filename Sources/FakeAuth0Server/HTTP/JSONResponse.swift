import FakeAuth0
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Builds JSON responses with `Content-Type: application/json` exactly: one SDK parses error bodies
/// only when the header has no charset suffix.
enum JSONResponse {
    static func make(
        status: HTTPResponse.Status = .ok, body: Data, headers: [String: String] = [:], noStore: Bool = false
    ) -> Response {
        parts(status: status, body: body, headers: headers, noStore: noStore).response
    }

    static func make(
        status: HTTPResponse.Status = .ok, json: [String: JSONValue], headers: [String: String] = [:],
        noStore: Bool = false
    ) -> Response {
        parts(status: status, json: json, headers: headers, noStore: noStore).response
    }

    /// An OAuth error body `{"error","error_description"}` with the status and headers its kind,
    /// retry interval and challenge call for.
    static func error(_ error: OAuthError) -> Response { errorParts(error).response }

    /// The status, headers and body `make` builds a response from.
    static func parts(
        status: HTTPResponse.Status = .ok, body: Data, headers: [String: String] = [:], noStore: Bool = false
    ) -> JSONResponseParts {
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        if noStore {
            fields[.cacheControl] = "no-store"
            if let pragma = HTTPField.Name("Pragma") { fields[pragma] = "no-cache" }
        }
        for (name, value) in headers {
            if let fieldName = HTTPField.Name(name) { fields[fieldName] = value }
        }
        return JSONResponseParts(status: status, headers: fields, body: body)
    }

    /// The parts of a response whose body is `json`.
    static func parts(
        status: HTTPResponse.Status = .ok, json: [String: JSONValue], headers: [String: String] = [:],
        noStore: Bool = false
    ) -> JSONResponseParts {
        parts(status: status, body: Data(JSONValue.object(json).jsonBytes), headers: headers, noStore: noStore)
    }

    /// The parts of `error(_:)`'s response.
    static func errorParts(_ error: OAuthError) -> JSONResponseParts {
        parts(
            status: HTTPResponse.Status(error.kind),
            json: ["error": .string(error.code), "error_description": .string(error.message)],
            headers: error.responseHeaders, noStore: true)
    }
}

/// A JSON response before it is written: its status, its headers (the server adds `Content-Length`
/// and `Date`) and its body. Routes hand it on as a Hummingbird `Response`; the event loop's fast
/// lane writes it through NIO.
struct JSONResponseParts: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: Data

    var response: Response {
        Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
