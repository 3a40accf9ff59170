import Foundation

/// The answer to `POST /bc-authorize`.
public struct BackchannelAuthResponse: Sendable, Equatable {
    public var authReqID: String
    public var expiresIn: Int
    public var interval: Int

    public var json: [String: JSONValue] {
        ["auth_req_id": .string(authReqID), "expires_in": .int(expiresIn), "interval": .int(interval)]
    }
}

/// Validates a back-channel authorization request the way Auth0 does, asks the approver for a
/// decision, and stores the pending request.
struct BackchannelAuthorizer: Sendable {
    let config: TenantConfig
    let clock: TenantClock
    let store: StateStore
    let journal: Journal

    static let bindingMessageCharacters = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 +-_.,:#")

    func authorize(
        _ parameters: RequestParameters, client: ClientConfig, issuer: Issuer
    ) async throws(OAuthError) -> BackchannelAuthResponse {
        let settings = config.scenario.ciba
        guard client.allows(.ciba) else {
            throw .unauthorizedClient("Grant type '\(GrantType.ciba.rawValue)' not allowed for the client.")
        }
        let scopes = Scope.parse(try parameters.required("scope"))
        guard scopes.contains("openid") else { throw .invalidRequest("The scope must contain openid") }
        let user = try resolveUser(try parameters.required("login_hint"), issuer: issuer)
        let audience = try config.targetAudience(
            audience: parameters["audience"], resource: parameters["resource"], issuer: issuer)
        try config.checkThirdPartyAccess(client: client, audience: audience)
        if let audience, config.api(audience, issuer: issuer) == nil {
            throw .invalidRequest("Service not found: \(audience)")
        }
        let bindingMessage = parameters["binding_message"]
        if settings.strictBindingMessage { try checkBindingMessage(bindingMessage) }
        let expiresIn = try requestedExpiry(parameters["requested_expiry"], settings: settings)
        let details = try authorizationDetails(parameters["authorization_details"])
        try checkChannels(user: user, client: client, expiresIn: expiresIn)

        let facts = CIBARequestFacts(
            user: user.sub, client: client.id, bindingMessage: bindingMessage, scopes: scopes, audience: audience,
            authorizationDetails: details ?? [])
        let decision = try await internalStep("choosing the approver's decision") { try decide(facts) }
        let now = clock.nowSeconds()
        let record = CIBARequestRecord(
            authReqID: RandomToken.make(bytes: 24), clientID: client.id, userSub: user.sub, scope: Scope.join(scopes),
            audience: audience, bindingMessage: bindingMessage,
            authorizationDetails: details.map { JSONValue.array($0).description },
            resource: parameters["resource"], createdAt: now, expiresAt: now + expiresIn, interval: settings.interval,
            status: .pending, decision: decision.json, polls: 0)
        try await internalStep("storing the request") { try store.insertCIBARequest(record) }
        var journalDetails: [String: JSONValue] = [
            "auth_req_id": .string(record.authReqID), "scope": .string(record.scope), "expires_in": .int(expiresIn),
        ]
        if let audience { journalDetails["audience"] = .string(audience) }
        if let bindingMessage { journalDetails["binding_message"] = .string(bindingMessage) }
        journal.record("ciba.requested", client: client.id, user: user.sub, details: journalDetails)
        return BackchannelAuthResponse(authReqID: record.authReqID, expiresIn: expiresIn, interval: settings.interval)
    }

    /// `login_hint` is a JSON string `{"format":"iss_sub","iss":…,"sub":…}`, sent with or without spaces.
    func resolveUser(_ hint: String, issuer: Issuer) throws(OAuthError) -> UserConfig {
        guard let object = try? JSONDecoder().decode([String: JSONValue].self, from: Data(hint.utf8)) else {
            throw .invalidRequest("login_hint must be a JSON object with format, iss and sub")
        }
        guard object["format"]?.stringValue == "iss_sub" else {
            throw .invalidRequest("login_hint format must be iss_sub")
        }
        guard object["iss"]?.stringValue == issuer.url else {
            throw .invalidRequest("login_hint iss must be \(issuer.url)")
        }
        guard let sub = object["sub"]?.stringValue, let user = config.users[sub] else {
            throw .invalidRequest("User not found")
        }
        return user
    }

    func checkBindingMessage(_ message: String?) throws(OAuthError) {
        guard let message else { throw OAuthError("invalid_binding_message", "binding_message is required") }
        guard message.count <= 64, message.unicodeScalars.allSatisfy(Self.bindingMessageCharacters.contains) else {
            throw OAuthError(
                "invalid_binding_message",
                "binding_message must be at most 64 characters from A-Z a-z 0-9 space + - _ . , : #")
        }
    }

    func requestedExpiry(_ text: String?, settings: CIBASettings) throws(OAuthError) -> Int {
        guard let text else { return settings.expiresIn }
        guard let seconds = Int(text), seconds > 0, seconds <= settings.maxExpiresIn else {
            throw .invalidRequest(
                "requested_expiry must be a whole number of seconds from 1 to \(settings.maxExpiresIn)")
        }
        return seconds
    }

    /// `authorization_details` is a JSON array of objects, each with a string `type`.
    func authorizationDetails(_ text: String?) throws(OAuthError) -> [JSONValue]? {
        guard let text else { return nil }
        guard let elements = try? JSONDecoder().decode([JSONValue].self, from: Data(text.utf8)) else {
            throw .invalidRequest("authorization_details must be a JSON array")
        }
        for element in elements {
            guard case .object(let fields) = element, fields["type"]?.stringValue?.isEmpty == false else {
                throw .invalidRequest("Each authorization_details element must be an object with a type")
            }
        }
        return elements
    }

    /// Auth0 notifies by Guardian push (enrolled user, expiry at most 5 minutes) or else by email,
    /// when the client enables it; a user whose email is not verified is refused.
    func checkChannels(user: UserConfig, client: ClientConfig, expiresIn: Int) throws(OAuthError) {
        if user.email != nil, !user.emailVerified { throw .invalidRequest("The user's email address is not verified") }
        let push = user.guardianEnrolled && expiresIn <= 300 && client.asyncApprovalChannels.contains("guardian-push")
        let email = client.asyncApprovalChannels.contains("email") && user.email != nil
        guard push || email else {
            throw .invalidRequest("The user is not enrolled in push notifications and no other channel is available")
        }
    }

    /// An armed decision first, then the first matching rule (a sequence advances per request), then the default.
    func decide(_ facts: CIBARequestFacts) throws -> CIBADecision {
        let armed = try store.takeArmedCIBADecision { matchJSON in
            (try? JSONDecoder().decode(CIBAMatch.self, from: Data(matchJSON.utf8)))?.fits(facts) ?? false
        }
        if let armed { return CIBADecision.fromJSON(armed) }
        let settings = config.scenario.ciba
        for (index, rule) in settings.rules.enumerated() where rule.match.fits(facts) {
            if let decision = rule.decide { return decision }
            if let sequence = rule.sequence, !sequence.isEmpty {
                return sequence[min(try store.takeRuleUse(index), sequence.count - 1)]
            }
        }
        return settings.defaultDecision
    }
}
