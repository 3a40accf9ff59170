import Foundation

/// The type of an sObject field, as `describe` names it.
public enum SObjectFieldType: String, Sendable, Codable, Equatable {
    case id, string, textarea, email, phone, url, picklist, reference
    case currency, double, percent, int, boolean, date, datetime

    /// Whether values are text (compared case-insensitively, usable with `LIKE`).
    public var isText: Bool { [.id, .string, .textarea, .email, .phone, .url, .picklist, .reference].contains(self) }
    /// Whether values are numbers.
    public var isNumber: Bool { [.currency, .double, .percent, .int].contains(self) }
    /// The SOAP type `describe` reports.
    public var soapType: String {
        switch self {
        case .id, .reference: return "tns:ID"
        case .currency, .double, .percent: return "xsd:double"
        case .int: return "xsd:int"
        case .boolean: return "xsd:boolean"
        case .date: return "xsd:date"
        case .datetime: return "xsd:dateTime"
        default: return "xsd:string"
        }
    }
}

/// One field of an sObject type.
public struct SObjectField: Sendable, Equatable {
    public var name: String
    public var type: SObjectFieldType
    public var label: String
    /// For a reference: the object it points at and the relationship's name (`AccountId` → `Account`).
    public var referenceTo: String?
    public var relationshipName: String?
    /// Whether a create or update may set it (false for `Id`, system dates, formula-like fields).
    public var writable: Bool
    /// Whether a create must set it.
    public var required: Bool

    public init(
        _ name: String, _ type: SObjectFieldType, label: String? = nil, referenceTo: String? = nil,
        relationshipName: String? = nil, writable: Bool = true, required: Bool = false
    ) {
        self.name = name
        self.type = type
        self.label = label ?? Self.label(for: name)
        self.referenceTo = referenceTo
        self.relationshipName = relationshipName
        self.writable = writable
        self.required = required
    }

    /// `StageName` → `Stage Name`, `Custom_Field__c` → `Custom Field`.
    static func label(for name: String) -> String {
        var base = name.hasSuffix("__c") ? String(name.dropLast(3)) : name
        if base.hasSuffix("Id"), base.count > 2 { base = String(base.dropLast(2)) + " ID" }
        var label = ""
        for (index, character) in base.enumerated() {
            if character == "_" {
                label.append(" ")
                continue
            }
            if index > 0, character.isUppercase, let last = label.last, last.isLowercase { label.append(" ") }
            label.append(character)
        }
        return label
    }
}

/// An sObject type: its name, id prefix and fields. The standard objects the fake knows are
/// `Account`, `Contact`, `Opportunity`, `Lead`, `Case` and `User`; fixtures may add custom
/// objects and fields (`__c`), typed from their values.
public struct SObjectSchema: Sendable, Equatable {
    public var name: String
    public var label: String
    public var labelPlural: String
    /// The three-character id prefix (`006` for opportunities).
    public var keyPrefix: String
    public var fields: [SObjectField]

    public init(
        name: String, label: String? = nil, labelPlural: String? = nil, keyPrefix: String, fields: [SObjectField]
    ) {
        self.name = name
        self.label = label ?? SObjectField.label(for: name)
        self.labelPlural = labelPlural ?? (self.label.hasSuffix("s") ? self.label + "es" : self.label + "s")
        self.keyPrefix = keyPrefix
        self.fields = fields
    }

