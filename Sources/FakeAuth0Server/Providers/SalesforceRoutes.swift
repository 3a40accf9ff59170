import FakeAuth0
import FakeProviders
import Foundation
import HTTPTypes
import Hummingbird

/// The stub Salesforce REST API under `/salesforce/services/data/` (reached at the root path
/// `/services/data/…` of either listener, by `Host: *.my.salesforce.com`, or with the `/salesforce`
/// prefix): API versions, SOQL `query`/`queryAll` with `nextRecordsUrl` paging, and sObject
/// describe, get, create, update and delete.
struct SalesforceRoutes {
    let providers: Providers

    /// The API versions served, oldest first.
    static let versions: [(version: String, label: String)] = [
        ("55.0", "Summer '22"), ("56.0", "Winter '23"), ("57.0", "Spring '23"), ("58.0", "Summer '23"),
        ("59.0", "Winter '24"), ("60.0", "Spring '24"), ("61.0", "Summer '24"), ("62.0", "Winter '25"),
        ("63.0", "Spring '25"), ("64.0", "Summer '25"), ("65.0", "Winter '26"),
    ]

    /// `59.0` from `v59.0`; nil for a version the stub does not serve.
    static func version(_ segment: String) -> String? {
        guard segment.hasPrefix("v") else { return nil }
        let number = String(segment.dropFirst())
        return versions.contains { $0.version == number } ? number : nil
    }

    func register(on router: Router<BasicRequestContext>) {
        let root = router.group("/salesforce/services/data")
        root.get("") { _, _ in
            SalesforceResponses.json(
                .array(
                    Self.versions.map { entry in
                        [
                            "label": .string(entry.label), "url": .string("/services/data/v\(entry.version)"),
                            "version": .string(entry.version),
                        ]
                    }))
        }
        // A trailing slash makes no difference to the router: `query/` and `query` are one route.
        let api = root.group("/{version}")
        api.get("") { request, context in
            await handle(request, context) { _, version in
                let base = "/services/data/v\(version)"
                return SalesforceResponses.json(
                    .object(
                        Dictionary(
                            uniqueKeysWithValues: ["sobjects", "query", "queryAll", "search", "limits"].map {
                                ($0, JSONValue.string("\(base)/\($0)"))
                            })))
            }
        }
        for endpoint in ["query", "queryAll"] {
            api.get(RouterPath("/\(endpoint)")) { request, context in
                await handle(request, context) { salesforce, version in
                    guard let soql = request.query("q"), !soql.isEmpty else {
                        throw SalesforceError("MALFORMED_QUERY", "A query string has to be specified")
                    }
                    let batch = SOQLCursors.batchSize(fromOptions: request.headers[SalesforceRoutes.queryOptions])
                    let page = try salesforce.query(
                        soql, includeDeleted: endpoint == "queryAll", batchSize: batch, apiVersion: version)
                    return SalesforceResponses.json(page.json)
                }
            }
        }
        api.get(RouterPath("/sobjects")) { request, context in
            await handle(request, context) { salesforce, version in
                SalesforceResponses.json(salesforce.describeGlobal(apiVersion: version))
            }
        }
        api.get(RouterPath("/sobjects/{object}")) { request, context in
            await handle(request, context) { salesforce, version in
                SalesforceResponses.json(
                    try salesforce.summary(context.parameters.decoded("object"), apiVersion: version))
            }
        }
        api.post(RouterPath("/sobjects/{object}")) { request, context in
            var request = request
            let body = await Self.jsonBody(&request)
            return await handle(request, context) { salesforce, _ in
                let id = try salesforce.create(context.parameters.decoded("object"), body: try body.get())
                return SalesforceResponses.json(
                    ["id": .string(id), "success": true, "errors": []], status: .created)
            }
        }
        api.get(RouterPath("/sobjects/{object}/describe")) { request, context in
            await handle(request, context) { salesforce, version in
                SalesforceResponses.json(
                    try salesforce.describe(context.parameters.decoded("object"), apiVersion: version))
            }
        }
        api.get(RouterPath("/sobjects/{object}/{id}")) { request, context in
            await handle(request, context) { salesforce, version in
                let fields = request.query("fields").map {
                    $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                }
                return SalesforceResponses.json(
                    try salesforce.record(
                        context.parameters.decoded("object"), id: context.parameters.decoded("id"), fields: fields,
                        apiVersion: version))
            }
        }
        api.patch(RouterPath("/sobjects/{object}/{id}")) { request, context in
            var request = request
            let body = await Self.jsonBody(&request)
            return await handle(request, context) { salesforce, _ in
                try salesforce.update(
                    context.parameters.decoded("object"), id: context.parameters.decoded("id"), body: try body.get()
                )
                return Response(status: .noContent)
            }
        }
        api.delete(RouterPath("/sobjects/{object}/{id}")) { request, context in
            await handle(request, context) { salesforce, _ in
                try salesforce.delete(context.parameters.decoded("object"), id: context.parameters.decoded("id"))
                return Response(status: .noContent)
            }
        }
        for endpoint in ["query", "queryAll"] {
            api.get(RouterPath("/\(endpoint)/{locator}")) { request, context in
                await handle(request, context) { salesforce, _ in
                    SalesforceResponses.json(try salesforce.queryMore(context.parameters.decoded("locator")).json)
                }
            }
        }
    }

    static let queryOptions = HTTPField.Name("Sforce-Query-Options")!

    /// Checks the version, then runs the handler with the token's Salesforce service.
    func handle(
        _ request: Request, _ context: BasicRequestContext,
        _ body: @escaping (SalesforceService, String) async throws -> Response
    ) async -> Response {
        guard let version = Self.version(context.parameters.decoded("version")) else {
            return SalesforceResponses.error(SalesforceResponses.notFound)
        }
        return await SalesforceResponses.handle(request, providers: providers) { salesforce in
            try await body(salesforce, version)
        }
    }

    /// The request's JSON body, or Salesforce's parse error.
    static func jsonBody(_ request: inout Request) async -> Result<JSONValue, SalesforceError> {
        guard let data = try? await request.bodyData(),
            let value = try? JSONDecoder().decode(JSONValue.self, from: data)
        else {
            return .failure(SalesforceError("JSON_PARSER_ERROR", "The request body is not valid JSON."))
        }
        return .success(value)
    }
}
