import Foundation

/// `{name}` placeholders in declared API answers: route parameters (`{id}`) and the token's user
/// (`{user.email}`, `{user.name}`, `{user.sub}`…), replaced in every string of a JSON answer.
public enum Placeholders {
    /// The placeholder names used in `value`'s strings (and object keys), in order of appearance.
    public static func names(in value: JSONValue) -> [String] {
        switch value {
        case .string(let text): return names(in: text)
        case .array(let items): return items.flatMap(names(in:))
        case .object(let fields):
            return fields.sorted { $0.key < $1.key }.flatMap { names(in: $0.key) + names(in: $0.value) }
        default: return []
        }
    }

    /// The placeholder names in `text`: `{` name `}` where name is letters, digits, `_` and dots.
    public static func names(in text: String) -> [String] {
        var found: [String] = []
        scan(text) { name in
            found.append(name)
            return nil
        }
        return found
    }

    /// `value` with every known placeholder replaced; unknown ones stay as written.
    public static func substitute(_ value: JSONValue, _ values: [String: String]) -> JSONValue {
        switch value {
        case .string(let text): return .string(substitute(text, values))
        case .array(let items): return .array(items.map { substitute($0, values) })
        case .object(let fields):
            return .object(
                Dictionary(
                    fields.map { (substitute($0.key, values), substitute($0.value, values)) },
                    uniquingKeysWith: { a, _ in a }))
        default: return value
        }
    }

    public static func substitute(_ text: String, _ values: [String: String]) -> String {
        scan(text) { values[$0] }
    }

    /// Walks `text`, asking `replacement` for each placeholder; returns the text with replacements made.
    @discardableResult
    static func scan(_ text: String, _ replacement: (String) -> String?) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}") {
                let name = String(after[..<close])
                let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                if !parts.isEmpty, parts.allSatisfy(RouteTemplate.isName) {
                    out += replacement(name) ?? "{\(name)}"
                    rest = after[after.index(after: close)...]
                    continue
                }
            }
            out.append("{")
            rest = after
        }
        return out + rest
    }
}
