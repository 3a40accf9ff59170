import FakeAuth0
import Foundation

/// An OData `$filter` expression of the subset Graph clients use: `eq`, `ne`, `gt`, `ge`, `lt`, `le`,
/// `and`, `or`, `not`, parentheses, `contains`, `startswith`, `endswith`, over property paths
/// (`from/emailAddress/address`) and string, number, boolean, `null` and date-time literals.
public indirect enum ODataFilter: Sendable, Equatable {
    public enum Literal: Sendable, Equatable {
        case string(String)
        case number(Double)
        case boolean(Bool)
        case null
        /// An unquoted date-time (`2026-11-25T09:00:00Z`).
        case dateTime(Date)
    }

    case and(ODataFilter, ODataFilter)
    case or(ODataFilter, ODataFilter)
    case not(ODataFilter)
    case compare(path: [String], op: String, value: Literal)
    /// `contains`, `startswith` or `endswith` of a text property.
    case text(function: String, path: [String], value: String)

    /// Parses `text`; the first segment of every property path must be in `properties` (compared
    /// case-insensitively; paths come back in the spelling of `properties`).
    public static func parse(_ text: String, properties: Set<String>, type: String) throws(GraphError) -> ODataFilter {
        var parser = ODataFilterParser(
            text: text, tokens: try ODataFilterParser.tokens(text), properties: properties, type: type)
        let filter = try parser.expression()
        guard parser.atEnd else { throw parser.invalid() }
        return filter
    }

    /// Whether `object` passes. Text compares case-insensitively, as Exchange does.
    public func matches(_ object: JSONValue) -> Bool {
        switch self {
        case .and(let a, let b): return a.matches(object) && b.matches(object)
        case .or(let a, let b): return a.matches(object) || b.matches(object)
        case .not(let a): return !a.matches(object)
        case .text(let function, let path, let needle):
            guard let value = ODataPath.value(object, path)?.stringValue?.lowercased() else { return false }
            let n = needle.lowercased()
            switch function {
            case "contains": return value.contains(n)
            case "startswith": return value.hasPrefix(n)
            default: return value.hasSuffix(n)
            }
        case .compare(let path, let op, let literal):
            let value = ODataPath.value(object, path) ?? .null
            guard let order = Self.compare(value, literal) else { return op == "ne" }
            switch op {
            case "eq": return order == .orderedSame
            case "ne": return order != .orderedSame
            case "lt": return order == .orderedAscending
            case "le": return order != .orderedDescending
            case "gt": return order == .orderedDescending
            default: return order != .orderedAscending
            }
        }
    }

    static func compare(_ value: JSONValue, _ literal: Literal) -> ComparisonResult? {
        switch (value, literal) {
        case (.null, .null): return .orderedSame
        case (_, .null), (.null, _): return nil
        case (.string(let s), .string(let t)): return s.caseInsensitiveCompare(t)
        case (.bool(let b), .boolean(let c)):
            return b == c ? .orderedSame : (b ? .orderedDescending : .orderedAscending)
        case (.string(let s), .dateTime(let d)):
            guard let date = ODataDates.parse(s) else { return nil }
            return date.compare(d)
        case (_, .number(let n)):
            let x: Double
            switch value {
            case .int(let i): x = Double(i)
            case .double(let d): x = d
            default: return nil
            }
            return x < n ? .orderedAscending : x > n ? .orderedDescending : .orderedSame
        default: return nil
        }
    }
}

/// Property paths inside Graph JSON objects (`from/emailAddress/address`).
enum ODataPath {
    static func value(_ object: JSONValue, _ path: [String]) -> JSONValue? {
        var current = object
        for key in path {
            guard case .object(let fields) = current, let next = fields[key] else { return nil }
            current = next
        }
        return current
    }
}

/// Graph's date-time text: `2026-11-25T09:00:00Z`, with optional fractions and offset.
public enum ODataDates {
    public static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        // Graph's event times: `2026-11-25T09:00:00.0000000` with the time zone given apart (UTC here).
        let trimmed = text.split(separator: ".").first.map(String.init) ?? text
        return formatter.date(from: trimmed + "Z")
    }
}

struct ODataFilterParser {
    enum Token: Equatable {
        case word(String)
        case string(String)
        case number(String)
        case open, close, comma
    }

    let text: String
    let tokens: [Token]
    let properties: Set<String>
    let type: String
    var position = 0

