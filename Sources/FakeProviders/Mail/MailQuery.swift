import FakeAuth0
import Foundation

/// Gmail's search language (`q`), the part agents use: `from:`, `to:`, `cc:`, `subject:`, `is:unread`,
/// `is:read`, `is:starred`, `is:important`, `in:inbox|sent|drafts|spam|trash|anywhere`, `label:`,
/// `category:`, `after:`/`before:` (`YYYY/MM/DD` or epoch seconds), `newer_than:`/`older_than:` (`Nd`,
/// `Nm`, `Ny`), `has:attachment`, free words and `"phrases"` (case-insensitive substrings), `-term`,
/// `a OR b`, `{a b}` and `(a b)`.
public struct MailQuery: Sendable {
    indirect enum Term: Sendable {
        case text(String)
        case field(String, String)
        case not(Term)
        case any([Term])
        case all([Term])
    }

    let terms: [Term]

    public init(_ text: String) {
        terms = Self.parse(Self.tokenize(text))
    }

    /// Whether the query itself reaches into spam or trash (otherwise they are left out).
    public var mentionsSpamOrTrash: Bool {
        func visit(_ term: Term) -> Bool {
            switch term {
            case .field(let name, let value):
                name == "in" && ["spam", "trash", "anywhere"].contains(value.lowercased())
            case .not(let inner): visit(inner)
            case .any(let list), .all(let list): list.contains(where: visit)
            case .text: false
            }
        }
        return terms.contains(where: visit)
    }

    /// Whether `message` fits every term; dates are read in `timeZone`, relative ages from `now`.
    public func matches(_ message: MailMessage, timeZone: TimeZone, now: Date) -> Bool {
        terms.allSatisfy { Self.matches($0, message, timeZone: timeZone, now: now) }
    }

    // MARK: Parsing

