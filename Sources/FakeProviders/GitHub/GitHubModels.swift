import FakeAuth0
import Foundation

/// The GitHub user behind a token.
public struct GitHubUser: Sendable, Equatable {
    public var login: String
    public var id: Int
    public var name: String?
    public var email: String?
    public var company: String?
    public var location: String?
    public var bio: String?
    public var blog: String?
    public var created: Date
}

/// An organization the user belongs to.
public struct GitHubOrg: Sendable, Equatable {
    public var login: String
    public var id: Int
    public var description: String?
    /// Whether the membership is public.
    public var isPublic: Bool
}

/// A repository the user can see.
public struct GitHubRepo: Sendable, Equatable {
    public var id: Int
    public var name: String
    public var owner: String
    public var ownerID: Int
    /// `User` or `Organization`.
    public var ownerType: String
    public var isPrivate: Bool
    public var description: String?
    public var language: String?
    public var homepage: String?
    public var topics: [String]
    public var stars: Int
    public var forks: Int
    public var defaultBranch: String
    public var archived: Bool
    public var fork: Bool
    /// `owner`, `collaborator`, `organization_member` or `none`.
    public var affiliation: String
    public var created: Date
    public var updated: Date
    public var pushed: Date

    /// `owner/name`.
    public var fullName: String { "\(owner)/\(name)" }
}

/// An issue of a repository: from the fixtures or created through the API.
public struct GitHubIssue: Sendable, Codable, Equatable {
    public var id: Int
    public var number: Int
    /// `owner/name` of its repository.
    public var repo: String
    public var title: String
    public var body: String?
    /// `open` or `closed`.
    public var state: String
    public var labels: [String]
    /// The author's login.
    public var user: String
    public var assignees: [String]
    public var comments: Int
    public var created: Date
    public var updated: Date
    public var closed: Date?
}
