import FakeAuth0
import Foundation

/// One lexical token of a SOQL query, with its character offset for error messages.
struct SOQLToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A name or keyword (`SELECT`, `Account.Name`, `LAST_N_DAYS`); dots are part of the name.
        case word(String)
        /// A quoted string literal, unescaped.
        case string(String)
        /// A number as written (`42`, `-3.5`).
        case number(String)
        /// `(`, `)`, `,`, `:`, or a comparison operator (`=`, `!=`, `<>`, `<`, `>`, `<=`, `>=`).
        case symbol(String)
        case end
    }

    var kind: Kind
    var offset: Int

    /// The word upper-cased, for keyword checks.
    var keyword: String? {
        if case .word(let text) = kind { return text.uppercased() }
        return nil
    }

    /// How the token reads in an error message.
    var display: String {
        switch kind {
        case .word(let text), .number(let text), .symbol(let text): return text
        case .string(let text): return "'\(text)'"
        case .end: return "<EOF>"
        }
    }
}

/// Splits SOQL text into tokens.
enum SOQLLexer {
    static func tokens(_ soql: String) throws(SalesforceError) -> [SOQLToken] {
        let chars = Array(soql)
        var tokens: [SOQLToken] = []
        var i = 0
        func isWordStart(_ c: Character) -> Bool { c.isLetter || c == "_" }
        func isWordPart(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "." }
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace {
                i += 1
                continue
            }
            let start = i
            if isWordStart(c) {
                while i < chars.count, isWordPart(chars[i]) { i += 1 }
                tokens.append(SOQLToken(kind: .word(String(chars[start..<i])), offset: start))
            } else if c.isNumber || (c == "-" || c == "+") && i + 1 < chars.count && chars[i + 1].isNumber {
                i += 1
                // Digits, a fraction, and the date/time characters of an unquoted date literal.
                while i < chars.count, chars[i].isNumber || ".-:TZ+".contains(chars[i]) {
                    if chars[i] == "-" || chars[i] == "+" || chars[i] == ":" {
                        // Only inside a date (2026-11-25T10:00:00Z), never a second sign.
                        guard i + 1 < chars.count, chars[i + 1].isNumber,
                            chars[start..<i].contains(where: { $0.isNumber })
                        else { break }
                        if chars[i] == ":" && !chars[start..<i].contains("T") { break }
                    }
                    i += 1
                }
                tokens.append(SOQLToken(kind: .number(String(chars[start..<i])), offset: start))
            } else if c == "'" {
                var text = ""
                i += 1
                var closed = false
                while i < chars.count {
                    let d = chars[i]
                    if d == "\\" {
                        guard i + 1 < chars.count else { break }
                        let escaped = chars[i + 1]
                        switch escaped {
                        case "n": text.append("\n")
                        case "r": text.append("\r")
                        case "t": text.append("\t")
                        case "b": text.append("\u{8}")
                        case "f": text.append("\u{c}")
                        case "'", "\"", "\\", "_", "%":
                            text.append(escaped == "_" || escaped == "%" ? "\\\(escaped)" : "\(escaped)")
                        default:
                            throw .malformed(
                                "Invalid string literal '\(String(chars[start..<min(chars.count, i + 2)]))'. Illegal character sequence '\\\(escaped)' in string literal.",
                                soql: soql, at: start)
                        }
                        i += 2
                        continue
                    }
                    if d == "'" {
                        closed = true
                        i += 1
                        break
                    }
                    text.append(d)
                    i += 1
                }
                guard closed else {
                    throw .malformed(
                        "line 1:\(start) mismatched character '<EOF>' expecting '''", soql: soql, at: start)
                }
                tokens.append(SOQLToken(kind: .string(text), offset: start))
            } else if "(),:".contains(c) {
                i += 1
                tokens.append(SOQLToken(kind: .symbol(String(c)), offset: start))
            } else if "=<>!".contains(c) {
                i += 1
                if i < chars.count, chars[i] == "=" || (c == "<" && chars[i] == ">") { i += 1 }
                let op = String(chars[start..<i])
                guard op != "!" else { throw .malformed("unexpected token: '!'", soql: soql, at: start) }
                tokens.append(SOQLToken(kind: .symbol(op), offset: start))
            } else {
                throw .malformed("unexpected token: '\(c)'", soql: soql, at: start)
            }
        }
        tokens.append(SOQLToken(kind: .end, offset: chars.count))
        return tokens
    }
}
