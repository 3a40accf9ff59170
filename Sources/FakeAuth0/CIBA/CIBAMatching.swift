import Foundation

/// The facts of a new CIBA request that approver rules look at.
struct CIBARequestFacts: Sendable {
    var user: String
    var client: String
    var bindingMessage: String?
    var scopes: [String]
    var audience: String?
    var authorizationDetails: [JSONValue]
}

extension CIBAMatch {
    /// Whether a request fits every condition this match gives.
    func fits(_ facts: CIBARequestFacts) -> Bool {
        if let user, user != facts.user { return false }
        if let client, client != facts.client { return false }
        if let audience, audience != facts.audience { return false }
        if let scope, !Scope.parse(scope).allSatisfy(facts.scopes.contains) { return false }
        if let bindingMessage, !Glob.matches(bindingMessage, facts.bindingMessage ?? "") { return false }
        if let wanted = authorizationDetails {
            let fitsOne = facts.authorizationDetails.contains { element in
                guard case .object(let fields) = element else { return false }
                return wanted.allSatisfy { key, value in
                    guard let actual = fields[key] else { return false }
                    if case .string(let pattern) = value, case .string(let text) = actual {
                        return Glob.matches(pattern, text)
                    }
                    return actual == value
                }
            }
            if !fitsOne { return false }
        }
        return true
    }
}

/// `*` wildcards in rule patterns, matched with `fnmatch`.
enum Glob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        fnmatch(pattern, text, 0) == 0
    }
}

extension CIBADecision {
    /// The status a pending request has after `polls` polls at time `now`.
    func status(polls: Int, createdAt: Int, now: Int) -> CIBARequestRecord.Status {
        switch self {
        case .approve, .approveWith: return .approved
        case .deny: return .denied
        case .never: return .pending
        case .approveAfter(let delay):
            return delay.hasPassed(polls: polls, createdAt: createdAt, now: now) ? .approved : .pending
        case .denyAfter(let delay):
            return delay.hasPassed(polls: polls, createdAt: createdAt, now: now) ? .denied : .pending
        }
    }

    var json: String { (try? String(decoding: JSONEncoder.compact.encode(self), as: UTF8.self)) ?? #""never""# }

    static func fromJSON(_ text: String) -> CIBADecision {
        (try? JSONDecoder().decode(CIBADecision.self, from: Data(text.utf8))) ?? .never
    }
}

extension CIBADelay {
    /// `polls`: that many polls were answered pending before this one. `seconds`: on the tenant clock.
    func hasPassed(polls: Int, createdAt: Int, now: Int) -> Bool {
        if let wanted = self.polls { return polls > wanted }
        return now >= createdAt + (seconds ?? 0)
    }
}