    init(text: String, tokens: [Token], properties: Set<String>, type: String) {
        self.text = text
        self.tokens = tokens
        self.properties = properties
        self.type = type
    }

    var atEnd: Bool { position >= tokens.count }

    func invalid() -> GraphError {
        .badRequest("Invalid filter clause: syntax error at position \(position) in '\(text)'.")
    }

    static func tokens(_ text: String) throws(GraphError) -> [Token] {
        let chars = Array(text)
        var tokens: [Token] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace {
                i += 1
            } else if c == "(" {
                tokens.append(.open)
                i += 1
            } else if c == ")" {
                tokens.append(.close)
                i += 1
            } else if c == "," {
                tokens.append(.comma)
                i += 1
            } else if c == "'" {
                var value = ""
                i += 1
                var closed = false
                while i < chars.count {
                    if chars[i] == "'" {
                        if i + 1 < chars.count, chars[i + 1] == "'" {
                            value.append("'")
                            i += 2
                            continue
                        }
                        closed = true
                        i += 1
                        break
                    }
                    value.append(chars[i])
                    i += 1
                }
                guard closed else {
                    throw .badRequest("Invalid filter clause: unterminated string literal in '\(text)'.")
                }
                tokens.append(.string(value))
            } else if c.isNumber || c == "-" {
                let start = i
                i += 1
                while i < chars.count, chars[i].isNumber || ".-:TZ+".contains(chars[i]) { i += 1 }
                tokens.append(.number(String(chars[start..<i])))
            } else if c.isLetter || c == "_" || c == "@" {
                let start = i
                while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" || chars[i] == "/" {
                    i += 1
                }
                tokens.append(.word(String(chars[start..<i])))
            } else {
                throw .badRequest("Invalid filter clause: unexpected character '\(c)' in '\(text)'.")
            }
        }
        return tokens
    }

    mutating func next() -> Token? {
        guard position < tokens.count else { return nil }
        defer { position += 1 }
        return tokens[position]
    }

    func peekWord() -> String? {
        guard position < tokens.count, case .word(let w) = tokens[position] else { return nil }
        return w.lowercased()
    }

    mutating func expression() throws(GraphError) -> ODataFilter {
        var left = try conjunction()
        while peekWord() == "or" {
            position += 1
            left = .or(left, try conjunction())
        }
        return left
    }

    mutating func conjunction() throws(GraphError) -> ODataFilter {
        var left = try unary()
        while peekWord() == "and" {
            position += 1
            left = .and(left, try unary())
        }
        return left
    }

    mutating func unary() throws(GraphError) -> ODataFilter {
        if peekWord() == "not" {
            position += 1
            return .not(try unary())
        }
        if position < tokens.count, tokens[position] == .open {
            position += 1
            let inner = try expression()
            guard next() == .close else { throw invalid() }
            return inner
        }
        guard case .word(let word)? = next() else { throw invalid() }
        let lower = word.lowercased()
        if ["contains", "startswith", "endswith"].contains(lower) {
            guard next() == .open, case .word(let property)? = next(), next() == .comma,
                case .string(let value)? = next(),
                next() == .close
            else { throw invalid() }
            return .text(function: lower, path: try path(property), value: value)
        }
        if position < tokens.count, tokens[position] == .open {
            throw .badRequest("Invalid filter clause: the function '\(word)' is not supported.")
        }
        let property = try path(word)
        guard let op = peekWord(), ["eq", "ne", "gt", "ge", "lt", "le"].contains(op) else { throw invalid() }
        position += 1
        return .compare(path: property, op: op, value: try literal())
    }

    func path(_ text: String) throws(GraphError) -> [String] {
        var parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, !parts.contains(where: \.isEmpty) else { throw invalid() }
        guard let known = properties.first(where: { $0.caseInsensitiveCompare(first) == .orderedSame }) else {
            throw .badRequest("Could not find a property named '\(first)' on type 'microsoft.graph.\(type)'.")
        }
        parts[0] = known
        return parts
    }

    mutating func literal() throws(GraphError) -> ODataFilter.Literal {
        switch next() {
        case .string(let value)?: return .string(value)
        case .number(let text)?:
            if text.contains("T"), let date = ODataDates.parse(text) { return .dateTime(date) }
            guard let value = Double(text), value.isFinite else { throw invalid() }
            return .number(value)
        case .word(let word)?:
            switch word.lowercased() {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            case "null": return .null
            default: throw invalid()
            }
        default: throw invalid()
        }
    }
}
