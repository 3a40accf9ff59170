import FakeAuth0
import Foundation

/// The answer to a query before paging: how many records matched and the records as Salesforce
/// writes them (`attributes`, then the selected fields; relationship fields as nested records).
public struct SOQLResult: Sendable, Equatable {
    public var totalSize: Int
    public var records: [JSONValue]
}

/// Runs parsed SOQL over an `SObjectDatabase`, checking field names and literal types as Salesforce
/// does (`INVALID_TYPE`, `INVALID_FIELD`) and reading relative date literals against `now` in
/// `calendar`'s time zone.
public struct SOQLEvaluator: Sendable {
    public let database: SObjectDatabase
    public let now: Date
    public let calendar: Calendar
    /// The API version of the request (`59.0`), for the records' `attributes.url`.
    public let apiVersion: String

    public init(database: SObjectDatabase, now: Date, calendar: Calendar, apiVersion: String) {
        self.database = database
        self.now = now
        self.calendar = calendar
        self.apiVersion = apiVersion
    }

    /// A field reached from the queried object, possibly through relationships.
    struct Path {
        /// The relationships followed, with the object each leads to.
        var hops: [(field: SObjectField, target: SObjectSchema)]
        var leaf: SObjectField
    }

    /// Parses and runs `soql`; `includeDeleted` for `queryAll`.
    public func run(_ soql: String, includeDeleted: Bool = false) throws(SalesforceError) -> SOQLResult {
        try run(SOQLParser.parse(soql), includeDeleted: includeDeleted)
    }

    public func run(_ query: SOQLQuery, includeDeleted: Bool = false) throws(SalesforceError) -> SOQLResult {
        guard let schema = database.schema(named: query.object) else {
            throw .query(
                "INVALID_TYPE",
                "sObject type '\(query.object)' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.",
                soql: query.text, at: query.objectOffset)
        }
        var selected: [Path] = []
        var countPath: Path?
        for (selection, offset) in zip(query.selections, query.selectionOffsets) {
            switch selection {
            case .field(let name):
                let path = try resolve(name, on: schema, query: query, offset: offset)
                if !selected.contains(where: { Self.sameField($0, path) }) { selected.append(path) }
            case .countField(let name, _):
                let nameOffset = offset + "COUNT(".count
                countPath = try resolve(name, on: schema, query: query, offset: nameOffset)
            case .count:
                break
            }
        }
        let condition = try query.condition.map { (c) throws(SalesforceError) in
            try compile(c, schema: schema, query: query)
        }
        let orderings = try query.orderBy.map { (o) throws(SalesforceError) in
            (path: try resolve(o.field, on: schema, query: query, offset: o.offset), ordering: o)
        }
        var rows = (database.records[schema.name] ?? []).filter { record in
            includeDeleted || record["IsDeleted"] != .bool(true)
        }
        if let condition { rows = rows.filter { condition($0) } }
        if !orderings.isEmpty {
            rows = rows.enumerated().sorted { a, b in
                for (path, ordering) in orderings {
                    let order = compareForSort(value(a.element, path), value(b.element, path), path.leaf.type, ordering)
                    if order != .orderedSame { return order == .orderedAscending }
                }
                return a.offset < b.offset
            }.map(\.element)
        }
        if let offset = query.offset { rows = Array(rows.dropFirst(offset)) }
        if let limit = query.limit { rows = Array(rows.prefix(limit)) }
        if query.isCount { return SOQLResult(totalSize: rows.count, records: []) }
        if let countPath, case .countField(_, let alias) = query.selections.first {
            let count = rows.filter { (value($0, countPath) ?? .null) != .null }.count
            let record: JSONValue = .object([
                "attributes": .object(["type": "AggregateResult"]), alias ?? "expr0": .int(count),
            ])
            return SOQLResult(totalSize: 1, records: [record])
        }
        return SOQLResult(totalSize: rows.count, records: rows.map { render($0, schema: schema, paths: selected) })
    }

