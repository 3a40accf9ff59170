import FakeAuth0
import FakeProviders
import Foundation
import HTTPTypes
import Hummingbird

/// Microsoft Graph's answers: OData JSON, and errors in Graph's envelope
/// `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`.
enum GraphResponses {
    static let contentType =
        "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        var response = JSONResponse.make(status: status, body: Data(value.description.utf8))
        response.headers[.contentType] = contentType
        return response
    }

    static func status(_ code: String) -> HTTPResponse.Status {
        switch code {
        case "InvalidAuthenticationToken": .unauthorized
        case "ErrorAccessDenied", "Authorization_RequestDenied": .forbidden
        case "ErrorItemNotFound", "ResourceNotFound", "Request_ResourceNotFound": .notFound
        default: .badRequest
        }
    }

    static func error(_ error: GraphError, headers: [String: String] = [:]) -> Response {
        let request = UUID().uuidString.lowercased()
        let body: JSONValue = [
            "error": [
                "code": .string(error.code), "message": .string(error.message),
                "innerError": [
                    "date": .string(RFC3339.format(Date())),
                    "request-id": .string(request), "client-request-id": .string(request),
                ],
            ]
        ]
        var response = JSONResponse.make(
            status: status(error.code), body: Data(body.description.utf8), headers: headers)
        response.headers[.contentType] = contentType
        return response
    }

    static let challenge = [
        "WWW-Authenticate":
            #"Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000""#
    ]

    static func auth(_ failure: ProviderAuthFailure) -> Response {
        switch failure {
        case .missingToken:
            return error(GraphError("InvalidAuthenticationToken", "Access token is empty."), headers: challenge)
        case .invalidToken:
            return error(
                GraphError("InvalidAuthenticationToken", "IDX14100: JWT is not well formed, there are no dots (.)."),
                headers: challenge)
        case .expired:
            return error(
                GraphError("InvalidAuthenticationToken", "Lifetime validation failed, the token is expired."),
                headers: challenge)
        case .revoked:
            return error(GraphError("InvalidAuthenticationToken", "Access token has been revoked."), headers: challenge)
        case .insufficientScope(let needed, _):
            if needed == GraphService.Scopes.userRead {
                return error(
                    GraphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation."))
            }
            return error(GraphError("ErrorAccessDenied", "Access is denied. Check credentials and try again."))
        }
    }

    /// Runs a Graph handler: checks the token, then maps every failure to Graph's envelope.
    static func handle(_ request: Request, providers: Providers, _ body: (GraphService) async throws -> Response) async
        -> Response
    {
        do {
            let access = try providers.access(token: request.providerToken(), provider: .microsoft)
            return try await body(providers.graph(access))
        } catch let failure as ProviderAuthFailure {
            return auth(failure)
        } catch let failure as GraphError {
            return error(failure)
        } catch {
            return self.error(GraphError("generalException", "An internal error occurred: \(error)"))
        }
    }
}
