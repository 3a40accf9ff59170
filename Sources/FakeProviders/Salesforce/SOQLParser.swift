import FakeAuth0
import Foundation

/// Parses the SOQL subset: `SELECT` fields (relationship paths too), `COUNT()`, `FROM`, `WHERE` with
/// comparisons, `LIKE`, `IN`, `NOT IN`, `AND`, `OR`, `NOT` and parentheses, `ORDER BY`, `LIMIT`, `OFFSET`.
/// Like Salesforce it refuses `AND` and `OR` mixed without parentheses.
public struct SOQLParser {
    /// The largest `LIMIT` accepted.
    public static let maximumLimit = 50_000
    /// The largest `OFFSET` Salesforce allows.
    public static let maximumOffset = 2_000

    static let reserved: Set<String> = [
        "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "ORDER", "BY", "LIMIT", "OFFSET", "ASC", "DESC", "NULLS",
        "FIRST", "LAST", "LIKE", "IN", "NULL", "TRUE", "FALSE", "GROUP", "HAVING", "INCLUDES", "EXCLUDES", "WITH",
        "FOR", "USING", "TYPEOF",
    ]

    let text: String
    let tokens: [SOQLToken]
    var position = 0

    /// Parses `soql`, or throws `MALFORMED_QUERY` (or `NUMBER_OUTSIDE_VALID_RANGE` for a too large `OFFSET`).
    public static func parse(_ soql: String) throws(SalesforceError) -> SOQLQuery {
        var parser = SOQLParser(text: soql, tokens: try SOQLLexer.tokens(soql))
        return try parser.query()
    }

    private init(text: String, tokens: [SOQLToken]) {
        self.text = text
        self.tokens = tokens
    }

    private var current: SOQLToken { tokens[position] }

