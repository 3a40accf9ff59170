import FakeAuth0
import Foundation

/// Checks the JSON body of an sObject create or update the way Salesforce does and turns it into
/// field values: field names exist and are writable, values suit the field types, references point
/// at existing records, and a create sets every required field.
public struct SObjectWriteCheck: Sendable {
    public let schema: SObjectSchema
    public let database: SObjectDatabase

    public init(schema: SObjectSchema, database: SObjectDatabase) {
        self.schema = schema
        self.database = database
    }

    /// The fields to store, by their canonical names.
    public func fields(_ body: JSONValue, creating: Bool) throws(SalesforceError) -> SObjectRecord {
        guard case .object(let given) = body else {
            throw SalesforceError("JSON_PARSER_ERROR", "The request body must be a JSON object of field values.")
        }
        var out: SObjectRecord = [:]
        var readOnly: [String] = []
        for (key, value) in given.sorted(by: { $0.key < $1.key }) {
            if key == "attributes" { continue }
            guard let field = schema.field(key) else {
                throw SalesforceError(
                    "INVALID_FIELD", "No such column '\(key)' on sobject of type \(schema.name)", fields: [key])
            }
            guard field.writable else {
                readOnly.append(field.name)
                continue
            }
            out[field.name] = try normalized(value, for: field)
        }
        if !readOnly.isEmpty {
            throw SalesforceError(
                "INVALID_FIELD_FOR_INSERT_UPDATE",
                "Unable to create/update fields: \(readOnly.joined(separator: ", ")). Please check the security settings of this field and verify that it is read/write for your profile or permission set.",
                fields: readOnly)
        }
        if creating {
            let missing = schema.fields.filter { $0.required && (out[$0.name] ?? .null) == .null }.map(\.name)
            if !missing.isEmpty {
                throw SalesforceError(
                    "REQUIRED_FIELD_MISSING", "Required fields are missing: [\(missing.joined(separator: ", "))]",
                    fields: missing)
            }
        } else {
            let cleared = schema.fields.filter { $0.required && out[$0.name] == .null }.map(\.name)
            if !cleared.isEmpty {
                throw SalesforceError(
                    "REQUIRED_FIELD_MISSING", "Required fields are missing: [\(cleared.joined(separator: ", "))]",
                    fields: cleared)
            }
        }
        return out
    }

    func normalized(_ value: JSONValue, for field: SObjectField) throws(SalesforceError) -> JSONValue {
        if value == .null { return .null }
        func parseError(_ kind: String) -> SalesforceError {
            SalesforceError(
                "JSON_PARSER_ERROR", "Cannot deserialize instance of \(kind) from \(value) for field \(field.name)",
                fields: [field.name])
        }
        switch field.type {
        case .boolean:
            guard case .bool = value else { throw parseError("boolean") }
            return value
        case .currency, .double, .percent:
            if let number = SOQLEvaluator.number(value) { return .double(number) }
            if let text = value.stringValue, let number = Double(text), number.isFinite { return .double(number) }
            throw parseError("double")
        case .int:
            if let number = value.intValue { return .int(number) }
            if let text = value.stringValue, let number = Int(text) { return .int(number) }
            throw parseError("int")
        case .date:
            guard let text = value.stringValue else { throw parseError("date") }
            let day = String(text.prefix(10))
            guard SalesforceDates.isDay(day), text.count == 10 || SalesforceDates.parseDateTime(text) != nil else {
                throw parseError("date")
            }
            return .string(day)
        case .datetime:
            guard let text = value.stringValue, let instant = SalesforceDates.parseDateTime(text) else {
                throw parseError("datetime")
            }
            return .string(SalesforceDates.dateTime(instant))
        case .reference:
            guard let id = value.stringValue else { throw parseError("reference") }
            guard SalesforceIDs.isWellFormed(id), let target = database.record(id: id),
                let targetID = target["Id"]?.stringValue,
                let targetSchema = field.referenceTo.flatMap(database.schema(named:)),
                targetID.hasPrefix(targetSchema.keyPrefix)
            else {
                throw SalesforceError(
                    "MALFORMED_ID", "\(field.label): id value of incorrect type: \(id)", fields: [field.name])
            }
            return .string(targetID)
        case .id:
            throw parseError("id")
        default:
            guard let text = value.stringValue else {
                if SOQLEvaluator.number(value) != nil || value == .bool(true) || value == .bool(false) {
                    return .string(value.description)
                }
                throw parseError("string")
            }
            return .string(text)
        }
    }
}

/// The `describe` answers of the REST API: one object's fields, and the list of objects.
public enum SObjectDescribe {
    /// `GET sobjects/{Object}/describe`.
    public static func object(_ schema: SObjectSchema, apiVersion: String) -> JSONValue {
        let base = "/services/data/v\(apiVersion)/sobjects/\(schema.name)"
        var summary = globalEntry(schema, apiVersion: apiVersion)
        guard case .object(var fields) = summary else { return summary }
        fields["fields"] = .array(
            schema.fields.map { field in
                .object([
                    "name": .string(field.name), "label": .string(field.label), "type": .string(field.type.rawValue),
                    "soapType": .string(field.type.soapType), "custom": .bool(SObjectSchema.isCustom(field.name)),
                    "nillable": .bool(!field.required && field.type != .id && field.type != .boolean),
                    "createable": .bool(field.writable), "updateable": .bool(field.writable),
                    "filterable": true, "sortable": .bool(field.type != .textarea),
                    "referenceTo": .array(field.referenceTo.map { [.string($0)] } ?? []),
                    "relationshipName": field.relationshipName.map(JSONValue.string) ?? .null,
                    "length": .int(field.type.isText ? (field.type == .id || field.type == .reference ? 18 : 255) : 0),
                ])
            })
        fields["childRelationships"] = []
        fields["recordTypeInfos"] = []
        fields["urls"] = .object([
            "sobject": .string(base), "describe": .string(base + "/describe"),
            "rowTemplate": .string(base + "/{ID}"),
        ])
        summary = .object(fields)
        return summary
    }

    /// One entry of `GET sobjects`.
    public static func globalEntry(_ schema: SObjectSchema, apiVersion: String) -> JSONValue {
        let base = "/services/data/v\(apiVersion)/sobjects/\(schema.name)"
        return .object([
            "name": .string(schema.name), "label": .string(schema.label), "labelPlural": .string(schema.labelPlural),
            "keyPrefix": .string(schema.keyPrefix), "custom": .bool(SObjectSchema.isCustom(schema.name)),
            "createable": true, "updateable": true, "deletable": true, "queryable": true, "searchable": true,
            "retrieveable": true,
            "urls": .object([
                "sobject": .string(base), "describe": .string(base + "/describe"),
                "rowTemplate": .string(base + "/{ID}"),
            ]),
        ])
    }
}
