import Foundation
import Yams

/// Decodes scenario and fixture files from YAML with a bound on their size once aliases are expanded.
///
/// Yams composes aliases cheaply (an alias shares its anchor's nodes), but decoding visits every node
/// of the expanded tree: a few hundred bytes of nested aliases ("billion laughs") expand to billions
/// of values and hang the loader. The tree is counted first, within a budget, and refused beyond it.
/// The budget is `maxNodes` or, for a bigger file, its size in bytes: a file without aliases never has
/// more values than bytes, so only expansion through aliases can exceed it.
enum YAMLDocument {
    /// The most values (scalars, mappings and lists) a file of up to that many bytes may expand to.
    static let maxNodes = 200_000

    /// Decodes `text` as `type`; an empty document is nil.
    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T? {
        guard let node = try Yams.compose(yaml: text) else { return nil }
        let limit = max(maxNodes, text.utf8.count)
        var budget = limit
        guard fits(node, budget: &budget) else {
            throw TooLarge(limit: limit)
        }
        return try YAMLDecoder().decode(type, from: withStringKeys(node))
    }

    /// The tree with every mapping key tagged as a string and every mapping resolving looked-up keys
    /// without rules. Yams finds a key by comparing resolved tags, and resolving an untagged key runs
    /// the default resolver's regular expressions, on every lookup: for a big scenario that was most of
    /// its loading time. Keys are strings in every scenario type; `<<` merge keys keep their meaning.
    static func withStringKeys(_ node: Node) -> Node {
        switch node {
        case .scalar, .alias:
            return node
        case .sequence(let sequence):
            return .sequence(.init(sequence.map(withStringKeys), sequence.tag, sequence.style, sequence.mark))
        case .mapping(let mapping):
            let pairs = mapping.map { key, value -> (Node, Node) in
                guard case .scalar(let scalar) = key else { return (key, withStringKeys(value)) }
                let isMerge =
                    scalar.string == "<<" && scalar.style == .plain
                    && scalar.tag.rawValue != Tag.Name.str.rawValue
                let tag = Tag(isMerge ? .merge : .str, .basic)
                return (.scalar(.init(scalar.string, tag, scalar.style, scalar.mark)), withStringKeys(value))
            }
            return .mapping(
                .init(pairs, Tag(Tag.Name(rawValue: mapping.tag.rawValue), .basic), mapping.style, mapping.mark))
        }
    }

    /// A document that expands to more than `maxNodes` values.
    struct TooLarge: Error, CustomStringConvertible {
        var limit = YAMLDocument.maxNodes
        var description: String {
            "the document expands to more than \(limit) values (aliases nested inside aliases?)"
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