    // MARK: Fields

    static func sameField(_ a: Path, _ b: Path) -> Bool {
        a.leaf.name == b.leaf.name && a.hops.map(\.field.name) == b.hops.map(\.field.name)
    }

    func resolve(_ name: String, on schema: SObjectSchema, query: SOQLQuery, offset: Int) throws(SalesforceError)
        -> Path
    {
        var parts = name.split(separator: ".").map(String.init)
        // A field may be prefixed by the object's own name (`Opportunity.Name`).
        if parts.count > 1, parts[0].caseInsensitiveCompare(schema.name) == .orderedSame { parts.removeFirst() }
        var current = schema
        var hops: [(field: SObjectField, target: SObjectSchema)] = []
        for part in parts.dropLast() {
            guard let reference = current.relationship(part), let targetName = reference.referenceTo,
                let target = database.schema(named: targetName)
            else {
                throw .query(
                    "INVALID_FIELD",
                    "Didn't understand relationship '\(part)' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.",
                    soql: query.text, at: offset)
            }
            hops.append((reference, target))
            current = target
        }
        guard let last = parts.last, let leaf = current.field(last) else {
            throw .query(
                "INVALID_FIELD",
                "No such column '\(parts.last ?? name)' on entity '\(current.name)'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
                soql: query.text, at: offset)
        }
        return Path(hops: hops, leaf: leaf)
    }

    func value(_ record: SObjectRecord, _ path: Path) -> JSONValue? {
        var current = record
        for hop in path.hops {
            guard let id = current[hop.field.name]?.stringValue, let next = database.record(id: id) else { return nil }
            current = next
        }
        guard let value = current[path.leaf.name], value != .null else { return nil }
        return value
    }

    // MARK: Rendering

    /// `attributes` of a record: its type and REST URL.
    public func attributes(type: String, id: String?) -> JSONValue {
        var attributes: [String: JSONValue] = ["type": .string(type)]
        if let id { attributes["url"] = .string("/services/data/v\(apiVersion)/sobjects/\(type)/\(id)") }
        return .object(attributes)
    }

    func render(_ record: SObjectRecord, schema: SObjectSchema, paths: [Path]) -> JSONValue {
        var out: [String: JSONValue] = ["attributes": attributes(type: schema.name, id: record["Id"]?.stringValue)]
        for path in paths { place(path, hop: 0, from: record, schema: schema, into: &out) }
        return .object(out)
    }

    private func place(
        _ path: Path, hop: Int, from record: SObjectRecord, schema: SObjectSchema, into out: inout [String: JSONValue]
    ) {
        guard hop < path.hops.count else {
            out[path.leaf.name] = record[path.leaf.name] ?? .null
            return
        }
        let (field, target) = path.hops[hop]
        let key = field.relationshipName ?? field.name
        guard let id = record[field.name]?.stringValue, let parent = database.record(id: id) else {
            if out[key] == nil { out[key] = .null }
            return
        }
        var nested: [String: JSONValue]
        if case .object(let existing) = out[key] {
            nested = existing
        } else {
            nested = ["attributes": attributes(type: target.name, id: id)]
        }
        place(path, hop: hop + 1, from: parent, schema: target, into: &nested)
        out[key] = .object(nested)
    }

    // MARK: Conditions

    typealias Predicate = (SObjectRecord) -> Bool

