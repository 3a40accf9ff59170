import FakeAuth0
import FakeProviders
import Foundation
import HTTPTypes
import Hummingbird

/// Salesforce's REST answers: JSON bodies, and errors as a JSON array `[{"message","errorCode"}]`
/// with the status Salesforce gives each code.
enum SalesforceResponses {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        JSONResponse.make(status: status, body: Data(value.description.utf8), headers: limitHeaders)
    }

    /// `Sforce-Limit-Info`, which simple-salesforce reads into `api_usage`.
    static let limitHeaders = ["Sforce-Limit-Info": "api-usage=1/15000"]

    /// The status of an error code.
    static func status(_ code: String) -> HTTPResponse.Status {
        switch code {
        case "NOT_FOUND": .notFound
        case "INVALID_SESSION_ID": .unauthorized
        case "INSUFFICIENT_ACCESS", "API_DISABLED_FOR_ORG", "REQUEST_LIMIT_EXCEEDED": .forbidden
        case "METHOD_NOT_ALLOWED": .methodNotAllowed
        default: .badRequest
        }
    }

    static func error(_ error: SalesforceError) -> Response {
        var item: [String: JSONValue] = ["message": .string(error.message), "errorCode": .string(error.code)]
        if !error.fields.isEmpty { item["fields"] = .array(error.fields.map(JSONValue.string)) }
        var headers = limitHeaders
        if error.code == "INVALID_SESSION_ID" { headers["WWW-Authenticate"] = "Token" }
        return JSONResponse.make(
            status: status(error.code), body: Data(JSONValue.array([.object(item)]).description.utf8), headers: headers)
    }

    /// A bad, foreign, expired or revoked session: 401 `INVALID_SESSION_ID`; one without the `api` scope: 403.
    static func auth(_ failure: ProviderAuthFailure) -> Response {
        switch failure {
        case .insufficientScope:
            return error(SalesforceError("API_DISABLED_FOR_ORG", "This session is not valid for use with the REST API"))
        default:
            return error(SalesforceError("INVALID_SESSION_ID", "Session expired or invalid"))
        }
    }

    static let notFound = SalesforceError("NOT_FOUND", "The requested resource does not exist")

    /// Runs a Salesforce handler: checks the session, then maps every failure to Salesforce's shape.
    static func handle(
        _ request: Request, providers: Providers, _ body: (SalesforceService) async throws -> Response
    ) async -> Response {
        do {
            let access = try providers.access(token: request.providerToken(), provider: .salesforce)
            try access.require(anyOf: SalesforceService.apiScopes)
            return try await body(providers.salesforce(access))
        } catch let failure as ProviderAuthFailure {
            return auth(failure)
        } catch let failure as SalesforceError {
            return error(failure)
        } catch {
            return self.error(
                SalesforceError(
                    "UNKNOWN_EXCEPTION",
                    "An unexpected error occurred. Please include this ErrorId if you contact support: \(error)"))
        }
    }
}
