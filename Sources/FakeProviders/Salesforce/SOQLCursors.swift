import FakeAuth0
import Foundation
import Synchronization

/// One page of a query answer: `{"totalSize","done","nextRecordsUrl"?,"records"}`.
public struct SOQLPage: Sendable, Equatable {
    public var totalSize: Int
    public var records: [JSONValue]
    /// The root-relative URL of the next page, when there is one.
    public var nextRecordsURL: String?

    public var json: JSONValue {
        var fields: [String: JSONValue] = [
            "totalSize": .int(totalSize), "done": .bool(nextRecordsURL == nil), "records": .array(records),
        ]
        if let nextRecordsURL { fields["nextRecordsUrl"] = .string(nextRecordsURL) }
        return .object(fields)
    }
}

/// Open query cursors, as Salesforce keeps them behind `nextRecordsUrl`
/// (`/services/data/v59.0/query/01g…-2000`): the records of the answer as it was when first asked,
/// kept for 15 minutes on the tenant clock and for the user who asked.
public final class SOQLCursors: Sendable {
    struct Cursor: Sendable {
        var user: String
        var result: SOQLResult
        var batchSize: Int
        var expiresAt: Int
        var apiVersion: String
    }

    /// Salesforce's default and largest batch size.
    public static let maximumBatchSize = 2_000
    /// Seconds a cursor stays open without use.
    public static let lifetime = 15 * 60
    /// Cursors kept at most; the oldest go first.
    static let capacity = 500

    private let cursors = Mutex<[String: Cursor]>([:])

    public init() {}

    /// The batch size from `Sforce-Query-Options: batchSize=N` (1 to 2,000; anything else means 2,000).
    public static func batchSize(fromOptions header: String?) -> Int {
        guard let header else { return maximumBatchSize }
        for option in header.split(separator: ",") {
            let pair = option.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].caseInsensitiveCompare("batchSize") == .orderedSame, let n = Int(pair[1]),
                (1...maximumBatchSize).contains(n)
            {
                return n
            }
        }
        return maximumBatchSize
    }

    /// The first page of `result`, opening a cursor when more remain.
    public func first(_ result: SOQLResult, user: String, batchSize: Int, apiVersion: String, now: Int) -> SOQLPage {
        guard result.records.count > batchSize else {
            return SOQLPage(totalSize: result.totalSize, records: result.records, nextRecordsURL: nil)
        }
        let locator = "01g" + String((0..<15).map { _ in SalesforceIDs.alphabet.randomElement()! })
        cursors.withLock { cursors in
            cursors = cursors.filter { $0.value.expiresAt > now }
            if cursors.count >= Self.capacity, let oldest = cursors.min(by: { $0.value.expiresAt < $1.value.expiresAt })
            {
                cursors[oldest.key] = nil
            }
            cursors[locator] = Cursor(
                user: user, result: result, batchSize: batchSize, expiresAt: now + Self.lifetime, apiVersion: apiVersion
            )
        }
        return page(result, from: 0, batchSize: batchSize, locator: locator, apiVersion: apiVersion)
    }

    /// The page at `locator` (`01g…-2000`), for the user who opened it.
    public func next(_ locator: String, user: String, now: Int) throws(SalesforceError) -> SOQLPage {
        let parts = locator.split(separator: "-", maxSplits: 1).map(String.init)
        let invalid = SalesforceError("INVALID_QUERY_LOCATOR", "invalid query locator")
        guard parts.count == 2, let start = Int(parts[1]), start >= 0 else { throw invalid }
        let found: Cursor? = cursors.withLock { cursors in
            guard var cursor = cursors[parts[0]], cursor.user == user, cursor.expiresAt > now else { return nil }
            cursor.expiresAt = now + Self.lifetime
            cursors[parts[0]] = cursor
            return cursor
        }
        guard let cursor = found, start < cursor.result.records.count else { throw invalid }
        return page(
            cursor.result, from: start, batchSize: cursor.batchSize, locator: parts[0], apiVersion: cursor.apiVersion)
    }

    func page(_ result: SOQLResult, from start: Int, batchSize: Int, locator: String, apiVersion: String) -> SOQLPage {
        let end = min(result.records.count, start + batchSize)
        let next = end < result.records.count ? "/services/data/v\(apiVersion)/query/\(locator)-\(end)" : nil
        return SOQLPage(totalSize: result.totalSize, records: Array(result.records[start..<end]), nextRecordsURL: next)
    }
}
