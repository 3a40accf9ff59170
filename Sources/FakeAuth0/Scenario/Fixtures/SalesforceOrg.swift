import Foundation

/// A user's Salesforce org resolved from the fixture: every object's schema (standard objects plus
/// the custom objects and fields the fixture uses) and its records with ids, relative times turned
/// into dates, parent references by name turned into ids and derived fields filled in. Fixture
/// mistakes come back as problems, by path, so validation and resolution share one reading.
public struct SalesforceOrg: Sendable {
    public var schemas: [SObjectSchema]
    /// Records by object name.
    public var records: [String: [SObjectRecord]]
    /// `(path below salesforce, reason)` for each mistake.
    public var problems: [(path: String, reason: String)]

    /// The standard objects a fixture may hold records of.
    public static let fixtureObjects = ["Account", "Contact", "Opportunity", "Lead", "Case"]

    /// The `User` record of the token's user, which owns every record.
    public static func userRecord(sub: String, name: String?, email: String?, at start: Date) -> SObjectRecord {
        let first = name?.split(separator: " ").dropLast().joined(separator: " ")
        let last = name?.split(separator: " ").last.map(String.init) ?? (email ?? sub)
        return [
            "Id": .string(SalesforceIDs.derived(prefix: "005", seed: "user|\(sub)")), "Username": .string(email ?? sub),
            "FirstName": first.map(JSONValue.string) ?? .null, "LastName": .string(last),
            "Name": .string(name ?? email ?? sub), "Email": email.map(JSONValue.string) ?? .null, "Title": .null,
            "IsActive": true, "IsDeleted": false, "CreatedDate": .string(SalesforceDates.dateTime(start)),
            "LastModifiedDate": .string(SalesforceDates.dateTime(start)),
        ]
    }

    /// Reads `fixture` for the user `sub`, resolving fixture times against `start` in `timeZone`.
    public init(
        _ fixture: SalesforceFixture, sub: String, name: String?, email: String?, start: Date, timeZone: TimeZone
    ) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var problems: [(path: String, reason: String)] = []
        let user = Self.userRecord(sub: sub, name: name, email: email, at: start)
        let userID = user["Id"]!.stringValue!

        // Objects: the standard ones, then custom ones in name order.
        var schemas = SObjectSchema.standard
        let written = fixture.records.keys.sorted()
        for object in written where SObjectSchema.standard(named: object) == nil {
            if SObjectSchema.isCustom(object),
                object.dropLast(3).allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
            {
                let prefix = "a0" + String(SalesforceIDs.alphabet[10 + schemas.count % 26])
                schemas.append(
                    SObjectSchema(
                        name: object, keyPrefix: prefix,
                        fields: SObjectSchema.system([
                            SObjectField("Name", .string, label: "\(object.dropLast(3)) Name")
                        ])))
            } else {
                problems.append(
                    (
                        "records.\(object)",
                        "unknown object '\(object)' (fixtures hold \(Self.fixtureObjects.joined(separator: ", ")) and custom objects ending in __c)"
                    ))
            }
        }
        if let user = fixture.records.keys.first(where: { $0.caseInsensitiveCompare("User") == .orderedSame }) {
            problems.append(("records.\(user)", "the User object holds only the token's user"))
        }
        // Custom fields, typed from their first non-null value.
        for (index, schema) in schemas.enumerated() {
            let rows = fixture.records.first { $0.key.caseInsensitiveCompare(schema.name) == .orderedSame }?.value ?? []
            for row in rows {
                for (key, value) in row.sorted(by: { $0.key < $1.key })
                where SObjectSchema.isCustom(key) && schemas[index].field(key) == nil {
                    if let type = SObjectSchema.inferredType(of: value) {
                        schemas[index].fields.append(SObjectField(key, type))
                    }
                }
            }
        }

        // First pass: ids, so that references (by id or by name) can be resolved in the second.
        var ids: [String: [String]] = [:]
        var names: [String: [String: String]] = [:]
        var seenIDs: [String: String] = [:]
        for schema in schemas {
            guard
                let rows = fixture.records.first(where: { $0.key.caseInsensitiveCompare(schema.name) == .orderedSame })?
                    .value
            else { continue }
            for (i, row) in rows.enumerated() {
                let path = "records.\(schema.name)[\(i)]"
                var id = SalesforceIDs.derived(prefix: schema.keyPrefix, seed: "\(sub)|\(schema.name)|\(i)")
                if let given = row.first(where: { $0.key.caseInsensitiveCompare("Id") == .orderedSame })?.value {
                    if let text = given.stringValue, SalesforceIDs.isWellFormed(text), text.hasPrefix(schema.keyPrefix)
                    {
                        id = SalesforceIDs.withSuffix(text)
                    } else {
                        problems.append(
                            ("\(path).Id", "an id is 15 or 18 letters and digits starting with \(schema.keyPrefix)"))
                    }
                }
                if let first = seenIDs[id] {
                    problems.append(("\(path).Id", "duplicate id '\(id)' (first at \(first))"))
                }
                seenIDs[id] = path
                ids[schema.name, default: []].append(id)
                func text(_ key: String) -> String? {
                    row.first(where: { $0.key.caseInsensitiveCompare(key) == .orderedSame })?.value.stringValue
                }
                let fullName = [text("FirstName"), text("LastName")].compactMap { $0 }.joined(separator: " ")
                if let name = text("Name") ?? (fullName.isEmpty ? nil : fullName) {
                    names[schema.name, default: [:]][name.lowercased()] = names[schema.name]?[name.lowercased()] ?? id
                }
            }
        }

