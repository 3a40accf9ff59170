import FakeAuth0
import FakeAuth0Testing
import Foundation
import Testing

@Suite("stub GitHub API")
struct GitHubStubTests {
    func names(_ result: HTTPResult) -> [String] { result.value.list.compactMap { $0["full_name"]?.stringValue } }

    /// The URLs of a `Link` header by `rel`.
    func links(_ result: HTTPResult) -> [String: String] {
        var links: [String: String] = [:]
        for part in (result.header("Link") ?? "").components(separatedBy: ", ") {
            let pieces = part.components(separatedBy: "; rel=")
            guard pieces.count == 2 else { continue }
            links[pieces[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))] = pieces[0].trimmingCharacters(
                in: CharacterSet(charactersIn: "<>"))
        }
        return links
    }

    @Test("GET /user with Bearer or token, as PyGithub sends it")
    func user() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let token = try await ProviderTokens(fake: fake).github
            for header in ["Bearer \(token)", "token \(token)"] {
                let result = try await HTTP.get(fake.url("/github/user"), headers: ["Authorization": header])
                #expect(result.status == 200, "\(header): \(result.text)")
                #expect(
                    result.json["login"] == "alice-example" && result.json["id"] == 5_820_001
                        && result.json["type"] == "User")
                #expect(result.json["url"] == .string("\(fake.baseURL.absoluteString)/github/users/alice-example"))
                #expect(result.json["owned_private_repos"] == 2)
                #expect(result.header("X-OAuth-Scopes") == "repo, read:user")
            }
        }
    }

    @Test("GET /user/repos pages with Link rel=next/last to the end; visibility, affiliation and sort filter")
    func repos() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let token = try await ProviderTokens(fake: fake).github
            var url: URL? = fake.url("/github/user/repos", query: [("per_page", "3")])
            var all: [String] = []
            var pages = 0
            while let next = url, pages < 10 {
                let page = try await HTTP.get(next, headers: bearer(token))
                #expect(page.status == 200)
                all += names(page)
                let rels = links(page)
                if pages == 0 { #expect(rels["last"]?.hasSuffix("per_page=3&page=3") == true) }
                url = rels["next"].flatMap(URL.init(string:))
                pages += 1
            }
            #expect(pages == 3)
            #expect(
                all == [
                    "acme-corp/agent-platform", "acme-corp/website", "alice-example/agent-demo",
                    "alice-example/dotfiles",
                    "alice-example/private-notes", "alice-example/tax-scripts", "bob-example/awesome-agents",
                ])
            let single = try await HTTP.get(fake.url("/github/user/repos"), headers: bearer(token))
            #expect(single.header("Link") == nil, "one page: no Link header")

            let privateOnes = try await HTTP.get(
                fake.url("/github/user/repos", query: [("visibility", "private")]), headers: bearer(token))
            #expect(
                names(privateOnes) == [
                    "acme-corp/agent-platform", "alice-example/private-notes", "alice-example/tax-scripts",
                ])
            let owned = try await HTTP.get(
                fake.url("/github/user/repos", query: [("affiliation", "owner")]), headers: bearer(token))
            #expect(names(owned).allSatisfy { $0.hasPrefix("alice-example/") } && names(owned).count == 4)
            let pushed = try await HTTP.get(
                fake.url("/github/user/repos", query: [("sort", "pushed")]), headers: bearer(token))
            #expect(names(pushed).first == "acme-corp/agent-platform")
            let repo = pushed.value[0]
            #expect(
                repo["private"] == true && repo["owner"]["login"] == "acme-corp"
                    && repo["owner"]["type"] == "Organization")
            let mixed = try await HTTP.get(
                fake.url("/github/user/repos", query: [("type", "owner"), ("visibility", "public")]),
                headers: bearer(token))
            #expect(mixed.status == 422)
        }
    }

    @Test("private repositories need the repo scope: hidden from lists and 404 on direct access")
    func privateNeedsRepoScope() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let tokens = ProviderTokens(fake: fake)
            let full = try await tokens.github
            let direct = try await HTTP.get(
                fake.url("/github/repos/alice-example/private-notes"), headers: bearer(full))
            #expect(direct.status == 200 && direct.json["private"] == true && direct.json["open_issues_count"] == 1)

            try fake.tenant.vault.setScopes(try tokens.account("github").id, ["read:user"])
            let narrow = try await tokens.github
            let repos = try await HTTP.get(fake.url("/github/user/repos"), headers: bearer(narrow))
            #expect(
                names(repos) == [
                    "acme-corp/website", "alice-example/agent-demo", "alice-example/dotfiles",
                    "bob-example/awesome-agents",
                ])
            let hidden = try await HTTP.get(
                fake.url("/github/repos/alice-example/private-notes"), headers: bearer(narrow))
            #expect(hidden.status == 404)
            #expect(
                hidden.json == [
                    "message": "Not Found", "documentation_url": "https://docs.github.com/rest", "status": "404",
                ])
            #expect(
                try await HTTP.get(fake.url("/github/repos/alice-example/agent-demo"), headers: bearer(narrow)).status
                    == 200)
            let create = try await HTTP.postJSON(
                fake.url("/github/repos/alice-example/agent-demo/issues"), ["title": "x"], headers: bearer(narrow))
            #expect(create.status == 404, "creating an issue needs repo or public_repo")
        }
    }

    @Test("issues: list with filters, create, and the new issue in later reads and the control API")
    func issues() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let token = try await ProviderTokens(fake: fake).github
            let path = "/github/repos/alice-example/agent-demo/issues"
            func numbers(_ query: [(String, String)] = []) async throws -> [Int] {
                try await HTTP.get(fake.url(path, query: query), headers: bearer(token)).value.list.compactMap {
                    $0["number"]?.intValue
                }
            }
            #expect(try await numbers() == [2, 1])
            #expect(try await numbers([("state", "all")]) == [2, 1, 3])
            #expect(try await numbers([("labels", "bug")]) == [2])
            #expect(try await numbers([("state", "closed")]) == [3])
            let first = try await HTTP.get(fake.url(path), headers: bearer(token)).value[0]
            #expect(
                first["title"] == "Consent prompt shows twice" && first["labels"][0]["name"] == "bug"
                    && first["user"]["login"] == "alice-example")

            let created = try await HTTP.postJSON(
                fake.url(path), ["title": "Agent opened this", "body": "Found while testing.", "labels": ["bug"]],
                headers: bearer(token))
            #expect(created.status == 201, "\(created.text)")
            #expect(created.json["number"] == 4 && created.json["state"] == "open")
            #expect(created.header("Location")?.hasSuffix("/github/repos/alice-example/agent-demo/issues/4") == true)
            #expect(try await numbers() == [4, 2, 1])
            let one = try await HTTP.get(fake.url("\(path)/4"), headers: bearer(token))
            #expect(one.json["body"] == "Found while testing.")

            let admin = try await HTTP.get(fake.url("/__admin/providers/github/issues")).value["issues"].list
            #expect(
                admin.count == 1 && admin[0]["repo"] == "alice-example/agent-demo"
                    && admin[0]["title"] == "Agent opened this")
            let untitled = try await HTTP.postJSON(fake.url(path), ["body": "no title"], headers: bearer(token))
            #expect(untitled.status == 422 && untitled.json["message"] == "Validation Failed")
            #expect(
                try await HTTP.get(fake.url("/github/repos/alice-example/nope/issues"), headers: bearer(token)).status
                    == 404)
        }
    }

    @Test("GET /user/orgs lists public memberships, all of them with read:org")
    func orgs() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let tokens = ProviderTokens(fake: fake)
            let orgs = try await HTTP.get(fake.url("/github/user/orgs"), headers: bearer(try await tokens.github))
            #expect(orgs.value.list.compactMap { $0["login"]?.stringValue } == ["acme-corp"])
            try fake.tenant.vault.setScopes(try tokens.account("github").id, ["repo", "read:org"])
            let all = try await HTTP.get(fake.url("/github/user/orgs"), headers: bearer(try await tokens.github))
            #expect(all.value.list.compactMap { $0["login"]?.stringValue } == ["acme-corp", "secret-skunkworks"])
        }
    }

    @Test("bad, foreign, expired and revoked tokens get 401 Bad credentials; none gets Requires authentication")
    func refusals() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let tokens = ProviderTokens(fake: fake)
            let none = try await HTTP.get(fake.url("/github/user"))
            #expect(none.status == 401 && none.json["message"] == "Requires authentication")
            func expectBad(_ token: String, _ label: String) async throws {
                let result = try await HTTP.get(
                    fake.url("/github/user/repos"), headers: ["Authorization": "token \(token)"])
                #expect(result.status == 401, "\(label)")
                #expect(
                    result.json == [
                        "message": "Bad credentials", "documentation_url": "https://docs.github.com/rest",
                        "status": "401",
                    ], "\(label)")
            }
            try await expectBad("gho_madeup", "unknown")
            try await expectBad(try await tokens.slack, "Slack token")
            let github = try await tokens.github
            fake.clock.advance(by: 3600)
            try await expectBad(github, "expired")
            let fresh = try await tokens.github
            #expect(try await HTTP.get(fake.url("/github/user"), headers: bearer(fresh)).status == 200)
            try fake.tenant.vault.revoke(try tokens.account("github").id)
            try await expectBad(fresh, "revoked")
        }
    }

    @Test("api.github.com in the Host header reaches the same API, with links under that host")
    func hostRouting() async throws {
        try await withFakeTenant(scenario: TestScenario.make()) { fake in
            let token = try await ProviderTokens(fake: fake).github
            let result = try await HTTP.get(
                fake.url("/user/repos", query: [("per_page", "2")]),
                headers: bearer(token).merging(["Host": "api.github.com"]) { a, _ in a })
            #expect(result.status == 200 && result.value.list.count == 2, "\(result.text)")
            #expect(links(result)["next"] == "http://api.github.com/user/repos?per_page=2&page=2")
            #expect(result.value[0]["url"] == "http://api.github.com/repos/acme-corp/agent-platform")
            let missing = try await HTTP.get(
                fake.url("/nothing/here"), headers: bearer(token).merging(["Host": "api.github.com"]) { a, _ in a })
            #expect(missing.status == 404 && missing.json["message"] == "Not Found")
        }
    }
}
