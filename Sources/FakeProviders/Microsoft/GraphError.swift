import FakeAuth0
import Foundation

/// A Microsoft Graph error: the `code` and `message` of Graph's envelope
/// `{"error":{"code":"…","message":"…","innerError":{…}}}`.
public struct GraphError: Error, Sendable, Equatable {
    /// Graph's code: `InvalidAuthenticationToken`, `ErrorAccessDenied`, `ErrorItemNotFound`, `BadRequest`…
    public var code: String
    public var message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    static func badRequest(_ message: String) -> GraphError { GraphError("BadRequest", message) }
}