    static func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var closing: [Character] = []
        for char in text {
            if let close = closing.last {
                current.append(char)
                if char == close {
                    closing.removeLast()
                } else if close != "\"", char == "(" || char == "{" || char == "\"" {
                    closing.append(char == "(" ? ")" : char == "{" ? "}" : "\"")
                }
                continue
            }
            switch char {
            case "\"":
                closing.append("\"")
                current.append(char)
            case "(":
                closing.append(")")
                current.append(char)
            case "{":
                closing.append("}")
                current.append(char)
            case _ where char.isWhitespace:
                if !current.isEmpty { tokens.append(current) }
                current = ""
            default: current.append(char)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    static func parse(_ tokens: [String]) -> [Term] {
        var terms: [Term] = []
        var pendingOr = false
        for token in tokens {
            if token == "OR" || token == "|" {
                pendingOr = !terms.isEmpty
                continue
            }
            let term = parseToken(token)
            if pendingOr, let previous = terms.popLast() {
                if case .any(let list) = previous {
                    terms.append(.any(list + [term]))
                } else {
                    terms.append(.any([previous, term]))
                }
            } else {
                terms.append(term)
            }
            pendingOr = false
        }
        return terms
    }

    static func parseToken(_ token: String) -> Term {
        if token.hasPrefix("-"), token.count > 1 { return .not(parseToken(String(token.dropFirst()))) }
        if let inner = unwrap(token, "(", ")") { return .all(parse(tokenize(inner))) }
        if let inner = unwrap(token, "{", "}") { return .any(parse(tokenize(inner))) }
        if let inner = unwrap(token, "\"", "\"") { return .text(inner) }
        if let colon = token.firstIndex(of: ":"), colon != token.startIndex {
            let name = token[..<colon].lowercased()
            let value = String(token[token.index(after: colon)...])
            let known = [
                "from", "to", "cc", "bcc", "subject", "is", "in", "label", "category", "after", "before", "newer",
                "older",
                "newer_than", "older_than", "has", "rfc822msgid", "deliveredto", "list",
            ]
            if known.contains(name), !value.isEmpty {
                if let group = unwrap(value, "(", ")") {
                    return .all(tokenize(group).map { .field(name, unwrap($0, "\"", "\"") ?? $0) })
                }
                if let group = unwrap(value, "{", "}") {
                    return .any(tokenize(group).map { .field(name, unwrap($0, "\"", "\"") ?? $0) })
                }
                return .field(name, unwrap(value, "\"", "\"") ?? value)
            }
        }
        return .text(token)
    }

    static func unwrap(_ token: String, _ open: Character, _ close: Character) -> String? {
        guard token.count >= 2, token.first == open, token.last == close else { return nil }
        return String(token.dropFirst().dropLast())
    }

    // MARK: Matching

    static func contains(_ haystack: String, _ needle: String) -> Bool {
        haystack.range(of: needle, options: [.caseInsensitive, .diacriticInsensitive]) != nil
    }

    static func matches(_ term: Term, _ message: MailMessage, timeZone: TimeZone, now: Date) -> Bool {
        switch term {
        case .not(let inner): return !matches(inner, message, timeZone: timeZone, now: now)
        case .any(let list): return list.contains { matches($0, message, timeZone: timeZone, now: now) }
        case .all(let list): return list.allSatisfy { matches($0, message, timeZone: timeZone, now: now) }
        case .text(let text):
            let fields = [message.subject, message.from, message.text, message.html ?? ""] + message.to + message.cc
            return fields.contains { contains($0, text) }
        case .field(let name, let value):
            return field(name, value, message, timeZone: timeZone, now: now)
        }
    }

    static func field(_ name: String, _ value: String, _ message: MailMessage, timeZone: TimeZone, now: Date) -> Bool {
        let lower = value.lowercased()
        switch name {
        case "from": return contains(message.from, value)
        case "to", "deliveredto": return (message.to + message.cc + message.bcc).contains { contains($0, value) }
        case "cc": return message.cc.contains { contains($0, value) }
        case "bcc": return message.bcc.contains { contains($0, value) }
        case "subject": return contains(message.subject, value)
        case "rfc822msgid":
            return message.messageID.trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
                == value.trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
        case "is":
            switch lower {
            case "unread": return message.hasLabel("UNREAD")
            case "read": return !message.hasLabel("UNREAD")
            case "starred": return message.hasLabel("STARRED")
            case "important": return message.hasLabel("IMPORTANT")
            default: return message.hasLabel(lower)
            }
        case "in":
            switch lower {
            case "anywhere": return true
            case "drafts": return message.hasLabel("DRAFT")
            default: return message.hasLabel(lower)
            }
        case "label": return message.hasLabel(value) || message.hasLabel(value.replacingOccurrences(of: "-", with: " "))
        case "category":
            return message.hasLabel("CATEGORY_" + (lower == "primary" ? "PERSONAL" : lower.uppercased()))
        case "has": return false
        case "after", "newer", "before", "older":
            guard let bound = day(value, timeZone: timeZone) else { return false }
            return name == "after" || name == "newer" ? message.date >= bound : message.date < bound
        case "newer_than", "older_than":
            guard let age = age(lower) else { return false }
            let bound = now.addingTimeInterval(-age)
            return name == "newer_than" ? message.date > bound : message.date < bound
        default: return false
        }
    }

    /// `2026/11/24`, `2026-11-24` (midnight in `timeZone`) or epoch seconds.
    static func day(_ text: String, timeZone: TimeZone) -> Date? {
        if let seconds = Int(text) { return Date(timeIntervalSince1970: TimeInterval(seconds)) }
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == "-" }).compactMap { Int($0) }
        guard parts.count == 3, (1...9999).contains(parts[0]), (1...12).contains(parts[1]), (1...31).contains(parts[2])
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
    }

    /// `3d`, `2m`, `1y` in seconds.
    static func age(_ text: String) -> TimeInterval? {
        guard let unit = text.last, let amount = Int(text.dropLast()) else { return nil }
        let day = 86400.0
        switch unit {
        case "d": return Double(amount) * day
        case "m": return Double(amount) * 30 * day
        case "y": return Double(amount) * 365 * day
        case "h": return Double(amount) * 3600
        default: return nil
        }
    }
}
