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
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        if noStore {
            fields[.cacheControl] = "no-store"
            fields[HTTPField.Name("Pragma")!] = "no-cache"
        }
        for (name, value) in headers {
            if let fieldName = HTTPField.Name(name) { fields[fieldName] = value }
        }
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func make(
        status: HTTPResponse.Status = .ok, json: [String: JSONValue], headers: [String: String] = [:],
        noStore: Bool = false
    ) -> Response {
        make(status: status, body: Data(JSONValue.object(json).description.utf8), headers: headers, noStore: noStore)
    }

    /// An OAuth error body `{"error","error_description"}` with the status and headers its kind,
    /// retry interval and challenge call for.
    static func error(_ error: OAuthError) -> Response {
        make(
            status: HTTPResponse.Status(error.kind),
            json: ["error": .string(error.code), "error_description": .string(error.message)],
            headers: error.responseHeaders, noStore: true)
    }
}