    func compile(_ condition: SOQLQuery.Condition, schema: SObjectSchema, query: SOQLQuery) throws(SalesforceError)
        -> Predicate
    {
        switch condition {
        case .and(let a, let b):
            let (left, right) = (
                try compile(a, schema: schema, query: query), try compile(b, schema: schema, query: query)
            )
            return { left($0) && right($0) }
        case .or(let a, let b):
            let (left, right) = (
                try compile(a, schema: schema, query: query), try compile(b, schema: schema, query: query)
            )
            return { left($0) || right($0) }
        case .not(let a):
            let inner = try compile(a, schema: schema, query: query)
            return { !inner($0) }
        case .like(let field, let pattern, let offset):
            let path = try resolve(field, on: schema, query: query, offset: offset)
            guard path.leaf.type.isText else {
                throw .query(
                    "INVALID_FIELD", "invalid operator on field \(path.leaf.name): LIKE applies to text fields only",
                    soql: query.text, at: offset)
            }
            let matcher = LikePattern(pattern)
            return { record in self.value(record, path)?.stringValue.map(matcher.matches) ?? false }
        case .isIn(let field, let values, let negated, let offset):
            let path = try resolve(field, on: schema, query: query, offset: offset)
            let tests = try values.map { (v) throws(SalesforceError) in
                try test(path: path, op: "=", literal: v, query: query, offset: offset)
            }
            return { record in
                let value = self.value(record, path)
                let found = tests.contains { $0(value) }
                return negated ? !found : found
            }
        case .compare(let field, let op, let literal, let offset):
            let path = try resolve(field, on: schema, query: query, offset: offset)
            let test = try test(path: path, op: op, literal: literal, query: query, offset: offset)
            return { record in test(self.value(record, path)) }
        }
    }

    /// A test of a field value against a literal, after checking that the literal suits the field's type.
    func test(path: Path, op: String, literal: SOQLQuery.Literal, query: SOQLQuery, offset: Int) throws(SalesforceError)
        -> (JSONValue?) -> Bool
    {
        let type = path.leaf.type
        func wrongType(_ expected: String, quoted: Bool) -> SalesforceError {
            .query(
                "INVALID_FIELD",
                "value of filter criterion for field '\(path.leaf.name)' must be of type \(expected) and should \(quoted ? "" : "not ")be enclosed in quotes",
                soql: query.text, at: offset)
        }
        if literal == .null {
            guard op == "=" || op == "!=" else { throw wrongType(type.rawValue, quoted: type.isText) }
            return { value in (value == nil) == (op == "=") }
        }
        func ordered(_ order: @escaping (JSONValue) -> ComparisonResult?) -> (JSONValue?) -> Bool {
            { value in
                guard let value else { return op == "!=" }
                guard let result = order(value) else { return op == "!=" }
                switch op {
                case "=": return result == .orderedSame
                case "!=": return result != .orderedSame
                case "<": return result == .orderedAscending
                case "<=": return result != .orderedDescending
                case ">": return result == .orderedDescending
                default: return result != .orderedAscending
                }
            }
        }
        if type.isText {
            guard case .string(let expected) = literal else { throw wrongType("string", quoted: true) }
            let plain = expected.replacingOccurrences(of: "\\_", with: "_").replacingOccurrences(of: "\\%", with: "%")
            if type == .id || type == .reference {
                return ordered { value in
                    guard let text = value.stringValue else { return nil }
                    if plain.count == 15, text.count == 18, text.hasPrefix(plain) { return .orderedSame }
                    return text.compare(plain)
                }
            }
            return ordered { $0.stringValue.map { $0.caseInsensitiveCompare(plain) } }
        }
        if type.isNumber {
            guard case .number(let expected) = literal else {
                throw wrongType(type == .int ? "int" : "double", quoted: false)
            }
            return ordered {
                Self.number($0).map {
                    $0 < expected ? .orderedAscending : $0 > expected ? .orderedDescending : .orderedSame
                }
            }
        }
        if type == .boolean {
            guard case .boolean(let expected) = literal, op == "=" || op == "!=" else {
                throw wrongType("boolean", quoted: false)
            }
            return { value in (value == .bool(expected)) == (op == "=") }
        }
        // Dates and date-times: an absolute literal, or a relative one standing for a range.
        let isDate = type == .date
        switch literal {
        case .date(let text):
            if isDate {
                guard SalesforceDates.isDay(text) else { throw wrongType("date", quoted: false) }
                return ordered { $0.stringValue.map { $0.compare(text) } }
            }
            guard let instant = SalesforceDates.parseDateTime(text) else { throw wrongType("dateTime", quoted: false) }
            return ordered { $0.stringValue.flatMap(SalesforceDates.parseDateTime).map { $0.compare(instant) } }
        case .relative(let relative):
            let range = relative.range(now: now, calendar: calendar)
            if isDate {
                let (start, end) = (
                    SalesforceDates.day(range.lowerBound, calendar: calendar),
                    SalesforceDates.day(range.upperBound, calendar: calendar)
                )
                return ordered { value in
                    guard let day = value.stringValue else { return nil }
                    return day < start ? .orderedAscending : day >= end ? .orderedDescending : .orderedSame
                }
            }
            return ordered { value in
                guard let instant = value.stringValue.flatMap(SalesforceDates.parseDateTime) else { return nil }
                return instant < range.lowerBound
                    ? .orderedAscending : instant >= range.upperBound ? .orderedDescending : .orderedSame
            }
        default:
            throw wrongType(isDate ? "date" : "dateTime", quoted: false)
        }
    }

    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let n): return Double(n)
        case .double(let d): return d
        default: return nil
        }
    }

    // MARK: Ordering

    func compareForSort(_ a: JSONValue?, _ b: JSONValue?, _ type: SObjectFieldType, _ ordering: SOQLQuery.Ordering)
        -> ComparisonResult
    {
        switch (a, b) {
        case (nil, nil): return .orderedSame
        case (nil, _): return ordering.nullsFirst ? .orderedAscending : .orderedDescending
        case (_, nil): return ordering.nullsFirst ? .orderedDescending : .orderedAscending
        case (let a?, let b?):
            var result: ComparisonResult
            if type.isNumber, let x = Self.number(a), let y = Self.number(b) {
                result = x < y ? .orderedAscending : x > y ? .orderedDescending : .orderedSame
            } else if type == .boolean {
                let (x, y) = (a == .bool(true) ? 1 : 0, b == .bool(true) ? 1 : 0)
                result = x < y ? .orderedAscending : x > y ? .orderedDescending : .orderedSame
            } else if type == .datetime, let x = a.stringValue.flatMap(SalesforceDates.parseDateTime),
                let y = b.stringValue.flatMap(SalesforceDates.parseDateTime)
            {
                result = x.compare(y)
            } else {
                result = (a.stringValue ?? a.description).caseInsensitiveCompare(b.stringValue ?? b.description)
            }
            if ordering.descending {
                result =
                    result == .orderedAscending
                    ? .orderedDescending : result == .orderedDescending ? .orderedAscending : .orderedSame
            }
            return result
        }
    }
}

