import FakeAuth0
import FakeProviders
import Foundation

/// GitHub REST representations, with URLs under the base the API was reached at.
struct GitHubJSON {
    /// `https://api.github.com` or `http://127.0.0.1:PORT/github`.
    let base: String

    static func time(_ date: Date) -> JSONValue { .string(RFC3339.format(date)) }

    func account(login: String, id: Int, type: String) -> [String: JSONValue] {
        let prefix = type == "Organization" ? "orgs" : "users"
        return [
            "login": .string(login), "id": .int(id),
            "node_id": .string(nodeID(type == "Organization" ? "O_" : "U_", id)),
            "avatar_url": .string("https://avatars.githubusercontent.com/u/\(id)?v=4"), "gravatar_id": "",
            "url": .string("\(base)/\(prefix)/\(login)"), "html_url": .string("https://github.com/\(login)"),
            "repos_url": .string("\(base)/\(prefix)/\(login)/repos"), "type": .string(type), "site_admin": false,
            "user_view_type": "public",
        ]
    }

    func nodeID(_ prefix: String, _ id: Int) -> String {
        prefix + Base64URL.encode("\(id)").trimmingCharacters(in: CharacterSet(charactersIn: "="))
    }

    /// `GET /user`: the authenticated user, with the private fields GitHub adds for them.
    func user(_ user: GitHubUser, repos: [GitHubRepo]) -> JSONValue {
        var json = account(login: user.login, id: user.id, type: "User")
        let owned = repos.filter { $0.affiliation == "owner" }
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        json["name"] = text(user.name)
        json["company"] = text(user.company)
        json["blog"] = .string(user.blog ?? "")
        json["location"] = text(user.location)
        json["email"] = text(user.email)
        json["hireable"] = .null
        json["bio"] = text(user.bio)
        json["twitter_username"] = .null
        json["public_repos"] = .int(owned.filter { !$0.isPrivate }.count)
        json["public_gists"] = 0
        json["followers"] = 0
        json["following"] = 0
        json["created_at"] = Self.time(user.created)
        json["updated_at"] = Self.time(user.created)
        json["private_gists"] = 0
        json["total_private_repos"] = .int(owned.filter(\.isPrivate).count)
        json["owned_private_repos"] = .int(owned.filter(\.isPrivate).count)
        json["disk_usage"] = 0
        json["collaborators"] = 0
        json["two_factor_authentication"] = true
        json["plan"] = ["name": "free", "space": 976_562_499, "collaborators": 0, "private_repos": 10000]
        return .object(json)
    }

    func repo(_ repo: GitHubRepo) -> JSONValue {
        let url = "\(base)/repos/\(repo.fullName)"
        let admin = repo.affiliation == "owner"
        return [
            "id": .int(repo.id), "node_id": .string(nodeID("R_", repo.id)), "name": .string(repo.name),
            "full_name": .string(repo.fullName),
            "private": .bool(repo.isPrivate),
            "owner": .object(account(login: repo.owner, id: repo.ownerID, type: repo.ownerType)),
            "html_url": .string("https://github.com/\(repo.fullName)"),
            "description": repo.description.map(JSONValue.string) ?? .null,
            "fork": .bool(repo.fork), "url": .string(url), "issues_url": .string("\(url)/issues{/number}"),
            "pulls_url": .string("\(url)/pulls{/number}"), "git_url": .string("git://github.com/\(repo.fullName).git"),
            "ssh_url": .string("git@github.com:\(repo.fullName).git"),
            "clone_url": .string("https://github.com/\(repo.fullName).git"),
            "created_at": Self.time(repo.created), "updated_at": Self.time(repo.updated),
            "pushed_at": Self.time(repo.pushed),
            "homepage": repo.homepage.map(JSONValue.string) ?? .null, "size": 128, "stargazers_count": .int(repo.stars),
            "watchers_count": .int(repo.stars), "language": repo.language.map(JSONValue.string) ?? .null,
            "has_issues": true,
            "has_projects": true, "has_downloads": true, "has_wiki": true, "has_pages": false, "has_discussions": false,
            "forks_count": .int(repo.forks), "archived": .bool(repo.archived), "disabled": false,
            "open_issues_count": 0,
            "license": .null, "allow_forking": true, "is_template": false,
            "topics": .array(repo.topics.map(JSONValue.string)),
            "visibility": .string(repo.isPrivate ? "private" : "public"), "forks": .int(repo.forks), "open_issues": 0,
            "watchers": .int(repo.stars), "default_branch": .string(repo.defaultBranch),
            "permissions": [
                "admin": .bool(admin), "maintain": .bool(admin), "push": true, "triage": true, "pull": true,
            ],
        ]
    }

    func repo(_ repo: GitHubRepo, openIssues: Int) -> JSONValue {
        guard case .object(var json) = self.repo(repo) else { return .null }
        json["open_issues_count"] = .int(openIssues)
        json["open_issues"] = .int(openIssues)
        return .object(json)
    }

    func org(_ org: GitHubOrg) -> JSONValue {
        let url = "\(base)/orgs/\(org.login)"
        return [
            "login": .string(org.login), "id": .int(org.id), "node_id": .string(nodeID("O_", org.id)),
            "url": .string(url),
            "repos_url": .string("\(url)/repos"), "events_url": .string("\(url)/events"),
            "hooks_url": .string("\(url)/hooks"),
            "issues_url": .string("\(url)/issues"), "members_url": .string("\(url)/members{/member}"),
            "public_members_url": .string("\(url)/public_members{/member}"),
            "avatar_url": .string("https://avatars.githubusercontent.com/u/\(org.id)?v=4"),
            "description": org.description.map(JSONValue.string) ?? .null,
        ]
    }

    func issue(_ issue: GitHubIssue, accounts: (String) -> (id: Int, type: String)) -> JSONValue {
        let url = "\(base)/repos/\(issue.repo)/issues/\(issue.number)"
        func person(_ login: String) -> JSONValue {
            let known = accounts(login)
            return .object(account(login: login, id: known.id, type: known.type))
        }
        return [
            "id": .int(issue.id), "node_id": .string(nodeID("I_", issue.id)), "url": .string(url),
            "repository_url": .string("\(base)/repos/\(issue.repo)"), "labels_url": .string("\(url)/labels{/name}"),
            "comments_url": .string("\(url)/comments"),
            "html_url": .string("https://github.com/\(issue.repo)/issues/\(issue.number)"),
            "number": .int(issue.number), "state": .string(issue.state), "title": .string(issue.title),
            "body": issue.body.map(JSONValue.string) ?? .null, "user": person(issue.user),
            "labels": .array(
                issue.labels.map { name in
                    [
                        "id": .int(ProviderLabelID.of(name)), "name": .string(name), "color": "ededed",
                        "default": false,
                        "description": .null, "url": .string("\(base)/repos/\(issue.repo)/labels/\(name)"),
                    ]
                }),
            "assignee": issue.assignees.first.map(person) ?? .null, "assignees": .array(issue.assignees.map(person)),
            "locked": false, "comments": .int(issue.comments), "created_at": Self.time(issue.created),
            "updated_at": Self.time(issue.updated), "closed_at": issue.closed.map(Self.time) ?? .null,
            "author_association": "OWNER", "state_reason": issue.state == "closed" ? "completed" : .null,
        ]
    }
}

/// Stable label ids.
enum ProviderLabelID {
    static func of(_ name: String) -> Int {
        abs(name.utf8.reduce(5381) { ($0 << 5) &+ $0 &+ Int($1) }) % 9_000_000_000 + 1_000_000_000
    }
}
