import FakeAuth0
import Foundation
import HTTPTypes
import Hummingbird

/// Renders a fault's `status` in the shape of the service the endpoint belongs to: Auth0's OAuth
/// error (with its `x-ratelimit-*` headers on 429), Google's error envelope, GitHub's message with
/// its rate-limit headers, Slack's `ok:false`. `body` and `headers` in the effect override the result.
enum FaultResponses {
    static let faultHeader = "x-fake-auth0-fault"

    /// The answer for `fault`, whose status is `status`, at tenant time `now` (seconds).
    static func response(_ fault: InjectedFault, status: Int, now: Int) -> Response {
        let effect = fault.effect
        let endpoints = fault.endpoints
        var response: Response
        if endpoints.contains(.google) {
            response = google(status, effect: effect)
        } else if endpoints.contains(.github) {
            response = github(status, effect: effect, now: now)
        } else if endpoints.contains(.slack) {
            response = slack(status, effect: effect)
        } else if endpoints.contains(.fga) {
            response = fga(status, effect: effect)
        } else {
            response = auth0(status, effect: effect, now: now)
        }
        if let body = effect.body {
            response.body = ResponseBody(byteBuffer: ByteBuffer(string: body.description))
            response.headers[.contentType] = "application/json"
        }
        if effect.body == nil, status == 429 || effect.retryAfter != nil {
            response.headers[HTTPField.Name("Retry-After")!] = String(retryAfter(effect))
        }
        return mark(response, fault)
    }

    /// Adds the effect's header overrides and `x-fake-auth0-fault: <id>`.
    static func mark(_ response: Response, _ fault: InjectedFault) -> Response {
        var response = response
        for (name, value) in fault.effect.headers {
            if let field = HTTPField.Name(name) { response.headers[field] = value }
        }
        response.headers[HTTPField.Name(faultHeader)!] = fault.id
        return response
    }

    static func retryAfter(_ effect: FaultEffect) -> Int { effect.retryAfter ?? 1 }

    /// `{"error","error_description"}`; 429 `too_many_requests` with Auth0's rate-limit headers.
    static func auth0(_ status: Int, effect: FaultEffect, now: Int) -> Response {
        let code: String
        let message: String
        switch status {
        case 400: (code, message) = ("invalid_request", "Bad request")
        case 401: (code, message) = ("access_denied", "Unauthorized")
        case 403: (code, message) = ("access_denied", "Forbidden")
        case 404: (code, message) = ("not_found", "Not found")
        case 429: (code, message) = ("too_many_requests", "Global limit has been reached")
        case 503: (code, message) = ("temporarily_unavailable", "The service is temporarily unavailable")
        case 504: (code, message) = ("temporarily_unavailable", "The request timed out")
        case 500...: (code, message) = ("server_error", "Internal Server Error")
        default: (code, message) = ("invalid_request", "Request failed")
        }
        var headers: [String: String] = [:]
        if status == 429 {
            headers["x-ratelimit-limit"] = "10"
            headers["x-ratelimit-remaining"] = "0"
            headers["x-ratelimit-reset"] = String(now + retryAfter(effect))
        }
        return JSONResponse.make(
            status: .init(code: status),
            json: ["error": .string(effect.error ?? code), "error_description": .string(effect.message ?? message)],
            headers: headers, noStore: true)
    }

