import FakeAuth0
import FakeProviders
import Foundation
import Hummingbird

/// GitHub's JSON answers: `{"message","documentation_url","status"}` errors and the headers every
/// REST response carries (`X-OAuth-Scopes`, rate limits).
enum GitHubResponses {
    static let documentation = "https://docs.github.com/rest"

    static func message(
        _ status: Int, _ message: String, extra: [String: JSONValue] = [:], headers: [String: String] = [:]
    ) -> Response {
        var json: [String: JSONValue] = [
            "message": .string(message), "documentation_url": .string(documentation), "status": .string(String(status)),
        ]
        json.merge(extra) { _, new in new }
        return JSONResponse.make(status: .init(code: status), json: json, headers: headers)
    }

    /// The headers of an authenticated response.
    static func headers(scopes: [String], accepted: [String] = [], now: Int) -> [String: String] {
        [
            "X-OAuth-Scopes": scopes.joined(separator: ", "),
            "X-Accepted-OAuth-Scopes": accepted.joined(separator: ", "),
            "X-GitHub-Media-Type": "github.v3; format=json", "X-RateLimit-Limit": "5000",
            "X-RateLimit-Remaining": "4999",
            "X-RateLimit-Reset": String(now + 3600), "X-RateLimit-Used": "1", "X-RateLimit-Resource": "core",
            "X-GitHub-Api-Version-Selected": "2022-11-28",
        ]
    }

    static func json(_ value: JSONValue, status: Int = 200, headers: [String: String]) -> Response {
        JSONResponse.make(status: .init(code: status), body: Data(value.description.utf8), headers: headers)
    }

    /// Runs a GitHub handler: `Authorization: Bearer` or `token`, and GitHub's failures.
    static func handle(
        _ request: Request, providers: Providers, _ body: (GitHubService, [String: String]) async throws -> Response
    ) async -> Response {
        do {
            let access = try providers.access(token: request.providerToken(tokenScheme: true), provider: .github)
            let github = providers.github(access)
            return try await body(github, headers(scopes: github.scopes, now: providers.tenant.clock.nowSeconds()))
        } catch ProviderAuthFailure.missingToken {
            return message(401, "Requires authentication")
        } catch is ProviderAuthFailure {
            return message(401, "Bad credentials")
        } catch let failure as ProviderError {
            switch failure.kind {
            case .notFound, .forbidden: return message(404, "Not Found")
            case .gone: return message(410, failure.message)
            case .invalid where failure.code == "missing_field":
                return message(
                    422, "Validation Failed",
                    extra: [
                        "errors": [["resource": "Issue", "code": "missing_field", "field": .string(failure.message)]]
                    ])
            case .invalid: return message(422, failure.message)
            }
        } catch is GitHubBadJSON {
            return message(400, "Problems parsing JSON")
        } catch {
            return message(500, "Server Error")
        }
    }
}

/// A body GitHub cannot parse.
struct GitHubBadJSON: Error {}
