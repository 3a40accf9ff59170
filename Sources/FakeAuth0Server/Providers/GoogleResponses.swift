import FakeAuth0
import FakeProviders
import Foundation
import Hummingbird

/// Google's JSON error envelope, `{"error":{"code","message","errors":[…],"status"}}`, for every
/// failure of the stub Gmail and Calendar APIs.
enum GoogleResponses {
    static let realm = #"Bearer realm="https://accounts.google.com/""#

    static func error(
        _ code: Int, _ message: String, status: String, reason: String, domain: String = "global",
        extra: [String: JSONValue] = [:],
        details: [JSONValue]? = nil, headers: [String: String] = [:]
    ) -> Response {
        var item: [String: JSONValue] = [
            "message": .string(message), "domain": .string(domain), "reason": .string(reason),
        ]
        item.merge(extra) { _, new in new }
        var body: [String: JSONValue] = [
            "code": .int(code), "message": .string(message), "errors": [.object(item)], "status": .string(status),
        ]
        if let details { body["details"] = .array(details) }
        return JSONResponse.make(status: .init(code: code), json: ["error": .object(body)], headers: headers)
    }

    /// 401 `UNAUTHENTICATED` or 403 `PERMISSION_DENIED` (insufficient scopes), with `WWW-Authenticate`.
    static func auth(_ failure: ProviderAuthFailure, service: String) -> Response {
        switch failure {
        case .missingToken:
            return error(
                401,
                "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
                status: "UNAUTHENTICATED", reason: "required",
                extra: ["location": "Authorization", "locationType": "header"],
                details: [errorInfo("CREDENTIALS_MISSING", service: service)], headers: ["WWW-Authenticate": realm])
        case .invalidToken, .expired, .revoked:
            let reason = failure == .expired ? "ACCESS_TOKEN_EXPIRED" : "ACCESS_TOKEN_TYPE_UNSUPPORTED"
            return error(
                401,
                "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
                status: "UNAUTHENTICATED", reason: "authError",
                extra: ["location": "Authorization", "locationType": "header"],
                details: [errorInfo(reason, service: service)],
                headers: ["WWW-Authenticate": realm + #", error="invalid_token""#])
        case .insufficientScope(let needed, _):
            return error(
                403, "Request had insufficient authentication scopes.", status: "PERMISSION_DENIED",
                reason: "insufficientPermissions",
                details: [errorInfo("ACCESS_TOKEN_SCOPE_INSUFFICIENT", service: service)],
                headers: [
                    "WWW-Authenticate": realm
                        + #", error="insufficient_scope", scope="\#(needed.joined(separator: " "))""#
                ])
        }
    }

    static func errorInfo(_ reason: String, service: String) -> JSONValue {
        [
            "@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": .string(reason), "domain": "googleapis.com",
            "metadata": ["service": .string(service)],
        ]
    }

    /// A failure of the call itself.
    static func failure(_ failure: ProviderError) -> Response {
        switch failure.kind {
        case .notFound: error(404, failure.message, status: "NOT_FOUND", reason: failure.code)
        case .gone: error(410, failure.message, status: "NOT_FOUND", reason: failure.code)
        case .forbidden: error(403, failure.message, status: "PERMISSION_DENIED", reason: failure.code)
        case .invalid where failure.code == "duplicate":
            error(409, failure.message, status: "ALREADY_EXISTS", reason: failure.code)
        case .invalid: error(400, failure.message, status: "INVALID_ARGUMENT", reason: failure.code)
        }
    }

    /// 400 for a request the API cannot read.
    static func badRequest(_ message: String = "Bad Request") -> Response {
        error(400, message, status: "INVALID_ARGUMENT", reason: "badRequest")
    }

    /// Runs a Google handler: checks the token, then maps every failure to Google's envelope.
    static func handle(
        _ request: Request, providers: Providers, service: String, _ body: (ProviderAccess) async throws -> Response
    ) async -> Response {
        do {
            let access = try providers.access(token: request.providerToken(), provider: .google)
            return try await body(access)
        } catch let failure as ProviderAuthFailure {
            return auth(failure, service: service)
        } catch let failure as ProviderError {
            return self.failure(failure)
        } catch let failure as GoogleBadRequest {
            return badRequest(failure.message)
        } catch {
            return self.error(500, "Internal error encountered.", status: "INTERNAL", reason: "backendError")
        }
    }

    /// A 404 for a path the stub does not serve.
    static func unknownPath(_ request: Request) -> Response {
        error(404, "Not Found: \(request.method) \(request.uri.path)", status: "NOT_FOUND", reason: "notFound")
    }
}

/// A request parameter or body the Google stubs cannot accept.
struct GoogleBadRequest: Error {
    var message = "Bad Request"
}
