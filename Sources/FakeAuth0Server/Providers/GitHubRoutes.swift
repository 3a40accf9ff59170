import FakeAuth0
import FakeProviders
import Foundation
import Hummingbird

/// The stub GitHub REST API under `/github/` (the prefix form of `https://api.github.com/`): the user,
/// their repositories (paginated with `Link` headers), a repository, its issues, and organizations.
struct GitHubRoutes {
    let providers: Providers

    var tenant: Tenant { providers.tenant }

    func register(on router: Router<BasicRequestContext>) {
        let api = router.group("/github")
        api.get("/user") { request, _ in
            await GitHubResponses.handle(request, providers: providers) { github, headers in
                let json = GitHubJSON(base: request.providerBase).user(github.user, repos: try github.repos(.init()))
                return GitHubResponses.json(json, headers: headers)
            }
        }
        api.get("/user/repos") { request, _ in
            await GitHubResponses.handle(request, providers: providers) { github, headers in
                var query = GitHubService.RepoQuery()
                if let visibility = request.query("visibility") { query.visibility = visibility }
                if let affiliation = request.query("affiliation") {
                    query.affiliation = Set(
                        affiliation.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                }
                query.type = request.query("type")
                if let sort = request.query("sort") { query.sort = sort }
                query.direction = request.query("direction")
                let repos = try github.repos(query)
                let json = GitHubJSON(base: request.providerBase)
                return try paginated(repos, request: request, headers: headers) { json.repo($0) }
            }
        }
        api.get("/user/orgs") { request, _ in
            await GitHubResponses.handle(request, providers: providers) { github, headers in
                let json = GitHubJSON(base: request.providerBase)
                return try paginated(github.orgs(), request: request, headers: headers) { json.org($0) }
            }
        }
        api.get("/repos/{owner}/{repo}") { request, context in
            await GitHubResponses.handle(request, providers: providers) { github, headers in
                let repo = try github.repo(
                    owner: context.parameters.decoded("owner"), name: context.parameters.decoded("repo"))
                let open = try github.issues(of: repo).count
                return GitHubResponses.json(
                    GitHubJSON(base: request.providerBase).repo(repo, openIssues: open), headers: headers)
            }
        }
        api.get("/repos/{owner}/{repo}/issues") { request, context in
            await GitHubResponses.handle(request, providers: providers) { github, headers in
                let repo = try github.repo(
                    owner: context.parameters.decoded("owner"), name: context.parameters.decoded("repo"))
                let issues = try github.issues(
                    of: repo, state: request.query("state") ?? "open",
                    labels: request.query("labels").map {
                        $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    } ?? [],
                    sort: request.query("sort") ?? "created", direction: request.query("direction") ?? "desc",
                    creator: request.query("creator"), assignee: request.query("assignee"))
                let json = GitHubJSON(base: request.providerBase)
                return try paginated(issues, request: request, headers: headers) {
                    json.issue($0, accounts: accounts(github))
                }
            }
        }
        api.get("/repos/{owner}/{repo}/issues/{number}") { request, context in
            await GitHubResponses.handle(request, providers: providers) { github, headers in
                let repo = try github.repo(
                    owner: context.parameters.decoded("owner"), name: context.parameters.decoded("repo"))
                guard let number = Int(context.parameters.decoded("number")),
                    let issue = try github.issues(of: repo, state: "all").first(where: { $0.number == number })
                else { throw ProviderError(.notFound, "not_found", "Not Found") }
                return GitHubResponses.json(
                    GitHubJSON(base: request.providerBase).issue(issue, accounts: accounts(github)), headers: headers)
            }
        }
        api.post("/repos/{owner}/{repo}/issues") { request, context in
            var request = request
            let body = try await request.bodyData()
            return await GitHubResponses.handle(request, providers: providers) { github, headers in
                let repo = try github.repo(
                    owner: context.parameters.decoded("owner"), name: context.parameters.decoded("repo"))
                let json = try Self.jsonObject(body)
                let issue = try github.createIssue(
                    in: repo, title: json["title"]?.stringValue, body: json["body"]?.stringValue,
                    labels: Self.strings(json["labels"]),
                    assignees: Self.strings(json["assignees"]) + (json["assignee"]?.stringValue.map { [$0] } ?? []))
                let rendered = GitHubJSON(base: request.providerBase).issue(issue, accounts: accounts(github))
                var created = headers
                created["Location"] = "\(request.providerBase)/repos/\(repo.fullName)/issues/\(issue.number)"
                return GitHubResponses.json(rendered, status: 201, headers: created)
            }
        }
    }

    /// Ids and types of the logins issues mention: the user, their organizations, anyone else.
    func accounts(_ github: GitHubService) -> (String) -> (id: Int, type: String) {
        let user = github.user
        let orgs = github.orgs()
        return { login in
            if login == user.login { return (user.id, "User") }
            if let org = orgs.first(where: { $0.login == login }) { return (org.id, "Organization") }
            return (ProviderLabelID.of(login) % 90_000_000 + 1_000_000, "User")
        }
    }

    /// A page of `items` per `per_page` (default 30, at most 100) and `page`, with GitHub's `Link` header.
    /// A `page` beyond `Limits.maxPage` (or a number too large to read) is GitHub's 422.
    func paginated<T>(_ items: [T], request: Request, headers: [String: String], render: (T) -> JSONValue) throws
        -> Response
    {
        let perPage = min(max(request.queryInt("per_page") ?? 30, 1), 100)
        let page = try Self.page(request.query("page"))
        let last = max((items.count + perPage - 1) / perPage, 1)
        let slice = items.dropFirst((page - 1) * perPage).prefix(perPage)
        var headers = headers
        let kept = request.queryItems.filter { $0.name != "page" && $0.name != "per_page" }
        func link(_ target: Int, _ rel: String) -> String {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~,")
            let query = (kept + [("per_page", String(perPage)), ("page", String(target))]).map { name, value in
                "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
            }.joined(separator: "&")
            let path = String(request.uri.path.dropFirst("/github".count))
            return "<\(request.providerBase)\(path)?\(query)>; rel=\"\(rel)\""
        }
        var links: [String] = []
        if page > 1 { links += [link(page - 1, "prev"), link(1, "first")] }
        if page < last { links += [link(page + 1, "next"), link(last, "last")] }
        if !links.isEmpty { headers["Link"] = links.joined(separator: ", ") }
        return GitHubResponses.json(.array(slice.map(render)), headers: headers)
    }

    /// The largest `page` served: with at most 100 per page, its offset stays far from overflow.
    static let maxPage = 1_000_000

    /// `page` as GitHub reads it: missing, malformed or below 1 is the first page; a number beyond
    /// `maxPage` is refused like GitHub refuses pages of large datasets.
    static func page(_ text: String?) throws -> Int {
        guard let text, !text.isEmpty else { return 1 }
        let tooLarge = ProviderError(
            .invalid, "invalid",
            "Pagination with the page parameter is not supported for large datasets, please use cursor based pagination (after/before)"
        )
        guard let page = Int(text) else {
            if text.allSatisfy({ $0.isASCII && $0.isNumber }) { throw tooLarge }
            return 1
        }
        guard page <= maxPage else { throw tooLarge }
        return max(page, 1)
    }

    static func jsonObject(_ body: Data?) throws -> [String: JSONValue] {
        guard let body, !body.isEmpty else { return [:] }
        guard let object = try? JSONDecoder().decode([String: JSONValue].self, from: body) else {
            throw GitHubBadJSON()
        }
        return object
    }

    static func strings(_ value: JSONValue?) -> [String] {
        guard case .array(let list) = value else { return [] }
        return list.compactMap { item in
            if case .object(let object) = item { return object["name"]?.stringValue }
            return item.stringValue
        }
    }
}
