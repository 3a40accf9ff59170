import Foundation

/// One FGA store: its models (oldest first), tuples, change log and assertions.
public struct FGAStore: Sendable {
    /// The store id (a ULID).
    public var id: String
    /// The store name.
    public var name: String
    /// Creation time.
    public var createdAt: Date
    /// Last update time.
    public var updatedAt: Date
    /// The models, oldest first; the last one is the default.
    public var models: [FGAModel] = []
    /// The current tuples.
    public var tuples = FGATupleIndex()
    /// Every write and delete, oldest first.
    public var changes: [FGATupleChange] = []
    /// Assertions by model id.
    public var assertions: [String: [FGAWire.Assertion]] = [:]
    /// When each current tuple was written.
    public var writtenAt: [FGATupleKey: Date] = [:]

    public init(id: String, name: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }

    /// The named model, or the latest when `id` is nil or empty.
    public func model(_ id: String?) throws(FGAError) -> FGAModel {
        if let id, !id.isEmpty {
            guard FGAULID.isValid(id) else {
                throw .validation("invalid authorization_model_id '\(id)': it must be a ULID")
            }
            guard let model = models.last(where: { $0.id == id }) else { throw .modelNotFound(id) }
            return model
        }
        guard let latest = models.last else { throw .latestModelNotFound(self.id) }
        return latest
    }
}

/// One entry of a store's change log.
public struct FGATupleChange: Sendable, Equatable {
    /// Whether the tuple was written or deleted.
    public enum Operation: String, Sendable {
        case write = "TUPLE_OPERATION_WRITE"
        case delete = "TUPLE_OPERATION_DELETE"
    }

    /// The tuple.
    public var tuple: FGATupleKey
    /// Write or delete.
    public var operation: Operation
    /// When it happened.
    public var timestamp: Date
}

/// OpenFGA's timestamp text: RFC 3339 in UTC with fractional seconds.
public enum FGATimestamp {
    /// `2026-01-02T03:04:05.678Z`.
    public static func format(_ date: Date) -> String {
        date.formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(
                separator: .omitted))
    }

    /// Parses an RFC 3339 timestamp, with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date(
            text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true))
        {
            return date
        }
        return try? Date(text, strategy: .iso8601)
    }
}
