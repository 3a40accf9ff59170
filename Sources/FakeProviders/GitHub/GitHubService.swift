import FakeAuth0
import Foundation

/// GitHub for one token's user: the profile, repositories (private ones only with `repo`), issues
/// and organizations, over the fixtures with created issues laid on top.
public struct GitHubService: Sendable {
    let clock: TenantClock
    let writes: ProviderWrites
    let access: ProviderAccess
    var world: UserWorld { access.world }

    static let notFound = ProviderError(.notFound, "not_found", "Not Found")

    /// What `GET /user/repos` filters and sorts by.
    public struct RepoQuery: Sendable {
        /// `all`, `public` or `private`.
        public var visibility = "all"
        /// Any of `owner`, `collaborator`, `organization_member`.
        public var affiliation: Set<String> = ["owner", "collaborator", "organization_member"]
        /// `all`, `owner`, `public`, `private` or `member` (instead of visibility and affiliation).
        public var type: String?
        /// `created`, `updated`, `pushed` or `full_name`.
        public var sort = "full_name"
        public var direction: String?

        public init() {}
    }

    /// Whether private repositories are visible: the `repo` scope.
    public var seesPrivate: Bool { access.has(anyOf: ["repo"]) }

    /// The authenticated user.
    public var user: GitHubUser { world.githubUser }

    /// The scopes the token carries, for `X-OAuth-Scopes`.
    public var scopes: [String] { access.scopes }

    /// `GET /user/repos`.
    public func repos(_ query: RepoQuery) throws -> [GitHubRepo] {
        if query.type != nil, query.visibility != "all" || query.affiliation.count != 3 {
            throw ProviderError(
                .invalid, "invalid", "If you specify visibility or affiliation, you cannot specify type.")
        }
        var repos = world.repos.filter { $0.affiliation != "none" && (seesPrivate || !$0.isPrivate) }
        switch query.type {
        case nil:
            repos = repos.filter { query.affiliation.contains($0.affiliation) }
            if query.visibility == "public" { repos = repos.filter { !$0.isPrivate } }
            if query.visibility == "private" { repos = repos.filter(\.isPrivate) }
        case "owner": repos = repos.filter { $0.affiliation == "owner" }
        case "public": repos = repos.filter { !$0.isPrivate }
        case "private": repos = repos.filter(\.isPrivate)
        case "member": repos = repos.filter { $0.affiliation != "owner" }
        default: break
        }
        let ascending = (query.direction ?? (query.sort == "full_name" ? "asc" : "desc")) == "asc"
        repos.sort { a, b in
            let before: Bool
            switch query.sort {
            case "created": before = (a.created, a.fullName.lowercased()) < (b.created, b.fullName.lowercased())
            case "updated": before = (a.updated, a.fullName.lowercased()) < (b.updated, b.fullName.lowercased())
            case "pushed": before = (a.pushed, a.fullName.lowercased()) < (b.pushed, b.fullName.lowercased())
            default: before = a.fullName.lowercased() < b.fullName.lowercased()
            }
            return ascending ? before : !before
        }
        return repos
    }

    /// `GET /repos/{owner}/{repo}`: 404 for a private repository without `repo`, as GitHub hides it.
    public func repo(owner: String, name: String) throws -> GitHubRepo {
        guard
            let repo = world.repos.first(where: {
                $0.owner.caseInsensitiveCompare(owner) == .orderedSame
                    && $0.name.caseInsensitiveCompare(name) == .orderedSame
            }), seesPrivate || !repo.isPrivate
        else { throw Self.notFound }
        return repo
    }

    /// Every issue of a repository, created ones included.
    func allIssues(_ repo: GitHubRepo) throws -> [GitHubIssue] {
        let created = try writes.values(.issue, user: access.user, as: GitHubIssue.self)
        return (world.issues + created).filter { $0.repo == repo.fullName }
    }

    /// `GET /repos/{owner}/{repo}/issues`.
    public func issues(
        of repo: GitHubRepo, state: String = "open", labels: [String] = [], sort: String = "created",
        direction: String = "desc",
        creator: String? = nil, assignee: String? = nil
    ) throws -> [GitHubIssue] {
        var issues = try allIssues(repo).filter { state == "all" || $0.state == state }
        issues = issues.filter { issue in
            labels.allSatisfy { label in issue.labels.contains { $0.caseInsensitiveCompare(label) == .orderedSame } }
        }
        if let creator { issues = issues.filter { $0.user.caseInsensitiveCompare(creator) == .orderedSame } }
        if let assignee {
            issues = issues.filter { issue in
                switch assignee {
                case "none": issue.assignees.isEmpty
                case "*": !issue.assignees.isEmpty
                default: issue.assignees.contains { $0.caseInsensitiveCompare(assignee) == .orderedSame }
                }
            }
        }
        issues.sort { a, b in
            let before =
                sort == "updated"
                ? (a.updated, a.number) < (b.updated, b.number)
                : sort == "comments"
                    ? (a.comments, a.number) < (b.comments, b.number) : (a.created, a.number) < (b.created, b.number)
            return direction == "asc" ? before : !before
        }
        return issues
    }

    /// `POST /repos/{owner}/{repo}/issues`: needs `repo` (or `public_repo` for a public repository).
    public func createIssue(in repo: GitHubRepo, title: String?, body: String?, labels: [String], assignees: [String])
        throws -> GitHubIssue
    {
        guard access.has(anyOf: repo.isPrivate ? ["repo"] : ["repo", "public_repo"]) else { throw Self.notFound }
        guard let title, !title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ProviderError(.invalid, "missing_field", "title")
        }
        let now = clock.now()
        for _ in 0..<5 {
            let number = (try allIssues(repo).map(\.number).max() ?? 0) + 1
            let issue = GitHubIssue(
                id: ProviderIDs.number(
                    "github/issue/\(repo.fullName)#\(number)/\(ProviderIDs.randomHex())",
                    in: 3_000_000_000...3_999_999_999),
                number: number, repo: repo.fullName, title: title, body: body, state: "open", labels: labels,
                user: user.login,
                assignees: assignees, comments: 0, created: now, updated: now, closed: nil)
            if try writes.insert(issue, kind: .issue, user: access.user, id: "\(repo.fullName)#\(number)") {
                writes.journal.record(
                    "github.issue.created", user: access.user,
                    details: ["repo": .string(repo.fullName), "number": .int(number), "title": .string(title)])
                return issue
            }
        }
        throw OAuthError.serverError("could not number the issue")
    }

    /// `GET /user/orgs`: every membership with `read:org` (or `user`, `admin:org`, `write:org`), else public ones.
    public func orgs() -> [GitHubOrg] {
        let all = access.has(anyOf: ["read:org", "write:org", "admin:org", "user"])
        return world.githubOrgs.filter { all || $0.isPublic }
    }
}
