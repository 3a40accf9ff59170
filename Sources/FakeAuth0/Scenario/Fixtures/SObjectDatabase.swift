import Foundation

/// One sObject record: field name → value. Dates are `YYYY-MM-DD` text, date-times
/// `2026-11-25T09:00:00.000+0000`, references the referenced record's `Id`.
public typealias SObjectRecord = [String: JSONValue]

/// The records a user's queries run over: every object's schema and records, indexed by id.
public struct SObjectDatabase: Sendable {
    public let schemas: [SObjectSchema]
    /// Records by object name (the schema's spelling), in their natural order.
    public let records: [String: [SObjectRecord]]
    private let byID: [String: SObjectRecord]

    public init(schemas: [SObjectSchema], records: [String: [SObjectRecord]]) {
        self.schemas = schemas
        self.records = records
        var byID: [String: SObjectRecord] = [:]
        for list in records.values {
            for record in list { if let id = record["Id"]?.stringValue { byID[id] = record } }
        }
        self.byID = byID
    }

    /// The object called `name`, case-insensitively.
    public func schema(named name: String) -> SObjectSchema? {
        schemas.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// The record with `id` (18 characters, or the 15-character form).
    public func record(id: String) -> SObjectRecord? {
        if let record = byID[id] { return record }
        guard id.count == 15 else { return nil }
        return byID.first { $0.key.hasPrefix(id) }?.value
    }
}
