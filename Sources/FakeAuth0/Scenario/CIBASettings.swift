import Foundation

/// How the fake answers asynchronous authorization (CIBA) requests: timing, strictness and the
/// approver's rules (the simulated user's phone).
public struct CIBASettings: Sendable, Codable, Equatable {
    /// Seconds a client must wait between polls (`interval` in the `/bc-authorize` answer). Auth0 uses 5.
    public var interval: Int
    /// Lifetime of a request when the client sends no `requested_expiry`.
    public var expiresIn: Int
    /// The longest `requested_expiry` accepted.
    public var maxExpiresIn: Int
    /// Enforce Auth0's binding-message rules (required, at most 64 characters of `A-Za-z0-9 +-_.,:#`).
    public var strictBindingMessage: Bool
    /// The error a poll gets once the request expired: `expired_token` (the CIBA spec) or
    /// `access_denied` (what Auth0 sends).
    public var expiredError: String
    /// Ordered rules; the first whose `match` fits a new request decides it.
    public var rules: [CIBARule]
    /// The decision when no rule matches. `never` leaves the request pending for a manual decision.
    public var defaultDecision: CIBADecision

    enum CodingKeys: String, CodingKey, CaseIterable {
        case interval, rules
        case expiresIn = "expires_in"
        case maxExpiresIn = "max_expires_in"
        case strictBindingMessage = "strict_binding_message"
        case expiredError = "expired_error"
        case defaultDecision = "default"
    }

    public init(
        interval: Int = 5, expiresIn: Int = 300, maxExpiresIn: Int = 259_200, strictBindingMessage: Bool = false,
        expiredError: String = "expired_token", rules: [CIBARule] = [], defaultDecision: CIBADecision = .never
    ) {
        self.interval = interval
        self.expiresIn = expiresIn
        self.maxExpiresIn = maxExpiresIn
        self.strictBindingMessage = strictBindingMessage
        self.expiredError = expiredError
        self.rules = rules
        self.defaultDecision = defaultDecision
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = CIBASettings()
        self.init(
            interval: try c.decode(Int.self, forKey: .interval, default: d.interval),
            expiresIn: try c.decode(Int.self, forKey: .expiresIn, default: d.expiresIn),
            maxExpiresIn: try c.decode(Int.self, forKey: .maxExpiresIn, default: d.maxExpiresIn),
            strictBindingMessage: try c.decode(
                Bool.self, forKey: .strictBindingMessage, default: d.strictBindingMessage),
            expiredError: try c.decode(String.self, forKey: .expiredError, default: d.expiredError),
            rules: try c.decode([CIBARule].self, forKey: .rules, default: []),
            defaultDecision: try c.decode(CIBADecision.self, forKey: .defaultDecision, default: d.defaultDecision))
    }

    /// What `init(from:)` reads, straight from the YAML tree (see `YAMLReader`).
    init(yaml reader: YAMLReader) throws {
        let c = try reader.mapping(allowed: Self.yamlKeys)
        let d = CIBASettings()
        self.init(
            interval: try c.int("interval", default: d.interval),
            expiresIn: try c.int("expires_in", default: d.expiresIn),
            maxExpiresIn: try c.int("max_expires_in", default: d.maxExpiresIn),
            strictBindingMessage: try c.bool("strict_binding_message", default: d.strictBindingMessage),
            expiredError: try c.string("expired_error", default: d.expiredError),
            rules: try c.value("rules", default: []) { try $0.list(CIBARule.init(yaml:)) },
            defaultDecision: try c.value("default", default: d.defaultDecision, CIBADecision.init(yaml:)))
    }

    static let yamlKeys = CodingKeys.allCases.map(\.rawValue)
}

/// One approver rule: which requests it applies to, and the decision (or sequence of decisions).
public struct CIBARule: Sendable, Codable, Equatable {
    public var match: CIBAMatch
    /// The decision for every matching request.
    public var decide: CIBADecision?
    /// Decisions for the 1st, 2nd, … matching request; the last one repeats.
    public var sequence: [CIBADecision]?

    enum CodingKeys: String, CodingKey, CaseIterable { case match, decide, sequence }

