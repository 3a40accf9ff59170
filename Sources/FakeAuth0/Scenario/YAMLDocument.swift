import Foundation
import Yams

/// Decodes scenario and fixture files from YAML with a bound on their size once aliases are expanded.
///
/// Composing shares an anchor's value among its aliases, but decoding visits every value of the
/// expanded document: a few hundred bytes of nested aliases ("billion laughs") expand to billions of
/// values and hang the loader. The document is counted as it is composed (an alias as many values as
/// its anchor's) and refused beyond a budget: `maxNodes` or, for a bigger file, its size in bytes (a
/// file without aliases never has more values than bytes, so only expansion through aliases can
/// exceed it).
enum YAMLDocument {
    /// The most values (scalars, mappings and lists) a file of up to that many bytes may expand to.
    static let maxNodes = 200_000

    /// Decodes `text` as `type`; an empty document is nil.
    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T? {
        guard let value = try value(of: text) else { return nil }
        return try YAMLNodeDecoder(node: value).decode(type)
    }

    /// The document in `text` (nil when it has none), refused when it expands beyond the budget.
    static func value(of text: String) throws -> YAMLValue? {
        guard let (value, count) = try YAMLValue.compose(text) else { return nil }
        let limit = max(maxNodes, text.utf8.count)
        guard count <= limit else { throw TooLarge(limit: limit) }
        return value
    }

    /// Tags plain `<<` keys as merge keys and nothing else, for documents Yams composes. Scenario types
    /// construct their values from the scalars' text (as Yams' own `YAMLDecoder` does with this
    /// resolver), so the default resolver's regular expressions, which composing runs on every mapping
    /// key, only cost time. Mapping keys that differ only in their implicit type (`1` and `"1"`) are the
    /// duplicates they always were to the scenario types.
    static let resolver = Resolver.basic.appending(.merge)

    /// A document that expands to more than `maxNodes` values.
    struct TooLarge: Error, CustomStringConvertible {
        var limit = YAMLDocument.maxNodes
        var description: String {
            "the document expands to more than \(limit) values (aliases nested inside aliases?)"
        }
    }

    /// Whether `text` holds only white space, found without copying it (a trimmed copy of a big file
    /// costs more than its first character).
    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy(CharacterSet.whitespacesAndNewlines.contains)
    }

    /// One line for a YAML syntax error (libyaml's messages span several lines).
    static func oneLine(_ error: any Error) -> String {
        "\(error)".split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && $0 != "^" }.joined(separator: " ")
    }

    /// Whether Yams' tree `node` expands to at most `budget` values.
    static func fits(_ node: Node, budget: inout Int) -> Bool {
        budget -= 1
        guard budget >= 0 else { return false }
        switch node {
        case .scalar, .alias:
            return true
        case .mapping(let mapping):
            for index in mapping.indices {
                let (key, value) = mapping[index]
                guard fits(key, budget: &budget), fits(value, budget: &budget) else { return false }
            }
            return true
        case .sequence(let sequence):
            for index in sequence.indices {
                guard fits(sequence[index], budget: &budget) else { return false }
            }
            return true
        }
    }
}
