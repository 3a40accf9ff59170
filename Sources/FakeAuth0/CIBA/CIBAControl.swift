import Foundation

/// A CIBA request as the control API and the approval page show it.
public struct CIBARequestView: Sendable, Equatable {
    public var authReqID: String
    public var user: String
    public var client: String
    public var bindingMessage: String?
    public var authorizationDetails: JSONValue?
    public var scope: String
    public var audience: String?
    /// `pending`, `approved`, `denied`, `redeemed` or `expired`, as of the tenant clock.
    public var status: String
    public var polls: Int
    public var createdAt: Int
    public var expiresAt: Int

    public var json: [String: JSONValue] {
        var body: [String: JSONValue] = [
            "auth_req_id": .string(authReqID), "user": .string(user), "client": .string(client),
            "scope": .string(scope),
            "status": .string(status), "polls": .int(polls), "created_at": .int(createdAt),
            "expires_at": .int(expiresAt),
        ]
        if let bindingMessage { body["binding_message"] = .string(bindingMessage) }
        if let authorizationDetails { body["authorization_details"] = authorizationDetails }
        if let audience { body["audience"] = .string(audience) }
        return body
    }
}

/// The approver's manual controls, shared by the HTTP control API, the approval page and Swift tests:
/// list requests, approve or deny one, and arm a decision for the next matching request.
public struct CIBAControl: Sendable {
    let config: TenantConfig
    let clock: TenantClock
    let store: StateStore
    let journal: Journal

    static let notFound = OAuthError.notFound("No such CIBA request")
    static let notPending = OAuthError.conflict("The request is no longer pending")

    /// Requests, newest first; only `user`'s when given, only pending ones when `pendingOnly`.
    public func requests(user: String? = nil, pendingOnly: Bool = false) throws(OAuthError) -> [CIBARequestView] {
        let now = clock.nowSeconds()
        let records = try storeStep { try store.cibaRequests(user: user) }
        return records.map { view($0, now: now) }.filter { !pendingOnly || $0.status == "pending" }
    }

    /// One request.
    public func request(_ id: String) throws(OAuthError) -> CIBARequestView {
        guard let record = try storeStep({ try store.cibaRequest(id) }) else { throw Self.notFound }
        return view(record, now: clock.nowSeconds())
    }

    /// Approves a pending request; the next poll gets tokens (with `scope`/`acr` instead, when given).
    public func approve(_ id: String, scope: String? = nil, acr: String? = nil) throws(OAuthError) {
        let record = try decide(id) { record in
            record.status = .approved
            record.grantedScope = scope
            record.acr = acr
        }
        var details: [String: JSONValue] = ["auth_req_id": .string(id), "decided_by": "control"]
        if let scope { details["scope"] = .string(scope) }
        if let acr { details["acr"] = .string(acr) }
        journal.record("ciba.approved", client: record.clientID, user: record.userSub, details: details)
    }

    /// Denies a pending request; the next poll gets `access_denied`.
    public func deny(_ id: String) throws(OAuthError) {
        let record = try decide(id) { $0.status = .denied }
        journal.record(
            "ciba.denied", client: record.clientID, user: record.userSub,
            details: ["auth_req_id": .string(id), "decided_by": "control"])
    }

    /// Arms `decision` for the next request that fits `match`, overriding the scenario's rules once.
    public func decideNext(_ decision: CIBADecision, matching match: CIBAMatch = .init()) throws(OAuthError) {
        let matchJSON = String(decoding: (try? JSONEncoder.compact.encode(match)) ?? Data("{}".utf8), as: UTF8.self)
        try storeStep { try store.armCIBADecision(match: matchJSON, decision: decision.json) }
    }

    /// Approves the next request for `user`.
    public func approveNext(for user: String) throws(OAuthError) {
        try decideNext(.approve, matching: .init(user: user))
    }

    /// Denies the next request for `user`.
    public func denyNext(for user: String) throws(OAuthError) { try decideNext(.deny, matching: .init(user: user)) }

    @discardableResult
    private func decide(_ id: String, _ change: (inout CIBARequestRecord) -> Void) throws(OAuthError)
        -> CIBARequestRecord
    {
        let now = clock.nowSeconds()
        let outcome: Result<CIBARequestRecord, OAuthError> = try storeStep {
            try store.updateCIBARequest(id) { record -> Result<CIBARequestRecord, OAuthError> in
                guard var current = record else { return .failure(Self.notFound) }
                guard view(current, now: now).status == "pending" else { return .failure(Self.notPending) }
                change(&current)
                current.decidedAt = now
                record = current
                return .success(current)
            }
        }
        return try outcome.get()
    }

    func view(_ record: CIBARequestRecord, now: Int) -> CIBARequestView {
        var status = record.status.rawValue
        if record.status == .pending {
            // Time-based decisions take effect without a poll.
            let scheduled = CIBADecision.fromJSON(record.decision)
            status = scheduled.status(polls: record.polls, createdAt: record.createdAt, now: now).rawValue
        }
        if now >= record.expiresAt, status != "redeemed" { status = "expired" }
        return CIBARequestView(
            authReqID: record.authReqID, user: record.userSub, client: record.clientID,
            bindingMessage: record.bindingMessage,
            authorizationDetails: record.authorizationDetails.flatMap {
                try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8))
            },
            scope: record.scope, audience: record.audience, status: status, polls: record.polls,
            createdAt: record.createdAt,
            expiresAt: record.expiresAt)
    }

}

extension CIBAMatch {
    /// Encodes with the scenario's snake_case keys (the armed-decision queue stores matches as JSON).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(user, forKey: .user)
        try c.encodeIfPresent(client, forKey: .client)
        try c.encodeIfPresent(bindingMessage, forKey: .bindingMessage)
        try c.encodeIfPresent(scope, forKey: .scope)
        try c.encodeIfPresent(audience, forKey: .audience)
        try c.encodeIfPresent(authorizationDetails, forKey: .authorizationDetails)
    }
}