    public init(match: CIBAMatch = .init(), decide: CIBADecision? = nil, sequence: [CIBADecision]? = nil) {
        self.match = match
        self.decide = decide
        self.sequence = sequence
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            match: try c.decode(CIBAMatch.self, forKey: .match, default: .init()),
            decide: try c.decodeIfPresent(CIBADecision.self, forKey: .decide),
            sequence: try c.decodeIfPresent([CIBADecision].self, forKey: .sequence))
    }

    /// What `init(from:)` reads, straight from the YAML tree (see `YAMLReader`).
    init(yaml reader: YAMLReader) throws {
        let c = try reader.mapping(allowed: Self.yamlKeys)
        self.init(
            match: try c.value("match", default: .init(), CIBAMatch.init(yaml:)),
            decide: try c.optional("decide", CIBADecision.init(yaml:)),
            sequence: try c.optional("sequence") { try $0.list(CIBADecision.init(yaml:)) })
    }

    static let yamlKeys = CodingKeys.allCases.map(\.rawValue)
}

/// Which CIBA requests a rule applies to. Every field given must fit; an empty match fits all.
/// `binding_message` and string values in `authorization_details` accept `*` wildcards.
public struct CIBAMatch: Sendable, Codable, Equatable {
    public var user: String?
    public var client: String?
    public var bindingMessage: String?
    /// Every one of these scopes must be requested.
    public var scope: String?
    public var audience: String?
    /// Some element of the request's `authorization_details` must have all these fields.
    public var authorizationDetails: [String: JSONValue]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case user, client, scope, audience
        case bindingMessage = "binding_message"
        case authorizationDetails = "authorization_details"
    }

    public init(
        user: String? = nil, client: String? = nil, bindingMessage: String? = nil, scope: String? = nil,
        audience: String? = nil, authorizationDetails: [String: JSONValue]? = nil
    ) {
        self.user = user
        self.client = client
        self.bindingMessage = bindingMessage
        self.scope = scope
        self.audience = audience
        self.authorizationDetails = authorizationDetails
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            user: try c.decodeIfPresent(String.self, forKey: .user),
            client: try c.decodeIfPresent(String.self, forKey: .client),
            bindingMessage: try c.decodeIfPresent(String.self, forKey: .bindingMessage),
            scope: try c.decodeIfPresent(String.self, forKey: .scope),
            audience: try c.decodeIfPresent(String.self, forKey: .audience),
            authorizationDetails: try c.decodeIfPresent([String: JSONValue].self, forKey: .authorizationDetails))
    }

    /// What `init(from:)` reads, straight from the YAML tree (see `YAMLReader`).
    init(yaml reader: YAMLReader) throws {
        let c = try reader.mapping(allowed: Self.yamlKeys)
        self.init(
            user: try c.optionalString("user"),
            client: try c.optionalString("client"),
            bindingMessage: try c.optionalString("binding_message"),
            scope: try c.optionalString("scope"),
            audience: try c.optionalString("audience"),
            authorizationDetails: try c.optional("authorization_details") { try $0.dictionary { try $0.json() } })
    }

    static let yamlKeys = CodingKeys.allCases.map(\.rawValue)
}

/// What the simulated user does with a CIBA request.
///
/// YAML: `approve`, `deny`, `never`, `{approve_after: {polls: N}}`, `{approve_after: {seconds: T}}`,
/// `{deny_after: …}`, `{approve_with: {scope: "…", acr: "…"}}`.
public enum CIBADecision: Sendable, Codable, Equatable {
    case approve
    case deny
    /// Never answers: the request stays pending until a manual decision or expiry.
    case never
    case approveAfter(CIBADelay)
    case denyAfter(CIBADelay)
    /// Approves at once, granting a different scope and/or an `acr` claim.
    case approveWith(scope: String?, acr: String?)

    enum Keys: String, CodingKey, CaseIterable {
        case approveAfter = "approve_after"
        case denyAfter = "deny_after"
        case approveWith = "approve_with"
    }

    enum WithKeys: String, CodingKey, CaseIterable { case scope, acr }

