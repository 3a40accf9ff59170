import Foundation

/// `grant_type=urn:openid:params:grant-type:ciba`: polling for the outcome of a back-channel request.
struct CIBAGrant: GrantHandler {
    let grantType = GrantType.ciba

    static let pending = OAuthError("authorization_pending", "The end-user authorization is pending")
    static let denied = OAuthError.accessDenied(
        "The end-user denied the authorization request or it has been expired", kind: .invalidRequest)
    static let invalid = OAuthError.invalidGrant("Invalid or expired auth_req_id")

    /// What one poll found, decided inside the store's transaction.
    enum Outcome {
        case error(OAuthError, result: String, record: CIBARequestRecord?, decidedNow: Bool = false)
        case approved(CIBARequestRecord, decidedNow: Bool)
    }

    func handle(_ request: GrantRequest, context: GrantContext) async throws(OAuthError) -> TokenResponse {
        let id = try request.parameters.required("auth_req_id")
        let instant = context.clock.now().timeIntervalSince1970
        let now = Int(instant)
        let settings = context.config.scenario.ciba
        let outcome = try await internalStep("polling the request") {
            try context.store.updateCIBARequest(id) { record -> Outcome in
                guard var current = record, current.clientID == request.client.id, current.status != .redeemed else {
                    return .error(Self.invalid, result: "invalid", record: nil)
                }
                defer { record = current }
                if now >= current.expiresAt {
                    return .error(
                        settings.expiredError == "access_denied"
                            ? Self.denied : OAuthError("expired_token", "The auth_req_id has expired"),
                        result: "expired", record: current)
                }
                if let last = current.lastPollAt, current.interval > 0, instant - last < Double(current.interval) {
                    current.lastPollAt = instant
                    return .error(
                        OAuthError(
                            "slow_down",
                            "You are polling faster than allowed. Try again in \(current.interval) seconds.",
                            retryAfter: current.interval), result: "slow_down", record: current)
                }
                var decidedNow = false
                current.polls += 1
                current.lastPollAt = instant
                if current.status == .pending {
                    let scheduled = CIBADecision.fromJSON(current.decision)
                    current.status = scheduled.status(polls: current.polls, createdAt: current.createdAt, now: now)
                    if current.status != .pending {
                        current.decidedAt = now
                        decidedNow = true
                    }
                    if case .approveWith(let scope, let acr) = scheduled {
                        current.grantedScope = scope
                        current.acr = acr
                    }
                }
                switch current.status {
                case .pending: return .error(Self.pending, result: "pending", record: current)
                case .denied: return .error(Self.denied, result: "denied", record: current, decidedNow: decidedNow)
                case .redeemed: return .error(Self.invalid, result: "invalid", record: current)
                case .approved:
                    current.status = .redeemed
                    return .approved(current, decidedNow: decidedNow)
                }
            }
        }
        switch outcome {
        case .error(let error, let result, let record, let decidedNow):
            journal(
                poll: id, result: result, record: record, decidedNow: decidedNow, request: request, context: context)
            throw error
        case .approved(let approved, let decidedNow):
            journal(
                poll: id, result: "approved", record: approved, decidedNow: decidedNow, request: request,
                context: context)
            return try await tokens(for: approved, request: request, context: context)
        }
    }

    /// `ciba.polled` with the poll's result; before it, `ciba.approved` / `ciba.denied` when the
    /// scenario's rules decided at this poll, or `ciba.expired` when the request ran out.
    func journal(
        poll id: String, result: String, record: CIBARequestRecord?, decidedNow: Bool, request: GrantRequest,
        context: GrantContext
    ) {
        let client = request.client.id
        let user = record?.userSub
        let base: [String: JSONValue] = ["auth_req_id": .string(id)]
        if decidedNow {
            context.journal.record(
                "ciba.\(result)", client: client, user: user,
                details: base.merging(["decided_by": "rules"]) { a, _ in a })
        }
        if result == "expired" { context.journal.record("ciba.expired", client: client, user: user, details: base) }
        var details = base
        details["result"] = .string(result)
        if let record { details["polls"] = .int(record.polls) }
        context.journal.record("ciba.polled", client: client, user: user, details: details)
    }

    /// The user's tokens for an approved request: requested scopes the API (or OIDC) knows, plus
    /// `authorization_details` in the response and as a claim, and `acr` when the approver set one.
    func tokens(for record: CIBARequestRecord, request: GrantRequest, context: GrantContext) async throws(OAuthError)
        -> TokenResponse
    {
        guard let user = context.config.users[record.userSub] else { throw Self.invalid }
        let known = Set(Scope.oidc).union(record.audience.flatMap { context.config.apis[$0]?.scopes } ?? [])
        let scopes = Scope.parse(record.grantedScope ?? record.scope).filter {
            known.contains($0) || record.grantedScope != nil
        }
        var claims: [String: JSONValue] = [:]
        var details: JSONValue?
        if let text = record.authorizationDetails,
            let parsed = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        {
            details = parsed
            claims["authorization_details"] = parsed
        }
        var idClaims: [String: JSONValue] = [:]
        if let acr = record.acr {
            claims["acr"] = .string(acr)
            idClaims["acr"] = .string(acr)
        }
        var response = try await context.tokens.issue(
            issuer: request.issuer, user: user, client: request.client, audience: record.audience, scopes: scopes,
            refreshToken: .whenOfflineAccess, extraClaims: claims, idTokenClaims: idClaims)
        if let details { response.extra["authorization_details"] = details }
        return response
    }
}
