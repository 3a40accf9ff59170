import Foundation

/// A route path with `{name}` parameters (`/v1/playlists/{id}/tracks`): each parameter matches one
/// non-empty path segment, percent-decoded.
public struct RouteTemplate: Sendable, Equatable, CustomStringConvertible {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    let segments: [Segment]
    public let description: String

    /// The parameter names, in order.
    public var parameters: [String] {
        segments.compactMap { if case .parameter(let name) = $0 { return name } else { return nil } }
    }

    /// Parses a template; nil with a reason when it is not a path of literal segments and `{name}`s.
    public static func parse(_ text: String) -> Result<RouteTemplate, RouteTemplateError> {
        guard text.hasPrefix("/") else { return .failure(.init(reason: "must start with '/'")) }
        guard !text.contains("?"), !text.contains("#") else {
            return .failure(.init(reason: "may not contain a query or fragment"))
        }
        var segments: [Segment] = []
        var seen: Set<String> = []
        let parts = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            if part.isEmpty {
                // Only a trailing slash may leave an empty segment.
                guard index == parts.count - 1 else { return .failure(.init(reason: "has an empty segment")) }
                segments.append(.literal(""))
                continue
            }
            if part.hasPrefix("{") && part.hasSuffix("}") {
                let name = String(part.dropFirst().dropLast())
                guard Self.isName(name) else {
                    return .failure(.init(reason: "'{\(name)}' is not a parameter name (letters, digits, _)"))
                }
                guard seen.insert(name).inserted else {
                    return .failure(.init(reason: "repeats the parameter '{\(name)}'"))
                }
                segments.append(.parameter(name))
            } else {
                guard !part.contains("{"), !part.contains("}") else {
                    return .failure(.init(reason: "'\(part)': a parameter must be a whole segment"))
                }
                segments.append(.literal(part.removingPercentEncoding ?? String(part)))
            }
        }
        return .success(RouteTemplate(segments: segments, description: text))
    }

    /// Whether `name` is a parameter or placeholder name: a letter or `_`, then letters, digits, `_`.
    static func isName(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { ($0.isLetter || $0.isNumber || $0 == "_") && $0.isASCII }
    }

    /// The parameters of `path` when it matches.
    public func match(_ path: String) -> [String: String]? {
        guard path.hasPrefix("/") else { return nil }
        let parts = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == segments.count else { return nil }
        var values: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            let decoded = part.removingPercentEncoding ?? String(part)
            switch segment {
            case .literal(let literal):
                guard literal == decoded else { return nil }
            case .parameter(let name):
                guard !decoded.isEmpty else { return nil }
                values[name] = decoded
            }
        }
        return values
    }

    /// Whether some path matches both templates (same length, and no two different literals face each other).
    public func overlaps(_ other: RouteTemplate) -> Bool {
        guard segments.count == other.segments.count else { return false }
        return zip(segments, other.segments).allSatisfy { a, b in
            if case .literal(let x) = a, case .literal(let y) = b { return x == y }
            if case .literal(let x) = a, x.isEmpty { return false }
            if case .literal(let y) = b, y.isEmpty { return false }
            return true
        }
    }
}

/// Why a route template was refused.
public struct RouteTemplateError: Error, Sendable, Equatable {
    public var reason: String
}

extension RouteTemplate {
    /// The template with parameter names left out (`/v1/items/{}`): two routes with the same shape
    /// match the same paths.
    public var shape: String {
        "/" + segments.map { if case .literal(let text) = $0 { text } else { "{}" } }.joined(separator: "/")
    }
}