    public init(from decoder: any Decoder) throws {
        if let word = try? decoder.singleValueContainer().decode(String.self) {
            guard let decision = Self.word(word) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: Self.unknownWord(word)))
            }
            self = decision
            return
        }
        try decoder.rejectUnknownKeys(Keys.self)
        let c = try decoder.container(keyedBy: Keys.self)
        guard c.allKeys.count == 1, let key = c.allKeys.first else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: Self.notOneKey))
        }
        switch key {
        case .approveAfter: self = .approveAfter(try c.decode(CIBADelay.self, forKey: key))
        case .denyAfter: self = .denyAfter(try c.decode(CIBADelay.self, forKey: key))
        case .approveWith:
            let with = try c.nestedContainer(keyedBy: WithKeys.self, forKey: key)
            self = .approveWith(
                scope: try with.decodeIfPresent(String.self, forKey: .scope),
                acr: try with.decodeIfPresent(String.self, forKey: .acr))
        }
    }

    /// What `init(from:)` reads, straight from the YAML tree (see `YAMLReader`).
    init(yaml reader: YAMLReader) throws {
        if case .scalar(let scalar) = reader.value {
            guard let decision = Self.word(scalar.text) else { throw reader.corrupted(Self.unknownWord(scalar.text)) }
            self = decision
            return
        }
        let c = try reader.mapping(allowed: Self.yamlKeys)
        let keys = try reader.mapping().keys
        guard keys.count == 1, let key = keys.first else { throw reader.corrupted(Self.notOneKey) }
        switch key {
        case "approve_after": self = .approveAfter(try CIBADelay(yaml: try c.required(key)))
        case "deny_after": self = .denyAfter(try CIBADelay(yaml: try c.required(key)))
        default:
            let with = try c.required(key).mapping()
            self = .approveWith(scope: try with.optionalString("scope"), acr: try with.optionalString("acr"))
        }
    }

    static let yamlKeys = Keys.allCases.map(\.rawValue)

    private static func word(_ word: String) -> CIBADecision? {
        switch word {
        case "approve": .approve
        case "deny": .deny
        case "never": .never
        default: nil
        }
    }

    private static func unknownWord(_ word: String) -> String {
        "unknown decision '\(word)' (allowed: approve, deny, never, approve_after, deny_after, approve_with)"
    }

    private static let notOneKey = "a decision has exactly one of approve_after, deny_after, approve_with"

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .approve, .deny, .never:
            var c = encoder.singleValueContainer()
            try c.encode(self == .approve ? "approve" : self == .deny ? "deny" : "never")
        case .approveAfter(let delay):
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(delay, forKey: .approveAfter)
        case .denyAfter(let delay):
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(delay, forKey: .denyAfter)
        case .approveWith(let scope, let acr):
            var c = encoder.container(keyedBy: Keys.self)
            var with = c.nestedContainer(keyedBy: WithKeys.self, forKey: .approveWith)
            try with.encodeIfPresent(scope, forKey: .scope)
            try with.encodeIfPresent(acr, forKey: .acr)
        }
    }
}

/// A delay before a decision takes effect: a number of pending polls, or seconds on the tenant clock.
public struct CIBADelay: Sendable, Codable, Equatable {
    public var polls: Int?
    public var seconds: Int?

    enum CodingKeys: String, CodingKey, CaseIterable { case polls, seconds }

    public init(polls: Int? = nil, seconds: Int? = nil) {
        self.polls = polls
        self.seconds = seconds
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            polls: try c.decodeIfPresent(Int.self, forKey: .polls),
            seconds: try c.decodeIfPresent(Int.self, forKey: .seconds))
        guard (polls == nil) != (seconds == nil) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "give exactly one of polls or seconds"))
        }
        if let polls, !(0...Limits.maxPolls).contains(polls) {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath + [CodingKeys.polls],
                    debugDescription: "must be between 0 and \(Limits.maxPolls) polls"))
        }
        if let seconds, !(0...Limits.maxSeconds).contains(seconds) {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath + [CodingKeys.seconds],
                    debugDescription: "must be between 0 and \(Limits.maxSeconds) seconds"))
        }
    }

    /// What `init(from:)` reads, straight from the YAML tree (see `YAMLReader`).
    init(yaml reader: YAMLReader) throws {
        let c = try reader.mapping(allowed: Self.yamlKeys)
        self.init(polls: try c.optionalInt("polls"), seconds: try c.optionalInt("seconds"))
        guard (polls == nil) != (seconds == nil) else { throw reader.corrupted("give exactly one of polls or seconds") }
        if let polls, !(0...Limits.maxPolls).contains(polls) {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: reader.codingPath + [CodingKeys.polls],
                    debugDescription: "must be between 0 and \(Limits.maxPolls) polls"))
        }
        if let seconds, !(0...Limits.maxSeconds).contains(seconds) {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: reader.codingPath + [CodingKeys.seconds],
                    debugDescription: "must be between 0 and \(Limits.maxSeconds) seconds"))
        }
    }

    static let yamlKeys = CodingKeys.allCases.map(\.rawValue)
}
