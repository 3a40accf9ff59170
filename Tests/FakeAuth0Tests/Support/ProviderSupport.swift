import FakeAuth0
import FakeAuth0Testing
import Foundation

/// Upstream tokens for the stub provider APIs, fetched the way agents get them: the Token Vault exchange.
struct ProviderTokens {
    let fake: FakeTenant

    func token(_ connection: String, subject: String = "demo-alice-refresh-token") async throws -> String {
        let response = try await VaultClient(fake: fake).exchange(subject: subject, connection: connection)
        guard let token = response.json["access_token"]?.stringValue else {
            throw ProviderTestError.noToken(response.text)
        }
        return token
    }

    var google: String { get async throws { try await token("google-oauth2") } }
    var github: String { get async throws { try await token("github") } }
    var slack: String { get async throws { try await token("sign-in-with-slack") } }

    /// The vault account of Alice's connection, for revoking or re-scoping it.
    func account(_ connection: String, user: String = "auth0|alice") throws -> VaultAccountRecord {
        guard let account = try fake.tenant.vault.accounts(user: user, connection: connection).first else {
            throw ProviderTestError.noAccount
        }
        return account
    }
}

enum ProviderTestError: Error {
    case noToken(String)
    case noAccount
}

func bearer(_ token: String) -> [String: String] { ["Authorization": "Bearer \(token)"] }

extension FakeTenant {
    /// A URL with query items (encoded as clients encode them).
    func url(_ path: String, query: [(String, String)]) -> URL {
        var components = URLComponents(url: url(path), resolvingAgainstBaseURL: false)!
        components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        return components.url!
    }
}

extension HTTPResult {
    /// The body as any JSON value (GitHub answers lists).
    var value: JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: body)) ?? .null }
}

extension JSONValue {
    subscript(_ key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    subscript(_ index: Int) -> JSONValue? {
        if case .array(let list) = self, list.indices.contains(index) { return list[index] }
        return nil
    }

    /// The elements of an array (empty otherwise).
    var list: [JSONValue] {
        if case .array(let list) = self { return list }
        return []
    }

    var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }
}

extension Optional where Wrapped == JSONValue {
    subscript(_ key: String) -> JSONValue? { self?[key] }
    subscript(_ index: Int) -> JSONValue? { self?[index] }
    var list: [JSONValue] { self?.list ?? [] }
}

/// A tenant clock stopped at the current moment, so "today" and "tomorrow" cannot change under a test.
func frozenClock() -> TenantClock {
    let clock = TenantClock()
    clock.freeze()
    return clock
}

/// A stopped tenant clock at noon UTC today, so fixture times such as "-3d 14:20" compare the same
/// way whenever the test runs.
func clockAtNoon() -> TenantClock {
    let clock = frozenClock()
    clock.advance(by: dayStart(clock, plus: 0).addingTimeInterval(12 * 3600).timeIntervalSince(clock.now()))
    return clock
}

/// Midnight UTC `days` days after the clock's today.
func dayStart(_ clock: TenantClock, plus days: Int) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar.date(byAdding: .day, value: days, to: calendar.startOfDay(for: clock.now()))!
}

func iso(_ date: Date) -> String { RFC3339.format(date) }
