import Foundation
import JWTKit

/// Checks what the types alone cannot: unique ids, references between sections, and values that must parse.
enum ScenarioValidator {
    /// Lifetimes and expiries: at least a second, at most ten years, so that adding one to any time
    /// the clock can show stays far from overflow.
    static let lifetimes = 1...Limits.maxSeconds
    static let lifetimeReason = "must be a positive number of seconds, at most \(Limits.maxSeconds) (ten years)"

    static func problems(in scenario: Scenario, file: String) -> [ScenarioProblem] {
        var problems: [ScenarioProblem] = []
        func report(_ path: String, _ reason: String) { problems.append(.init(file: file, path: path, reason: reason)) }

        let tenant = scenario.tenant
        if let domain = tenant.domain, !isBareDomain(domain) {
            report("tenant.domain", "must be a host or host:port without scheme or path, e.g. 'localhost:4010'")
        }
        for (key, value) in [
            ("access_token_lifetime", tenant.accessTokenLifetime), ("id_token_lifetime", tenant.idTokenLifetime),
            ("refresh_token_lifetime", tenant.refreshTokenLifetime),
        ] where !Self.lifetimes.contains(value) {
            report("tenant.\(key)", Self.lifetimeReason)
        }
        if !(0...Journal.maxCapacity).contains(tenant.journalSize) {
            report("tenant.journal_size", "must be from 0 (no journal) to \(Journal.maxCapacity)")
        }
        if let pem = tenant.signingKey, (try? JWTKit.Insecure.RSA.PrivateKey(pem: pem)) == nil {
            report("tenant.signing_key", "not an RSA private key in PEM form")
        }
        if let audience = tenant.defaultAudience, !scenario.apis.contains(where: { $0.audience == audience }) {
            report("tenant.default_audience", "no API has the audience '\(audience)'")
        }

        var clientIndex: [String: Int] = [:]
        for (i, client) in scenario.clients.enumerated() {
            let at = "clients[\(i)]"
            if client.id.isEmpty { report("\(at).id", "must not be empty") }
            if let first = clientIndex[client.id] {
                report("\(at).id", "duplicate client id '\(client.id)' (first at clients[\(first)])")
            } else {
                clientIndex[client.id] = i
            }
            if client.type == .spa, client.secret != nil {
                report("\(at).secret", "a spa client is public and has no secret")
            }
            if client.type == .spa, client.allows(.clientCredentials) {
                report("\(at).grants", "a spa client cannot use client_credentials")
            }
            if client.type.isConfidential, client.secret == nil, client.publicKeys.isEmpty {
                report("\(at)", "a \(client.type.rawValue) client needs a secret or public_keys")
            }
            if client.secret?.isEmpty == true { report("\(at).secret", "must not be empty") }
            for (j, url) in client.callbacks.enumerated() where !isAbsoluteURL(url) {
                report("\(at).callbacks[\(j)]", "'\(url)' is not an absolute URL")
            }
            for (j, url) in client.logoutURLs.enumerated() where !isAbsoluteURL(url) {
                report("\(at).logout_urls[\(j)]", "'\(url)' is not an absolute URL")
            }
            for (j, pem) in client.publicKeys.enumerated() where (try? JWTKit.Insecure.RSA.PublicKey(pem: pem)) == nil {
                report("\(at).public_keys[\(j)]", "not an RSA public key in PEM form")
            }
        }

        var audienceIndex: [String: Int] = [:]
        for (i, api) in scenario.apis.enumerated() {
            let at = "apis[\(i)]"
            if api.audience.isEmpty { report("\(at).audience", "must not be empty") }
            if let first = audienceIndex[api.audience] {
                report("\(at).audience", "duplicate audience '\(api.audience)' (first at apis[\(first)])")
            } else {
                audienceIndex[api.audience] = i
            }
            if let lifetime = api.tokenLifetime, !Self.lifetimes.contains(lifetime) {
                report("\(at).token_lifetime", Self.lifetimeReason)
            }
            for (j, id) in api.clients.enumerated() where clientIndex[id] == nil {
                report("\(at).clients[\(j)]", "no client has the id '\(id)'")
            }
            for (j, scope) in api.scopes.enumerated() where scope.isEmpty || scope.contains(" ") {
                report("\(at).scopes[\(j)]", "a scope is one non-empty word")
            }
        }

        var userIndex: [String: Int] = [:]
        var emailIndex: [String: Int] = [:]
        // Paths are made only for a problem: a big file has many users and few problems.
        userIndex.reserveCapacity(scenario.users.count)
        emailIndex.reserveCapacity(scenario.users.count)
        // The fields each check reads, not whole users (copying a user retains all its values).
        let users = scenario.users
        for i in users.indices {
            let sub = users[i].sub
            if sub.isEmpty { report("users[\(i)].sub", "must not be empty") }
            if let first = userIndex.updateValue(i, forKey: sub) {
                userIndex[sub] = first
                report("users[\(i)].sub", "duplicate user '\(sub)' (first at users[\(first)])")
            }
            if let email = users[i].email?.lowercased() {
                if !Self.hasAt(email) { report("users[\(i)].email", "'\(email)' is not an email address") }
                if let first = emailIndex.updateValue(i, forKey: email) {
                    emailIndex[email] = first
                    report("users[\(i)].email", "duplicate email '\(email)' (first at users[\(first)])")
                }
            }
        }

        var connectionNames: Set<String> = []
        for (i, connection) in scenario.connections.enumerated() where !connectionNames.insert(connection.name).inserted
        {
            report("connections[\(i)].name", "duplicate connection '\(connection.name)'")
        }
        for i in users.indices where !users[i].connectedAccounts.isEmpty {
            for (j, account) in users[i].connectedAccounts.enumerated() {
                func at(_ key: String) -> String { "users[\(i)].connected_accounts[\(j)].\(key)" }
                if account.connection.isEmpty {
                    report(at("connection"), "required key is missing")
                } else if !connectionNames.contains(account.connection) {
                    report(at("connection"), "no connection is named '\(account.connection)'")
                }
                if !Self.lifetimes.contains(account.expiresIn) { report(at("expires_in"), Self.lifetimeReason) }
            }
        }
        for (i, client) in scenario.clients.enumerated() where client.type == .resourceServer {
            if let audience = client.resourceServerIdentifier {
                if audienceIndex[audience] == nil {
                    report("clients[\(i)].resource_server_identifier", "no API has the audience '\(audience)'")
                }
            } else {
                report(
                    "clients[\(i)]", "a resource_server client needs resource_server_identifier (the API it belongs to)"
                )
            }
        }
        if let user = scenario.login.autoLogin, userIndex[user] == nil {
            report("login.auto_login", "no user has the sub '\(user)'")
        }
        if !Self.lifetimes.contains(scenario.login.codeLifetime) { report("login.code_lifetime", Self.lifetimeReason) }
        if !["page", "allow", "deny"].contains(scenario.connect.decide) {
            report("connect.decide", "must be page, allow or deny")
        }

        for (i, seed) in scenario.refreshTokens.enumerated() {
            let at = "refresh_tokens[\(i)]"
            if seed.token.isEmpty { report("\(at).token", "must not be empty") }
            if clientIndex[seed.client] == nil { report("\(at).client", "no client has the id '\(seed.client)'") }
            if userIndex[seed.user] == nil { report("\(at).user", "no user has the sub '\(seed.user)'") }
            if let audience = seed.audience, audienceIndex[audience] == nil {
                report("\(at).audience", "no API has the audience '\(audience)'")
            }
        }
        problems += cibaProblems(scenario.ciba, clients: clientIndex, users: userIndex, file: file)
        problems += ProviderScenarioValidator.problems(in: scenario, file: file)
        problems += FGAScenarioValidator.problems(in: scenario.fga, apis: scenario.apis, file: file)
        problems += AccessScenarioValidator.problems(in: scenario, file: file)
        for (i, client) in scenario.clients.enumerated() {
            for (j, channel) in client.asyncApprovalChannels.enumerated()
            where !["guardian-push", "email"].contains(channel) {
                report(
                    "clients[\(i)].async_approval_notification_channels[\(j)]",
                    "'\(channel)' is not guardian-push or email")
            }
        }
        var faultIDs: [String: Int] = [:]
        for (i, fault) in scenario.faults.enumerated() {
            for problem in FaultValidator.problems(
                fault, clients: Set(clientIndex.keys), users: Set(userIndex.keys), connections: connectionNames)
            {
                report("faults[\(i)].\(problem.path)", problem.reason)
            }
            guard let id = fault.id else { continue }
            if let first = faultIDs[id] {
                report("faults[\(i)].id", "duplicate fault id '\(id)' (first at faults[\(first)])")
            } else {
                faultIDs[id] = i
            }
        }
        if scenario.faults.count > FaultLimits.maxFaults {
            report("faults", "at most \(FaultLimits.maxFaults) faults")
        }
        let duplicateSeeds = Dictionary(
            grouping: scenario.refreshTokens.indices, by: { scenario.refreshTokens[$0].token })
        for (_, indices) in duplicateSeeds where indices.count > 1 {
            report("refresh_tokens[\(indices[1])].token", "duplicate token (first at refresh_tokens[\(indices[0])])")
        }
        return problems
    }

