import Foundation

/// One injected fault, as the scenario's `faults` section and `POST /__admin/faults` give it: which
/// requests it applies to, what happens to them, and when (`after` matches skipped, at most `times`
/// injections, each with `probability` drawn from a generator seeded with `seed`).
public struct FaultSpec: Sendable, Codable, Equatable {
    /// A name for the fault, shown in `x-fake-auth0-fault`; generated (`flt_1`, …) when absent.
    public var id: String?
    public var match: FaultMatch
    public var effect: FaultEffect
    /// Inject at most this many times, then let requests through.
    public var times: Int?
    /// Let the first `after` matching requests through.
    public var after: Int
    /// The chance (0…1) that a matching request is hit; absent means always.
    public var probability: Double?
    /// Seeds the draws of `probability`, so runs repeat exactly.
    public var seed: UInt64

    enum CodingKeys: String, CodingKey, CaseIterable { case id, match, effect, times, after, probability, seed }

    public init(
        id: String? = nil, match: FaultMatch = .init(), effect: FaultEffect, times: Int? = nil, after: Int = 0,
        probability: Double? = nil, seed: UInt64 = 1
    ) {
        self.id = id
        self.match = match
        self.effect = effect
        self.times = times
        self.after = after
        self.probability = probability
        self.seed = seed
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decodeIfPresent(String.self, forKey: .id),
            match: try c.decode(FaultMatch.self, forKey: .match, default: .init()),
            effect: try c.decode(FaultEffect.self, forKey: .effect),
            times: try c.decodeIfPresent(Int.self, forKey: .times),
            after: try c.decode(Int.self, forKey: .after, default: 0),
            probability: try c.decodeIfPresent(Double.self, forKey: .probability),
            seed: try c.decode(UInt64.self, forKey: .seed, default: 1))
    }
}

/// Which requests a fault applies to. Every field given must fit; an empty match fits every request
/// (except the control API, which faults never touch).
public struct FaultMatch: Sendable, Codable, Equatable {
    /// The HTTP method, e.g. `POST` (case-insensitive).
    public var method: String?
    /// A glob over the path: `*` matches any run of characters (including `/`), `?` one character.
    public var path: String?
    /// The kind of endpoint: see `FaultEndpoint`.
    public var endpoint: FaultEndpoint?
    /// The `grant_type` of a `/oauth/token` request.
    public var grantType: String?
    /// The client id of an Auth0 request (`client_id` or Basic credentials).
    public var client: String?
    /// The user the request acts for: the subject of its token, refresh token or vault token.
    public var user: String?
    /// The connection: `connection` of a Token Vault exchange, or the vault token's connection at a
    /// provider API.
    public var connection: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case method, path, endpoint, client, user, connection
        case grantType = "grant_type"
    }

    public init(
        method: String? = nil, path: String? = nil, endpoint: FaultEndpoint? = nil, grantType: String? = nil,
        client: String? = nil, user: String? = nil, connection: String? = nil
    ) {
        self.method = method
        self.path = path
        self.endpoint = endpoint
        self.grantType = grantType
        self.client = client
        self.user = user
        self.connection = connection
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            method: try c.decodeIfPresent(String.self, forKey: .method),
            path: try c.decodeIfPresent(String.self, forKey: .path),
            endpoint: try c.decodeIfPresent(FaultEndpoint.self, forKey: .endpoint),
            grantType: try c.decodeIfPresent(String.self, forKey: .grantType),
            client: try c.decodeIfPresent(String.self, forKey: .client),
            user: try c.decodeIfPresent(String.self, forKey: .user),
            connection: try c.decodeIfPresent(String.self, forKey: .connection))
    }

    /// Whether the fault needs the request's body or token resolved to decide.
    public var needsIdentity: Bool { grantType != nil || client != nil || user != nil || connection != nil }
}

/// What happens to a request a fault hits. The server renders `status` in the shape of the service the
/// endpoint belongs to (Auth0's OAuth error, Google's envelope, GitHub's message, Slack's `ok:false`).
public struct FaultEffect: Sendable, Codable, Equatable {
    /// The status to answer with, in the service's own error shape.
    public var status: Int?
    /// The service's error code instead of the one the status implies (OAuth `error`, Google `reason`,
    /// Slack `error`).
    public var error: String?
    /// The human-readable message instead of the default one.
    public var message: String?
    /// Seconds in `Retry-After` (and the rate-limit reset); 429 answers default to 1.
    public var retryAfter: Int?
    /// Milliseconds of real delay before the answer (the fault's or the real one).
    public var latency: Int?
    /// Close the connection without answering.
    public var drop: Bool
    /// Milliseconds to hold the request before answering (504 unless `status` says otherwise).
    public var hang: Int?
    /// The whole response body instead of the service's error body.
    public var body: JSONValue?
    /// Extra or replaced response headers.
    public var headers: [String: String]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case status, error, message, latency, drop, hang, body, headers
        case retryAfter = "retry_after"
    }

    public init(
        status: Int? = nil, error: String? = nil, message: String? = nil, retryAfter: Int? = nil,
        latency: Int? = nil, drop: Bool = false, hang: Int? = nil, body: JSONValue? = nil,
        headers: [String: String] = [:]
    ) {
        self.status = status
        self.error = error
        self.message = message
        self.retryAfter = retryAfter
        self.latency = latency
        self.drop = drop
        self.hang = hang
        self.body = body
        self.headers = headers
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            status: try c.decodeIfPresent(Int.self, forKey: .status),
            error: try c.decodeIfPresent(String.self, forKey: .error),
            message: try c.decodeIfPresent(String.self, forKey: .message),
            retryAfter: try c.decodeIfPresent(Int.self, forKey: .retryAfter),
            latency: try c.decodeIfPresent(Int.self, forKey: .latency),
            drop: try c.decode(Bool.self, forKey: .drop, default: false),
            hang: try c.decodeIfPresent(Int.self, forKey: .hang),
            body: try c.decodeIfPresent(JSONValue.self, forKey: .body),
            headers: try c.decode([String: String].self, forKey: .headers, default: [:]))
    }

    /// Whether the fault answers (or drops) instead of letting the real endpoint answer.
    public var replacesAnswer: Bool { status != nil || drop || hang != nil || body != nil }
}

extension FaultSpec {
    /// A fault from a control-API JSON body; a malformed one is `invalid_request` naming the key path.
    public static func decode(json: Data) throws(OAuthError) -> FaultSpec {
        do {
            return try JSONDecoder().decode(FaultSpec.self, from: json)
        } catch let error as DecodingError {
            let problem = ScenarioLoader.problem(from: error, file: "fault")
            throw .invalidRequest(problem.path.isEmpty ? problem.reason : "\(problem.path): \(problem.reason)")
        } catch {
            throw .invalidRequest("The body must be a JSON object describing a fault")
        }
    }
}
