import FakeAuth0
import Foundation

/// A parsed SOQL query of the subset the fake understands.
public struct SOQLQuery: Sendable, Equatable {
    /// One item of the `SELECT` list.
    public enum Selection: Sendable, Equatable {
        /// A field, possibly through relationships (`Account.Owner.Name`), as written.
        case field(String)
        /// `COUNT()`: the answer is only the number of matching records.
        case count
        /// `COUNT(field)`: one aggregate record with `expr0` (or the alias).
        case countField(String, alias: String?)
    }

    /// A literal on the right of a comparison.
    public enum Literal: Sendable, Equatable {
        case string(String)
        case number(Double)
        case boolean(Bool)
        case null
        /// An unquoted date (`2026-11-25`) or date-time (`2026-11-25T09:00:00Z`), as written.
        case date(String)
        /// A relative date literal (`TODAY`, `LAST_N_DAYS:30`, `THIS_QUARTER`).
        case relative(SOQLDateLiteral)
    }

    /// A `WHERE` condition.
    public indirect enum Condition: Sendable, Equatable {
        case and(Condition, Condition)
        case or(Condition, Condition)
        case not(Condition)
        /// `field op literal`, op one of `=`, `!=`, `<`, `>`, `<=`, `>=`; `offset` locates the field.
        case compare(field: String, op: String, value: Literal, offset: Int)
        case like(field: String, pattern: String, offset: Int)
        case isIn(field: String, values: [Literal], negated: Bool, offset: Int)
    }

    /// One `ORDER BY` key.
    public struct Ordering: Sendable, Equatable {
        public var field: String
        public var descending: Bool
        public var nullsFirst: Bool
        public var offset: Int
    }

    public var selections: [Selection]
    /// Where each `SELECT` item starts, for error messages.
    var selectionOffsets: [Int]
    /// The object queried, as written (`Opportunity`).
    public var object: String
    var objectOffset: Int
    public var condition: Condition?
    public var orderBy: [Ordering]
    public var limit: Int?
    public var offset: Int?
    /// The query text, for error messages.
    public var text: String

    /// Whether the query is `SELECT COUNT() …`.
    public var isCount: Bool { selections == [.count] }
}
