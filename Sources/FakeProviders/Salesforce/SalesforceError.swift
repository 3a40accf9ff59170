import FakeAuth0
import Foundation

/// A Salesforce REST API error: the `errorCode` and `message` of one entry of the JSON array
/// Salesforce answers with (`[{"message":"…","errorCode":"MALFORMED_QUERY"}]`), plus the fields it
/// names when a write fails.
public struct SalesforceError: Error, Sendable, Equatable {
    /// Salesforce's error code: `MALFORMED_QUERY`, `INVALID_FIELD`, `INVALID_TYPE`, `NOT_FOUND`…
    public var code: String
    public var message: String
    /// The fields a write error is about (`REQUIRED_FIELD_MISSING`, `INVALID_FIELD_FOR_INSERT_UPDATE`).
    public var fields: [String]

    public init(_ code: String, _ message: String, fields: [String] = []) {
        self.code = code
        self.message = message
        self.fields = fields
    }

    /// A query error pointing at a place in the query, worded as Salesforce does:
    /// the query, a caret under the column, `ERROR at Row:1:Column:n` and the reason.
    static func query(_ code: String, _ reason: String, soql: String, at offset: Int) -> SalesforceError {
        let lines = soql.split(separator: "\n", omittingEmptySubsequences: false)
        var remaining = max(0, min(offset, soql.count))
        var row = 0
        while row < lines.count - 1, remaining > lines[row].count {
            remaining -= lines[row].count + 1
            row += 1
        }
        let line = lines.isEmpty ? "" : String(lines[row])
        let caret = String(repeating: " ", count: remaining) + "^"
        return SalesforceError(code, "\n\(line)\n\(caret)\nERROR at Row:\(row + 1):Column:\(remaining + 1)\n\(reason)")
    }

    /// A query that does not parse.
    static func malformed(_ reason: String, soql: String, at offset: Int) -> SalesforceError {
        query("MALFORMED_QUERY", reason, soql: soql, at: offset)
    }
}