    private mutating func advance() -> SOQLToken {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private func unexpected(_ token: SOQLToken? = nil) -> SalesforceError {
        let token = token ?? current
        return .malformed("unexpected token: \(token.display)", soql: text, at: token.offset)
    }

    private mutating func expect(keyword: String) throws(SalesforceError) {
        guard current.keyword == keyword else { throw unexpected() }
        _ = advance()
    }

    private mutating func expect(symbol: String) throws(SalesforceError) {
        guard current.kind == .symbol(symbol) else { throw unexpected() }
        _ = advance()
    }

    private mutating func acceptComma() -> Bool {
        guard current.kind == .symbol(",") else { return false }
        _ = advance()
        return true
    }

    private mutating func accept(keyword: String) -> Bool {
        guard current.keyword == keyword else { return false }
        _ = advance()
        return true
    }

    private mutating func fieldName() throws(SalesforceError) -> (String, Int) {
        guard case .word(let name) = current.kind, let upper = current.keyword, !Self.reserved.contains(upper) else {
            throw unexpected()
        }
        let offset = current.offset
        guard !name.hasPrefix("."), !name.hasSuffix("."), !name.contains("..") else { throw unexpected() }
        _ = advance()
        return (name, offset)
    }

    private mutating func query() throws(SalesforceError) -> SOQLQuery {
        try expect(keyword: "SELECT")
        var selections: [SOQLQuery.Selection] = []
        var offsets: [Int] = []
        repeat {
            offsets.append(current.offset)
            selections.append(try selection())
        } while acceptComma()
        if selections.contains(.count), selections.count > 1 {
            throw .malformed("COUNT() may not be used with other fields", soql: text, at: offsets[1])
        }
        try expect(keyword: "FROM")
        guard case .word(let object) = current.kind, let upper = current.keyword, !Self.reserved.contains(upper),
            !object.contains(".")
        else { throw unexpected() }
        let objectOffset = advance().offset
        var condition: SOQLQuery.Condition?
        if accept(keyword: "WHERE") { condition = try disjunction() }
        var orderBy: [SOQLQuery.Ordering] = []
        if accept(keyword: "ORDER") {
            try expect(keyword: "BY")
            repeat { orderBy.append(try ordering()) } while acceptComma()
        }
        var limit: Int?
        var offset: Int?
        if accept(keyword: "LIMIT") { limit = try count(max: Self.maximumLimit, what: "LIMIT") }
        if accept(keyword: "OFFSET") { offset = try count(max: Self.maximumOffset, what: "OFFSET") }
        guard current.kind == .end else { throw unexpected() }
        if selections == [.count], !orderBy.isEmpty {
            throw .malformed("ORDER BY may not be used with COUNT()", soql: text, at: orderBy[0].offset)
        }
        return SOQLQuery(
            selections: selections, selectionOffsets: offsets, object: object, objectOffset: objectOffset,
            condition: condition, orderBy: orderBy, limit: limit, offset: offset, text: text)
    }

    private mutating func selection() throws(SalesforceError) -> SOQLQuery.Selection {
        if current.kind == .symbol("(") {
            throw .malformed("nested (parent-to-child) queries are not supported", soql: text, at: current.offset)
        }
        if current.keyword == "COUNT", tokens[position + 1].kind == .symbol("(") {
            _ = advance()
            _ = advance()
            if current.kind == .symbol(")") {
                _ = advance()
                return .count
            }
            let (field, _) = try fieldName()
            try expect(symbol: ")")
            var alias: String?
            if case .word(let name) = current.kind, let upper = current.keyword, !Self.reserved.contains(upper) {
                alias = name
                _ = advance()
            }
            return .countField(field, alias: alias)
        }
        if case .word = current.kind, tokens[position + 1].kind == .symbol("(") {
            throw .malformed("unsupported function: \(current.display)", soql: text, at: current.offset)
        }
        return .field(try fieldName().0)
    }

    private mutating func count(max: Int, what: String) throws(SalesforceError) -> Int {
        let token = advance()
        guard case .number(let digits) = token.kind, digits.allSatisfy(\.isNumber) else { throw unexpected(token) }
        guard let value = Int(digits), value <= max else {
            if what == "OFFSET" {
                throw SalesforceError(
                    "NUMBER_OUTSIDE_VALID_RANGE", "Maximum SOQL offset allowed is \(max)")
            }
            throw .malformed("\(what) must be a number from 0 to \(max)", soql: text, at: token.offset)
        }
        return value
    }

    private mutating func ordering() throws(SalesforceError) -> SOQLQuery.Ordering {
        let (field, offset) = try fieldName()
        var descending = false
        if accept(keyword: "DESC") {
            descending = true
        } else {
            _ = accept(keyword: "ASC")
        }
        var nullsFirst = !descending
        if accept(keyword: "NULLS") {
            if accept(keyword: "FIRST") {
                nullsFirst = true
            } else {
                try expect(keyword: "LAST")
                nullsFirst = false
            }
        }
        return SOQLQuery.Ordering(field: field, descending: descending, nullsFirst: nullsFirst, offset: offset)
    }

    private mutating func disjunction() throws(SalesforceError) -> SOQLQuery.Condition {
        let first = try unary()
        if current.keyword == "AND" {
            var result = first
            while accept(keyword: "AND") { result = .and(result, try unary()) }
            if current.keyword == "OR" { throw unexpected() }
            return result
        }
        if current.keyword == "OR" {
            var result = first
            while accept(keyword: "OR") { result = .or(result, try unary()) }
            if current.keyword == "AND" { throw unexpected() }
            return result
        }
        return first
    }

    private mutating func unary() throws(SalesforceError) -> SOQLQuery.Condition {
        if accept(keyword: "NOT") { return .not(try unary()) }
        if current.kind == .symbol("(") {
            _ = advance()
            let inner = try disjunction()
            try expect(symbol: ")")
            return inner
        }
        return try comparison()
    }

    private mutating func comparison() throws(SalesforceError) -> SOQLQuery.Condition {
        let (field, offset) = try fieldName()
        if accept(keyword: "LIKE") {
            let token = advance()
            guard case .string(let pattern) = token.kind else { throw unexpected(token) }
            return .like(field: field, pattern: pattern, offset: offset)
        }
        var negated = false
        if current.keyword == "NOT", tokens[position + 1].keyword == "IN" {
            _ = advance()
            negated = true
        }
        if accept(keyword: "IN") {
            try expect(symbol: "(")
            var values: [SOQLQuery.Literal] = []
            repeat { values.append(try literal()) } while acceptComma()
            try expect(symbol: ")")
            return .isIn(field: field, values: values, negated: negated, offset: offset)
        }
        let token = advance()
        guard case .symbol(let symbol) = token.kind, ["=", "!=", "<>", "<", ">", "<=", ">="].contains(symbol) else {
            throw unexpected(token)
        }
        return .compare(field: field, op: symbol == "<>" ? "!=" : symbol, value: try literal(), offset: offset)
    }

    private mutating func literal() throws(SalesforceError) -> SOQLQuery.Literal {
        let token = advance()
        switch token.kind {
        case .string(let value):
            return .string(value)
        case .number(let digits):
            if digits.dropFirst().contains("-") { return .date(digits) }
            guard let value = Double(digits), value.isFinite else { throw unexpected(token) }
            return .number(value)
        case .word:
            let upper = token.keyword ?? ""
            switch upper {
            case "NULL": return .null
            case "TRUE": return .boolean(true)
            case "FALSE": return .boolean(false)
            default: break
            }
            if let plain = SOQLDateLiteral.plain[upper] { return .relative(plain) }
            if let make = SOQLDateLiteral.counted[upper] {
                try expect(symbol: ":")
                let countToken = advance()
                guard case .number(let digits) = countToken.kind, digits.allSatisfy(\.isNumber) else {
                    throw unexpected(countToken)
                }
                guard let n = Int(digits), n <= SOQLDateLiteral.maximumCount else {
                    throw .malformed(
                        "\(upper):\(digits): n must be from 0 to \(SOQLDateLiteral.maximumCount)", soql: text,
                        at: countToken.offset)
                }
                return .relative(make(n))
            }
            throw unexpected(token)
        default:
            throw unexpected(token)
        }
    }
}