/// A SOQL `LIKE` pattern: `%` any run of characters, `_` one character, `\%` and `\_` themselves;
/// matched case-insensitively.
struct LikePattern: Sendable {
    enum Piece: Equatable {
        case char(Character)
        case one, any
    }
    let pieces: [Piece]

    init(_ pattern: String) {
        var pieces: [Piece] = []
        var escaped = false
        for c in pattern.lowercased() {
            if escaped {
                pieces.append(.char(c))
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                pieces.append(c == "%" ? .any : c == "_" ? .one : .char(c))
            }
        }
        self.pieces = pieces
    }

    func matches(_ text: String) -> Bool {
        let chars = Array(text.lowercased())
        // Iterative wildcard matching with one backtrack point: linear in practice, never recursive.
        var (p, t) = (0, 0)
        var star: Int?
        var mark = 0
        while t < chars.count {
            if p < pieces.count, pieces[p] == .one || pieces[p] == .char(chars[t]) {
                p += 1
                t += 1
            } else if p < pieces.count, pieces[p] == .any {
                star = p
                mark = t
                p += 1
            } else if let s = star {
                p = s + 1
                mark += 1
                t = mark
            } else {
                return false
            }
        }
        while p < pieces.count, pieces[p] == .any { p += 1 }
        return p == pieces.count
    }
}
