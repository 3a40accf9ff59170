import Foundation

/// A GitHub account in a fixture: the user's profile, organizations, repositories and their issues.
public struct GitHubFixture: Sendable, Codable, Equatable {
    /// The login; the user's nickname (or email's local part) when absent.
    public var login: String?
    /// The numeric user id; derived from the login when absent.
    public var id: Int?
    public var name: String?
    public var email: String?
    public var company: String?
    public var location: String?
    public var bio: String?
    public var blog: String?
    /// When the account was created: a fixture time.
    public var created: String?
    public var orgs: [GitHubOrgFixture]
    public var repos: [GitHubRepoFixture]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case login, id, name, email, company, location, bio, blog, created, orgs, repos
    }

    public init(
        login: String? = nil, id: Int? = nil, name: String? = nil, email: String? = nil, company: String? = nil,
        location: String? = nil, bio: String? = nil, blog: String? = nil, created: String? = nil,
        orgs: [GitHubOrgFixture] = [],
        repos: [GitHubRepoFixture] = []
    ) {
        self.login = login
        self.id = id
        self.name = name
        self.email = email
        self.company = company
        self.location = location
        self.bio = bio
        self.blog = blog
        self.created = created
        self.orgs = orgs
        self.repos = repos
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            login: try c.decodeIfPresent(String.self, forKey: .login), id: try c.decodeIfPresent(Int.self, forKey: .id),
            name: try c.decodeIfPresent(String.self, forKey: .name),
            email: try c.decodeIfPresent(String.self, forKey: .email),
            company: try c.decodeIfPresent(String.self, forKey: .company),
            location: try c.decodeIfPresent(String.self, forKey: .location),
            bio: try c.decodeIfPresent(String.self, forKey: .bio),
            blog: try c.decodeIfPresent(String.self, forKey: .blog),
            created: try c.decodeIfPresent(String.self, forKey: .created),
            orgs: try c.decode([GitHubOrgFixture].self, forKey: .orgs, default: []),
            repos: try c.decode([GitHubRepoFixture].self, forKey: .repos, default: []))
    }
}

/// An organization the GitHub user belongs to.
public struct GitHubOrgFixture: Sendable, Codable, Equatable {
    public var login: String
    public var id: Int?
    public var description: String?
    /// Whether the membership is public: only public memberships are listed without `read:org`.
    public var `public`: Bool

    enum CodingKeys: String, CodingKey, CaseIterable { case login, id, description, `public` }

    public init(login: String, id: Int? = nil, description: String? = nil, public: Bool = true) {
        self.login = login
        self.id = id
        self.description = description
        self.public = `public`
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            login: try c.decode(String.self, forKey: .login), id: try c.decodeIfPresent(Int.self, forKey: .id),
            description: try c.decodeIfPresent(String.self, forKey: .description),
            public: try c.decode(Bool.self, forKey: .public, default: true))
    }
}

/// A repository the GitHub user can see.
public struct GitHubRepoFixture: Sendable, Codable, Equatable {
    public var name: String
    /// The owning user or organization; the user's login when absent.
    public var owner: String?
    public var id: Int?
    public var `private`: Bool
    public var description: String?
    public var language: String?
    public var homepage: String?
    public var topics: [String]
    public var stars: Int
    public var forks: Int
    public var defaultBranch: String
    public var archived: Bool
    public var fork: Bool
    /// How the user relates to it: `owner`, `collaborator`, `organization_member` or `none` (someone
    /// else's public repository: readable, but not in `/user/repos`). Derived from the owner when absent.
    public var affiliation: String?
    public var created: String?
    public var updated: String?
    public var pushed: String?
    public var issues: [GitHubIssueFixture]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, owner, id, `private`, description, language, homepage, topics, stars, forks, archived, fork,
            affiliation
        case created, updated, pushed, issues
        case defaultBranch = "default_branch"
    }

    public init(
        name: String, owner: String? = nil, id: Int? = nil, private: Bool = false, description: String? = nil,
        language: String? = nil, homepage: String? = nil, topics: [String] = [], stars: Int = 0, forks: Int = 0,
        defaultBranch: String = "main", archived: Bool = false, fork: Bool = false, affiliation: String? = nil,
        created: String? = nil, updated: String? = nil, pushed: String? = nil, issues: [GitHubIssueFixture] = []
    ) {
        self.name = name
        self.owner = owner
        self.id = id
        self.private = `private`
        self.description = description
        self.language = language
        self.homepage = homepage
        self.topics = topics
        self.stars = stars
        self.forks = forks
        self.defaultBranch = defaultBranch
        self.archived = archived
        self.fork = fork
        self.affiliation = affiliation
        self.created = created
        self.updated = updated
        self.pushed = pushed
        self.issues = issues
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name), owner: try c.decodeIfPresent(String.self, forKey: .owner),
            id: try c.decodeIfPresent(Int.self, forKey: .id),
            private: try c.decode(Bool.self, forKey: .private, default: false),
            description: try c.decodeIfPresent(String.self, forKey: .description),
            language: try c.decodeIfPresent(String.self, forKey: .language),
            homepage: try c.decodeIfPresent(String.self, forKey: .homepage),
            topics: try c.decode([String].self, forKey: .topics, default: []),
            stars: try c.decode(Int.self, forKey: .stars, default: 0),
            forks: try c.decode(Int.self, forKey: .forks, default: 0),
            defaultBranch: try c.decode(String.self, forKey: .defaultBranch, default: "main"),
            archived: try c.decode(Bool.self, forKey: .archived, default: false),
            fork: try c.decode(Bool.self, forKey: .fork, default: false),
            affiliation: try c.decodeIfPresent(String.self, forKey: .affiliation),
            created: try c.decodeIfPresent(String.self, forKey: .created),
            updated: try c.decodeIfPresent(String.self, forKey: .updated),
            pushed: try c.decodeIfPresent(String.self, forKey: .pushed),
            issues: try c.decode([GitHubIssueFixture].self, forKey: .issues, default: []))
    }
}

/// An issue of a fixture repository.
public struct GitHubIssueFixture: Sendable, Codable, Equatable {
    /// The issue number; the next free one when absent.
    public var number: Int?
    public var title: String
    public var body: String?
    /// `open` or `closed`.
    public var state: String
    public var labels: [String]
    /// The author's login; the user's when absent.
    public var user: String?
    public var assignees: [String]
    /// The comment count shown.
    public var comments: Int
    public var created: String?
    public var updated: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case number, title, body, state, labels, user, assignees, comments, created, updated
    }

    public init(
        number: Int? = nil, title: String, body: String? = nil, state: String = "open", labels: [String] = [],
        user: String? = nil,
        assignees: [String] = [], comments: Int = 0, created: String? = nil, updated: String? = nil
    ) {
        self.number = number
        self.title = title
        self.body = body
        self.state = state
        self.labels = labels
        self.user = user
        self.assignees = assignees
        self.comments = comments
        self.created = created
        self.updated = updated
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            number: try c.decodeIfPresent(Int.self, forKey: .number), title: try c.decode(String.self, forKey: .title),
            body: try c.decodeIfPresent(String.self, forKey: .body),
            state: try c.decode(String.self, forKey: .state, default: "open"),
            labels: try c.decode([String].self, forKey: .labels, default: []),
            user: try c.decodeIfPresent(String.self, forKey: .user),
            assignees: try c.decodeStringList(forKey: .assignees),
            comments: try c.decode(Int.self, forKey: .comments, default: 0),
            created: try c.decodeIfPresent(String.self, forKey: .created),
            updated: try c.decodeIfPresent(String.self, forKey: .updated))
    }
}
