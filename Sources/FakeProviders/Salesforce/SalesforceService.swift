import FakeAuth0
import Foundation

/// A record written through the stub Salesforce API: created, updated or deleted (`IsDeleted`).
public struct StoredSObject: Sendable, Codable, Equatable {
    /// The object's name (`Opportunity`).
    public var object: String
    /// The whole record after the write.
    public var record: SObjectRecord
}

/// The stub Salesforce REST API for one token's user: SOQL queries with paging, sObject reads,
/// creates, updates, deletes and describes over the user's org (fixtures, with the writes stored in
/// the state store laid over them).
public struct SalesforceService: Sendable {
    let clock: TenantClock
    let writes: ProviderWrites
    let cursors: SOQLCursors
    public let access: ProviderAccess

    /// Salesforce's REST scopes: a session needs one of them.
    public static let apiScopes = ["api", "full", "web"]

    var org: SalesforceOrg { access.world.salesforce }

    /// The org as it stands now: fixture records with the stored writes laid over them.
    func database() throws -> SObjectDatabase {
        var records = org.records
        for stored in try writes.values(.salesforceRecord, user: access.user, as: StoredSObject.self) {
            guard let id = stored.record["Id"]?.stringValue else { continue }
            var list = records[stored.object] ?? []
            if let index = list.firstIndex(where: { $0["Id"]?.stringValue == id }) {
                list[index] = stored.record
            } else {
                list.append(stored.record)
            }
            records[stored.object] = list
        }
        return SObjectDatabase(schemas: org.schemas, records: records)
    }

    func evaluator(_ database: SObjectDatabase, apiVersion: String) -> SOQLEvaluator {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = access.world.timeZone
        return SOQLEvaluator(database: database, now: clock.now(), calendar: calendar, apiVersion: apiVersion)
    }

    /// `GET query?q=` (or `queryAll` with `includeDeleted`): the first page, `batchSize` records at most.
    public func query(_ soql: String, includeDeleted: Bool, batchSize: Int, apiVersion: String) throws -> SOQLPage {
        let result = try evaluator(try database(), apiVersion: apiVersion).run(soql, includeDeleted: includeDeleted)
        return cursors.first(
            result, user: access.user, batchSize: batchSize, apiVersion: apiVersion, now: clock.nowSeconds())
    }

    /// `GET query/{locator}-{offset}`: a later page of an earlier query.
    public func queryMore(_ locator: String) throws(SalesforceError) -> SOQLPage {
        try cursors.next(locator, user: access.user, now: clock.nowSeconds())
    }

    func schema(_ object: String) throws(SalesforceError) -> SObjectSchema {
        guard let schema = org.schemas.first(where: { $0.name.caseInsensitiveCompare(object) == .orderedSame }) else {
            throw SalesforceError("NOT_FOUND", "The requested resource does not exist")
        }
        return schema
    }

    func existing(_ schema: SObjectSchema, id: String, in database: SObjectDatabase) throws(SalesforceError)
        -> SObjectRecord
    {
        guard SalesforceIDs.isWellFormed(id), let record = database.record(id: id),
            record["Id"]?.stringValue?.hasPrefix(schema.keyPrefix) == true, record["IsDeleted"] != .bool(true)
        else {
            if !SalesforceIDs.isWellFormed(id) {
                throw SalesforceError("MALFORMED_ID", "\(schema.name) ID: id value of incorrect type: \(id)")
            }
            throw SalesforceError("NOT_FOUND", "The requested resource does not exist")
        }
        return record
    }

    /// `GET sobjects/{Object}/{id}` (`fields` picks fields): the record with `attributes`.
    public func record(_ object: String, id: String, fields: [String]?, apiVersion: String) throws -> JSONValue {
        let schema = try schema(object)
        let database = try database()
        let record = try existing(schema, id: id, in: database)
        var out: [String: JSONValue] = [:]
        let names: [String]
        if let fields {
            names = try fields.map { (name) throws(SalesforceError) in
                guard let field = schema.field(name) else {
                    throw SalesforceError(
                        "INVALID_FIELD", "No such column '\(name)' on sobject of type \(schema.name)", fields: [name])
                }
                return field.name
            }
        } else {
            names = schema.fields.map(\.name)
        }
        for name in names { out[name] = record[name] ?? .null }
        out["attributes"] = evaluator(database, apiVersion: apiVersion).attributes(
            type: schema.name, id: record["Id"]?.stringValue)
        return .object(out)
    }

    /// `POST sobjects/{Object}/`: the new record's id.
    public func create(_ object: String, body: JSONValue) throws -> String {
        let schema = try schema(object)
        let database = try database()
        var record = try SObjectWriteCheck(schema: schema, database: database).fields(body, creating: true)
        let id = SalesforceIDs.random(prefix: schema.keyPrefix)
        let now = SalesforceDates.dateTime(clock.now())
        record["Id"] = .string(id)
        if (record["OwnerId"] ?? .null) == .null { record["OwnerId"] = org.userRecord["Id"] }
        record["IsDeleted"] = false
        record["CreatedDate"] = .string(now)
        record["LastModifiedDate"] = .string(now)
        let count = database.records[schema.name]?.count ?? 0
        SalesforceOrg.derive(&record, object: schema.name, index: count, recompute: true)
        try writes.save(
            StoredSObject(object: schema.name, record: record), kind: .salesforceRecord, user: access.user, id: id)
        return id
    }

    /// `PATCH sobjects/{Object}/{id}`.
    public func update(_ object: String, id: String, body: JSONValue) throws {
        let schema = try schema(object)
        let database = try database()
        var record = try existing(schema, id: id, in: database)
        let changes = try SObjectWriteCheck(schema: schema, database: database).fields(body, creating: false)
        record.merge(changes) { _, new in new }
        record["LastModifiedDate"] = .string(SalesforceDates.dateTime(clock.now()))
        SalesforceOrg.derive(&record, object: schema.name, index: 0, recompute: true)
        let fullID = record["Id"]?.stringValue ?? id
        try writes.save(
            StoredSObject(object: schema.name, record: record), kind: .salesforceRecord, user: access.user, id: fullID)
    }

    /// `DELETE sobjects/{Object}/{id}`: the record stays for `queryAll`, with `IsDeleted` true.
    public func delete(_ object: String, id: String) throws {
        let schema = try schema(object)
        var record = try existing(schema, id: id, in: try database())
        record["IsDeleted"] = true
        record["LastModifiedDate"] = .string(SalesforceDates.dateTime(clock.now()))
        let fullID = record["Id"]?.stringValue ?? id
        try writes.save(
            StoredSObject(object: schema.name, record: record), kind: .salesforceRecord, user: access.user, id: fullID)
    }

    /// `GET sobjects/{Object}/describe`.
    public func describe(_ object: String, apiVersion: String) throws(SalesforceError) -> JSONValue {
        SObjectDescribe.object(try schema(object), apiVersion: apiVersion)
    }

    /// `GET sobjects/{Object}`: the object's summary and its recent records (none here).
    public func summary(_ object: String, apiVersion: String) throws(SalesforceError) -> JSONValue {
        ["objectDescribe": SObjectDescribe.globalEntry(try schema(object), apiVersion: apiVersion), "recentItems": []]
    }

    /// `GET sobjects`: every object of the org.
    public func describeGlobal(apiVersion: String) -> JSONValue {
        [
            "encoding": "UTF-8", "maxBatchSize": 200,
            "sobjects": .array(org.schemas.map { SObjectDescribe.globalEntry($0, apiVersion: apiVersion) }),
        ]
    }
}