    /// Whether `email` has an `@`: found in its bytes when it is ASCII, by Foundation otherwise.
    static func hasAt(_ email: String) -> Bool {
        var found = false
        for byte in email.utf8 {
            guard byte < 0x80 else { return email.contains("@") }
            if byte == UInt8(ascii: "@") { found = true }
        }
        return found
    }

    static func cibaProblems(_ ciba: CIBASettings, clients: [String: Int], users: [String: Int], file: String)
        -> [ScenarioProblem]
    {
        var problems: [ScenarioProblem] = []
        func report(_ path: String, _ reason: String) {
            problems.append(.init(file: file, path: "ciba" + path, reason: reason))
        }
        if !(0...Limits.maxSeconds).contains(ciba.interval) {
            report(".interval", "must be between 0 and \(Limits.maxSeconds) seconds")
        }
        if !lifetimes.contains(ciba.expiresIn) { report(".expires_in", lifetimeReason) }
        if !lifetimes.contains(ciba.maxExpiresIn) {
            report(".max_expires_in", lifetimeReason)
        } else if ciba.maxExpiresIn < ciba.expiresIn {
            report(".max_expires_in", "must be at least expires_in")
        }
        if !["expired_token", "access_denied"].contains(ciba.expiredError) {
            report(".expired_error", "must be expired_token or access_denied")
        }
        for (i, rule) in ciba.rules.enumerated() {
            let at = ".rules[\(i)]"
            if (rule.decide == nil) == (rule.sequence == nil) { report(at, "give exactly one of decide or sequence") }
            if rule.sequence?.isEmpty == true { report("\(at).sequence", "must not be empty") }
            if let user = rule.match.user, users[user] == nil {
                report("\(at).match.user", "no user has the sub '\(user)'")
            }
            if let client = rule.match.client, clients[client] == nil {
                report("\(at).match.client", "no client has the id '\(client)'")
            }
        }
        return problems
    }

    static func isBareDomain(_ domain: String) -> Bool {
        guard !domain.isEmpty, !domain.contains("/"), !domain.contains(" ") else { return false }
        return URLComponents(string: "https://\(domain)/")?.host?.isEmpty == false
    }

    static func isAbsoluteURL(_ text: String) -> Bool {
        guard let url = URLComponents(string: text), let scheme = url.scheme else { return false }
        return !scheme.isEmpty && (url.host?.isEmpty == false || scheme != "http" && scheme != "https")
    }
}
