import Foundation
import Yams

/// Decodes scenario and fixture files from YAML with a bound on their size once aliases are expanded.
///
/// Yams composes aliases cheaply (an alias shares its anchor's nodes), but decoding visits every node
/// of the expanded tree: a few hundred bytes of nested aliases ("billion laughs") expand to billions
/// of values and hang the loader. The tree is counted first, within a budget, and refused beyond it.
enum YAMLDocument {
    /// The most values (scalars, mappings and lists) a file may expand to.
    static let maxNodes = 200_000

    /// Decodes `text` as `type`; an empty document is nil.
    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T? {
        guard let node = try Yams.compose(yaml: text) else { return nil }
        var budget = maxNodes
        guard fits(node, budget: &budget) else {
            throw TooLarge()
        }
        return try YAMLDecoder().decode(type, from: node)
    }

    /// A document that expands to more than `maxNodes` values.
    struct TooLarge: Error, CustomStringConvertible {
        var description: String {
            "the document expands to more than \(YAMLDocument.maxNodes) values (aliases nested inside aliases?)"
        }
    }

    /// One line for a YAML syntax error (libyaml's messages span several lines).
    static func oneLine(_ error: any Error) -> String {
        "\(error)".split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && $0 != "^" }.joined(separator: " ")
    }

    private static func fits(_ node: Node, budget: inout Int) -> Bool {
        budget -= 1
        guard budget >= 0 else { return false }
        switch node {
        case .scalar, .alias:
            return true
        case .mapping(let mapping):
            for (key, value) in mapping {
                guard fits(key, budget: &budget), fits(value, budget: &budget) else { return false }
            }
            return true
        case .sequence(let sequence):
            for element in sequence {
                guard fits(element, budget: &budget) else { return false }
            }
            return true
        }
    }
}
