import FakeAuth0
import Foundation

/// Reads and writes the records agents create through the stub APIs, as JSON rows in the state store.
struct ProviderWrites: Sendable {
    let store: StateStore
    let clock: TenantClock
    /// Where each write is announced (`gmail.message.sent`…).
    let journal: Journal

    /// Kinds of stored items.
    enum Kind: String {
        case mail = "gmail.message"
        case draft = "gmail.draft"
        case event = "calendar.event"
        case slackMessage = "slack.message"
        case issue = "github.issue"
        case apiCall = "api.call"
        case salesforceRecord = "salesforce.record"
        case graphMessage = "graph.message"
        case graphEvent = "graph.event"
        case upstreamCall = "upstream.call"
    }

    func all<T: Decodable>(_ kind: Kind, user: String? = nil, as type: T.Type) throws -> [(
        user: String, value: T, createdAt: Int
    )] {
        try storeStep { try store.providerItems(kind: kind.rawValue, user: user) }.compactMap { row in
            (try? JSONDecoder().decode(T.self, from: Data(row.body.utf8))).map { (row.userSub, $0, row.createdAt) }
        }
    }

    func values<T: Decodable>(_ kind: Kind, user: String, as type: T.Type) throws -> [T] {
        try all(kind, user: user, as: type).map(\.value)
    }

    func save(_ value: some Encodable, kind: Kind, user: String, id: String) throws {
        let body = try String(decoding: JSONEncoder.compact.encode(value), as: UTF8.self)
        let now = clock.nowSeconds()
        try storeStep {
            try store.saveProviderItem(user: user, kind: kind.rawValue, id: id, body: body, at: now)
        }
    }

    /// Stores a new item; false when the id is taken.
    func insert(_ value: some Encodable, kind: Kind, user: String, id: String) throws -> Bool {
        let body = try String(decoding: JSONEncoder.compact.encode(value), as: UTF8.self)
        let now = clock.nowSeconds()
        return try storeStep {
            try store.insertProviderItem(user: user, kind: kind.rawValue, id: id, body: body, at: now)
        }
    }

}