    /// The field called `name`, compared case-insensitively as SOQL does.
    public func field(_ name: String) -> SObjectField? {
        fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// The reference field whose relationship is called `name` (`Account` → `AccountId`).
    public func relationship(_ name: String) -> SObjectField? {
        fields.first { $0.relationshipName?.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// Whether `name` is a custom object or field name.
    public static func isCustom(_ name: String) -> Bool { name.hasSuffix("__c") && name.count > 3 }

    /// Fields every object has.
    public static func system(_ extra: [SObjectField]) -> [SObjectField] {
        [SObjectField("Id", .id, writable: false)] + extra + [
            SObjectField("OwnerId", .reference, label: "Owner ID", referenceTo: "User", relationshipName: "Owner"),
            SObjectField("IsDeleted", .boolean, label: "Deleted", writable: false),
            SObjectField("CreatedDate", .datetime, writable: false),
            SObjectField("LastModifiedDate", .datetime, writable: false),
        ]
    }

    /// The standard objects, by name.
    public static let standard: [SObjectSchema] = [
        SObjectSchema(
            name: "Account", keyPrefix: "001",
            fields: system([
                SObjectField("Name", .string, label: "Account Name", required: true),
                SObjectField("Type", .picklist, label: "Account Type"), SObjectField("Industry", .picklist),
                SObjectField(
                    "ParentId", .reference, label: "Parent Account ID", referenceTo: "Account",
                    relationshipName: "Parent"),
                SObjectField("BillingStreet", .textarea), SObjectField("BillingCity", .string),
                SObjectField("BillingState", .string), SObjectField("BillingPostalCode", .string),
                SObjectField("BillingCountry", .string), SObjectField("Phone", .phone, label: "Account Phone"),
                SObjectField("Website", .url), SObjectField("AnnualRevenue", .currency),
                SObjectField("NumberOfEmployees", .int, label: "Employees"), SObjectField("Description", .textarea),
            ])),
        SObjectSchema(
            name: "Contact", keyPrefix: "003",
            fields: system([
                SObjectField("FirstName", .string), SObjectField("LastName", .string, required: true),
                SObjectField("Name", .string, label: "Full Name", writable: false),
                SObjectField(
                    "AccountId", .reference, label: "Account ID", referenceTo: "Account", relationshipName: "Account"),
                SObjectField("Title", .string), SObjectField("Email", .email), SObjectField("Phone", .phone),
                SObjectField("MobilePhone", .phone), SObjectField("Department", .string),
                SObjectField("LeadSource", .picklist), SObjectField("MailingCity", .string),
                SObjectField("MailingCountry", .string), SObjectField("Description", .textarea),
            ])),
        SObjectSchema(
            name: "Opportunity", labelPlural: "Opportunities", keyPrefix: "006",
            fields: system([
                SObjectField("Name", .string, required: true),
                SObjectField(
                    "AccountId", .reference, label: "Account ID", referenceTo: "Account", relationshipName: "Account"),
                SObjectField("Amount", .currency), SObjectField("StageName", .picklist, label: "Stage", required: true),
                SObjectField("CloseDate", .date, required: true), SObjectField("Probability", .percent),
                SObjectField("Type", .picklist, label: "Opportunity Type"), SObjectField("LeadSource", .picklist),
                SObjectField("NextStep", .string), SObjectField("Description", .textarea),
                SObjectField("IsClosed", .boolean, label: "Closed", writable: false),
                SObjectField("IsWon", .boolean, label: "Won", writable: false),
                SObjectField("ForecastCategoryName", .picklist, label: "Forecast Category"),
            ])),
        SObjectSchema(
            name: "Lead", keyPrefix: "00Q",
            fields: system([
                SObjectField("FirstName", .string), SObjectField("LastName", .string, required: true),
                SObjectField("Name", .string, label: "Full Name", writable: false),
                SObjectField("Company", .string, required: true), SObjectField("Title", .string),
                SObjectField("Email", .email), SObjectField("Phone", .phone),
                SObjectField("Status", .picklist, label: "Lead Status"), SObjectField("LeadSource", .picklist),
                SObjectField("Rating", .picklist), SObjectField("Industry", .picklist),
                SObjectField("AnnualRevenue", .currency), SObjectField("NumberOfEmployees", .int, label: "Employees"),
                SObjectField("IsConverted", .boolean, label: "Converted", writable: false),
                SObjectField("Description", .textarea),
            ])),
        SObjectSchema(
            name: "Case", keyPrefix: "500",
            fields: system([
                SObjectField("CaseNumber", .string, writable: false), SObjectField("Subject", .string),
                SObjectField("Description", .textarea), SObjectField("Status", .picklist),
                SObjectField("Priority", .picklist), SObjectField("Origin", .picklist, label: "Case Origin"),
                SObjectField("Type", .picklist, label: "Case Type"),
                SObjectField("Reason", .picklist, label: "Case Reason"),
                SObjectField(
                    "AccountId", .reference, label: "Account ID", referenceTo: "Account", relationshipName: "Account"),
                SObjectField(
                    "ContactId", .reference, label: "Contact ID", referenceTo: "Contact", relationshipName: "Contact"),
                SObjectField("IsClosed", .boolean, label: "Closed", writable: false),
                SObjectField("ClosedDate", .datetime, label: "Closed Date", writable: false),
            ])),
        SObjectSchema(
            name: "User", keyPrefix: "005",
            fields: [
                SObjectField("Id", .id, writable: false), SObjectField("Username", .string),
                SObjectField("FirstName", .string), SObjectField("LastName", .string),
                SObjectField("Name", .string, label: "Full Name", writable: false), SObjectField("Email", .email),
                SObjectField("Title", .string), SObjectField("IsActive", .boolean, label: "Active"),
                SObjectField("IsDeleted", .boolean, label: "Deleted", writable: false),
                SObjectField("CreatedDate", .datetime, writable: false),
                SObjectField("LastModifiedDate", .datetime, writable: false),
            ]),
    ]

    /// A standard object by name, case-insensitively.
    public static func standard(named name: String) -> SObjectSchema? {
        standard.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// The type a custom field gets from a fixture value: booleans, numbers (`double`), and text.
    public static func inferredType(of value: JSONValue) -> SObjectFieldType? {
        switch value {
        case .bool: return .boolean
        case .int, .double: return .double
        case .string: return .string
        case .null: return nil
        case .array, .object: return nil
        }
    }
}
