import Foundation

/// A path pattern: `*` matches any run of characters (including `/`), `?` exactly one; everything else
/// matches itself. Character classes and alternatives are not supported and are refused.
public struct PathGlob: Sendable, Equatable {
    public let pattern: String
    private let parts: [Character]

    /// Why `pattern` is not a usable glob, or nil when it is.
    public static func problem(_ pattern: String) -> String? {
        if !pattern.hasPrefix("/") && !pattern.hasPrefix("*") { return "a path glob starts with '/' or '*'" }
        if pattern.count > 1024 { return "a path glob has at most 1024 characters" }
        if let bad = pattern.first(where: { "[]{}".contains($0) || $0.isWhitespace }) {
            return "'\(bad)' is not allowed in a path glob (only '*' and '?' are special)"
        }
        return nil
    }

    public init?(_ pattern: String) {
        guard Self.problem(pattern) == nil else { return nil }
        self.pattern = pattern
        parts = Array(pattern)
    }

    /// Whether `path` matches the whole pattern (iterative, linear backtracking on the last `*`).
    public func matches(_ path: String) -> Bool {
        let text = Array(path)
        var p = 0
        var t = 0
        var star: Int?
        var resume = 0
        while t < text.count {
            if p < parts.count, parts[p] == "*" {
                star = p
                resume = t
                p += 1
            } else if p < parts.count, parts[p] == "?" || parts[p] == text[t] {
                p += 1
                t += 1
            } else if let star {
                p = star + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < parts.count, parts[p] == "*" { p += 1 }
        return p == parts.count
    }
}