        var records: [String: [SObjectRecord]] = ["User": [user]]
        for schema in schemas {
            guard
                let rows = fixture.records.first(where: { $0.key.caseInsensitiveCompare(schema.name) == .orderedSame })?
                    .value
            else { continue }
            var list: [SObjectRecord] = []
            for (i, row) in rows.enumerated() {
                let path = "records.\(schema.name)[\(i)]"
                var record: SObjectRecord = [
                    "Id": .string(ids[schema.name]![i]), "OwnerId": .string(userID), "IsDeleted": false,
                    "CreatedDate": .string(SalesforceDates.dateTime(start)),
                    "LastModifiedDate": .string(SalesforceDates.dateTime(start)),
                ]
                for (key, value) in row.sorted(by: { $0.key < $1.key })
                where key.caseInsensitiveCompare("Id") != .orderedSame {
                    let at = "\(path).\(key)"
                    if let relation = schema.relationship(key), let target = relation.referenceTo,
                        schema.field(key) == nil
                    {
                        guard let name = value.stringValue, let id = names[target]?[name.lowercased()] else {
                            problems.append(
                                (
                                    at,
                                    "no \(target) named '\(value.stringValue ?? value.description)' in records.\(target)"
                                ))
                            continue
                        }
                        record[relation.name] = .string(id)
                        continue
                    }
                    guard let field = schema.field(key) else {
                        problems.append((at, "no field '\(key)' on \(schema.name) (custom fields end in __c)"))
                        continue
                    }
                    if value == .null {
                        record[field.name] = .null
                        continue
                    }
                    switch Self.value(value, for: field, start: start, timeZone: timeZone, calendar: calendar) {
                    case .success(let converted):
                        if field.type == .reference, let id = converted.stringValue {
                            if field.referenceTo == "User" {
                                guard id == userID || SalesforceIDs.withSuffix(id) == userID else {
                                    problems.append((at, "the only user is the token's user (\(userID))"))
                                    continue
                                }
                            } else if !(ids[field.referenceTo ?? ""] ?? []).contains(SalesforceIDs.withSuffix(id)) {
                                problems.append((at, "no \(field.referenceTo ?? "record") has the id '\(id)'"))
                                continue
                            }
                            record[field.name] = .string(SalesforceIDs.withSuffix(id))
                        } else {
                            record[field.name] = converted
                        }
                    case .failure(let reason):
                        problems.append((at, reason.text))
                    }
                }
                Self.derive(&record, object: schema.name, index: i)
                for field in schema.fields where field.required && (record[field.name] ?? .null) == .null {
                    problems.append(("\(path).\(field.name)", "required"))
                }
                list.append(record)
            }
            records[schema.name] = list
        }
        self.schemas = schemas
        self.records = records
        self.problems = problems
    }

    struct Reason: Error {
        var text: String
    }

    /// A fixture value converted for `field`: fixture times for dates, numbers, booleans, text.
    static func value(_ value: JSONValue, for field: SObjectField, start: Date, timeZone: TimeZone, calendar: Calendar)
        -> Result<JSONValue, Reason>
    {
        switch field.type {
        case .date, .datetime:
            guard let text = value.stringValue, let time = FixtureTime(text) else {
                return .failure(Reason(text: "'\(value.stringValue ?? value.description)': \(FixtureTime.help)"))
            }
            let instant = time.resolve(now: start, timeZone: timeZone)
            return .success(
                .string(
                    field.type == .date
                        ? SalesforceDates.day(instant, calendar: calendar) : SalesforceDates.dateTime(instant)))
        case .boolean:
            guard case .bool = value else { return .failure(Reason(text: "expected true or false")) }
            return .success(value)
        case .currency, .double, .percent:
            guard let number = SOQLNumbers.double(value) else { return .failure(Reason(text: "expected a number")) }
            return .success(value.intValue.map(JSONValue.int) ?? .double(number))
        case .int:
            guard let number = value.intValue else { return .failure(Reason(text: "expected a whole number")) }
            return .success(.int(number))
        case .id:
            return .failure(Reason(text: "cannot be set"))
        default:
            switch value {
            case .string: return .success(value)
            case .int, .double, .bool: return .success(.string(value.description))
            default: return .failure(Reason(text: "expected text"))
            }
        }
    }

    /// The `User` record of the token's user.
    public var userRecord: SObjectRecord { records["User"]?.first ?? [:] }

    /// Fields Salesforce computes: full names, closed and won flags, case numbers. Fixtures may set
    /// them; with `recompute` (after an API write) they follow the fields they derive from.
    public static func derive(_ record: inout SObjectRecord, object: String, index: Int, recompute: Bool = false) {
        func set(_ key: String, _ value: JSONValue) { if recompute || record[key] == nil { record[key] = value } }
        switch object {
        case "Contact", "Lead":
            let parts = [record["FirstName"]?.stringValue, record["LastName"]?.stringValue].compactMap { $0 }
            set("Name", .string(parts.joined(separator: " ")))
            if object == "Lead" { set("IsConverted", false) }
        case "Opportunity":
            let stage = record["StageName"]?.stringValue ?? ""
            set("IsClosed", .bool(stage.hasPrefix("Closed")))
            set("IsWon", .bool(stage == "Closed Won"))
        case "Case":
            if record["CaseNumber"] == nil { record["CaseNumber"] = .string(String(format: "%08d", 1001 + index)) }
            if (record["Status"] ?? .null) == .null { record["Status"] = "New" }
            set("IsClosed", .bool(record["Status"]?.stringValue == "Closed"))
        default:
            break
        }
    }
}

/// Numbers of JSON values.
enum SOQLNumbers {
    static func double(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let n): return Double(n)
        case .double(let d): return d
        default: return nil
        }
    }
}