    /// Google's envelope: 429 `rateLimitExceeded`, 503 `backendError`, …
    static func google(_ status: Int, effect: FaultEffect) -> Response {
        let (reason, state, message, domain): (String, String, String, String)
        switch status {
        case 400: (reason, state, message, domain) = ("badRequest", "INVALID_ARGUMENT", "Bad Request", "global")
        case 401: (reason, state, message, domain) = ("authError", "UNAUTHENTICATED", "Invalid Credentials", "global")
        case 403: (reason, state, message, domain) = ("forbidden", "PERMISSION_DENIED", "Forbidden", "global")
        case 404:
            (reason, state, message, domain) = ("notFound", "NOT_FOUND", "Requested entity was not found.", "global")
        case 429:
            (reason, state, message, domain) = (
                "rateLimitExceeded", "RESOURCE_EXHAUSTED", "Rate Limit Exceeded", "usageLimits"
            )
        case 503:
            (reason, state, message, domain) = (
                "backendError", "UNAVAILABLE", "The service is currently unavailable.", "global"
            )
        case 504:
            (reason, state, message, domain) = ("backendError", "DEADLINE_EXCEEDED", "Deadline exceeded", "global")
        case 500...: (reason, state, message, domain) = ("backendError", "INTERNAL", "Backend Error", "global")
        default:
            (reason, state, message, domain) = (
                "failedPrecondition", "FAILED_PRECONDITION", "Precondition check failed.", "global"
            )
        }
        return GoogleResponses.error(
            status, effect.message ?? message, status: state, reason: effect.error ?? reason, domain: domain)
    }

    /// GitHub's `{"message","documentation_url","status"}`; 403 and 429 as a secondary rate limit with
    /// `Retry-After` and `x-ratelimit-remaining: 0`.
    static func github(_ status: Int, effect: FaultEffect, now: Int) -> Response {
        if status == 403 || status == 429 {
            let message =
                effect.message
                ?? "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
            var response = GitHubResponses.message(
                status, message,
                extra: [
                    "documentation_url":
                        "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"
                ],
                headers: [
                    "x-ratelimit-limit": "5000", "x-ratelimit-remaining": "0", "x-ratelimit-used": "5000",
                    "x-ratelimit-reset": String(now + retryAfter(effect)), "x-ratelimit-resource": "core",
                ])
            response.headers[HTTPField.Name("Retry-After")!] = String(retryAfter(effect))
            return response
        }
        let message: String
        switch status {
        case 400: message = "Bad Request"
        case 401: message = "Bad credentials"
        case 404: message = "Not Found"
        case 422: message = "Validation Failed"
        case 502: message = "Bad Gateway"
        case 503: message = "Service Unavailable"
        case 504: message = "Gateway Timeout"
        case 500...: message = "Server Error"
        default: message = "Request failed"
        }
        return GitHubResponses.message(status, effect.message ?? message)
    }

    /// Slack's `{"ok":false,"error":…}`: 429 `ratelimited`, 5xx `internal_error` / `service_unavailable`;
    /// status 200 with `error` is an ordinary Slack method error.
    static func slack(_ status: Int, effect: FaultEffect) -> Response {
        let code: String
        switch status {
        case 429: code = "ratelimited"
        case 503: code = "service_unavailable"
        case 504: code = "request_timeout"
        case 500...: code = "internal_error"
        case 401: code = "invalid_auth"
        case 403: code = "access_denied"
        default: code = "fatal_error"
        }
        var json: [String: JSONValue] = ["ok": false, "error": .string(effect.error ?? code)]
        if let message = effect.message { json["warning"] = .string(message) }
        return JSONResponse.make(status: .init(code: status), json: json)
    }

    /// OpenFGA's `{"code","message"}`: 429 `rate_limit_exceeded`, 5xx `internal_error`, …
    static func fga(_ status: Int, effect: FaultEffect) -> Response {
        let (code, message): (String, String)
        switch status {
        case 400: (code, message) = ("validation_error", "Bad request")
        case 401: (code, message) = ("unauthenticated", "unauthenticated")
        case 403: (code, message) = ("forbidden", "forbidden")
        case 404: (code, message) = ("undefined_endpoint", "Not Found")
        case 429: (code, message) = ("rate_limit_exceeded", "Rate Limit exceeded")
        case 504: (code, message) = ("deadline_exceeded", "Deadline exceeded")
        case 500...: (code, message) = ("internal_error", "Internal Server Error")
        default: (code, message) = ("validation_error", "Request failed")
        }
        return JSONResponse.make(
            status: .init(code: status),
            json: ["code": .string(effect.error ?? code), "message": .string(effect.message ?? message)])
    }
}
