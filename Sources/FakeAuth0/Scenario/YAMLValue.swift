import CYaml
import Foundation
import Yams

/// A composed YAML document as the scenario decoder reads it: scalars with their text, style and tag,
/// mappings as ordered pairs, lists; aliases are their anchors' values (shared, not copied).
///
/// `compose(_:)` builds it from libyaml's events (libyaml, bundled with Yams, parses), without Yams'
/// per-value costs (a tag object, a mark and an anchor reference for every value, an event object per
/// event, a hashed duplicate check per mapping). What that fast path does not take (a syntax error,
/// duplicate keys, keys that are lists or mappings, an undefined alias, several documents) is composed
/// by Yams instead, so errors read as they always did.
enum YAMLValue: Sendable {
    case scalar(YAMLScalar)
    case mapping([YAMLPair])
    case sequence([YAMLValue])

    /// The document in `text` (nil when it has none) and how many values it expands to, aliases
    /// counted each time they appear.
    ///
    /// A text over `splitAbove` bytes with a long top-level list is composed in two parts at once
    /// (`YAMLListSplit`).
    static func compose(_ text: String, splitAbove: Int = YAMLValue.splitAbove) throws -> (
        value: YAMLValue, count: Int
    )? {
        do {
            if let split = YAMLListSplit(text, above: splitAbove), let composed = try composeParts(of: split) {
                return composed
            }
            return try EventComposer.compose(text)
        } catch is EventComposer.NeedsYams {
            guard let node = try Yams.compose(yaml: text, YAMLDocument.resolver) else { return nil }
            let limit = max(YAMLDocument.maxNodes, text.utf8.count)
            var budget = limit
            guard YAMLDocument.fits(node, budget: &budget) else { throw YAMLDocument.TooLarge(limit: limit) }
            return (YAMLValue(node), limit - budget)
        }
    }

    /// The size of a text (bytes) above which its longest top-level list is composed in two parts.
    static let splitAbove = 128 * 1024

    /// The document `split` was cut from, its two parts composed on two threads; nil when the parts do
    /// not join into the list the cut expected.
    static func composeParts(of split: YAMLListSplit) throws -> (value: YAMLValue, count: Int)? {
        let parts = try TwoHalves.map(2, above: 1) { range in
            try range.map { try EventComposer.compose($0 == 0 ? split.head : split.tail) }
        }
        guard parts.count == 2, let head = parts[0], let tail = parts[1], case .mapping(var pairs) = head.value,
            case .sequence(let rest) = tail.value,
            let index = pairs.firstIndex(where: { $0.key.isPlainScalar(split.key) }),
            case .sequence(let first) = pairs[index].value, first.count + rest.count == split.items
        else { return nil }
        pairs[index] = YAMLPair(key: pairs[index].key, value: .sequence(first + rest))
        let (count, overflow) = head.count.addingReportingOverflow(tail.count - 1)
        return (.mapping(pairs), overflow ? .max : count)
    }

    /// A plain, untagged scalar reading `text`.
    func isPlainScalar(_ text: String) -> Bool {
        guard case .scalar(let scalar) = self else { return false }
        return scalar.style == .plain && scalar.tag == nil && scalar.text == text
    }

    /// The same document, from Yams' tree.
    init(_ node: Node) {
        switch node {
        case .scalar(let scalar):
            let tag = scalar.tag.rawValue
            self = .scalar(YAMLScalar(text: scalar.string, style: scalar.style, tag: tag.isEmpty ? nil : tag))
        case .mapping(let mapping):
            self = .mapping(
                mapping.indices.map { YAMLPair(key: YAMLValue(mapping[$0].key), value: YAMLValue(mapping[$0].value)) })
        case .sequence(let sequence):
            self = .sequence(sequence.indices.map { YAMLValue(sequence[$0]) })
        case .alias:
            self = .scalar(YAMLScalar(text: "", style: .plain, tag: nil))  // Yams' composer leaves none
        }
    }
}

/// A scalar: its text, how it was written, and its explicit tag (`!!str` for a quoted scalar; nil for
/// a plain one without a tag). Immutable; unchecked only because Yams does not mark `Style` `Sendable`.
struct YAMLScalar: @unchecked Sendable {
    let text: String
    let style: Node.Scalar.Style
    let tag: String?

    /// The tag a scalar key resolves to under `YAMLDocument.resolver` (only `<<` is special).
    var resolvedTag: String {
        guard let tag else { return text == "<<" ? Tag.Name.merge.rawValue : Tag.Name.str.rawValue }
        return tag == "!" ? Tag.Name.str.rawValue : tag
    }

    /// A plain `<<` key not tagged as a string: a merge key.
    var isMerge: Bool { text.utf8.count == 2 && style == .plain && text == "<<" && tag != Tag.Name.str.rawValue }

    /// Yams' null: a plain `~`, `null`, `Null`, `NULL` or nothing.
    var isNull: Bool {
        guard style == .plain else { return false }
        switch text {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    /// The scalar as Yams represents it, for Yams' scalar constructors. They read its text, style and
    /// tag name only, so its tag carries no resolver rules and no constructors (Yams' default ones compile
    /// regular expressions and build tables on first use, for nothing here).
    var node: Node.Scalar {
        Node.Scalar(
            text, Tag(tag.map(Tag.Name.init(rawValue:)) ?? .implicit, .basic, Constructor([:], [:], [:])), style)
    }

    /// A plain decimal without sign, `_` or leading zero: the one form of integer scenario files use,
    /// read as Yams' `Int.construct` reads it, without its general parsing; nil for any other text.
    var plainDecimal: Int? {
        guard style == .plain || style == .any, let first = text.utf8.first,
            first != UInt8(ascii: "0") || text.utf8.count == 1,
            text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        return Int(text)
    }

    /// `true` or `false` written so, not tagged as a string: read as Yams' `Bool.construct` reads it;
    /// nil for any other text.
    var plainBool: Bool? {
        guard tag != Tag.Name.str.rawValue else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }
}

/// One key and its value in a mapping.
struct YAMLPair: Sendable {
    let key: YAMLValue
    let value: YAMLValue
}

/// Composes a document from libyaml's events.
private final class EventComposer {
    /// The document needs Yams' composer.
    struct NeedsYams: Error {}

    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let ready: Bool
    private var anchors: [String: (value: YAMLValue, count: Int)] = [:]

    static func compose(_ text: String) throws -> (value: YAMLValue, count: Int)? {
        var text = text
        return try text.withUTF8 { bytes in try EventComposer(bytes).document() }
    }

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        parser = .allocate(capacity: 1)
        parser.initialize(to: yaml_parser_t())
        ready = yaml_parser_initialize(parser) == 1
        if ready {
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(parser, bytes.baseAddress, bytes.count)
        }
    }

    deinit {
        if ready { yaml_parser_delete(parser) }
        parser.deallocate()
    }

    /// The stream's single document (nil for an empty stream).
    private func document() throws -> (value: YAMLValue, count: Int)? {
        guard ready else { throw NeedsYams() }
        guard try skip() == YAML_STREAM_START_EVENT else { throw NeedsYams() }
        var start = try next()
        guard start.type != YAML_STREAM_END_EVENT else {
            yaml_event_delete(&start)
            return nil
        }
        let isDocument = start.type == YAML_DOCUMENT_START_EVENT
        yaml_event_delete(&start)
        guard isDocument else { throw NeedsYams() }
        let root = try value(try next())
        guard try skip() == YAML_DOCUMENT_END_EVENT, try skip() == YAML_STREAM_END_EVENT else {
            throw NeedsYams()  // several documents
        }
        return root
    }

    private func next() throws -> yaml_event_t {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw NeedsYams() }
        return event
    }

    /// The next event's type; the event is dropped.
    private func skip() throws -> yaml_event_type_t {
        var event = try next()
        defer { yaml_event_delete(&event) }
        return event.type
    }

    /// The value `first` starts (the event is consumed), and how many values it expands to.
    private func value(_ first: yaml_event_t) throws -> (value: YAMLValue, count: Int) {
        var event = first
        switch event.type {
        case YAML_SCALAR_EVENT:
            defer { yaml_event_delete(&event) }
            let data = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
            let tag = data.quoted_implicit == 1 ? Tag.Name.str.rawValue : data.tag.map { String(cString: $0) }
            let style = Node.Scalar.Style(rawValue: data.style.rawValue) ?? .any
            let result = (value: YAMLValue.scalar(YAMLScalar(text: text, style: style, tag: tag)), count: 1)
            if let anchor = data.anchor { anchors[String(cString: anchor)] = result }
            return result
        case YAML_ALIAS_EVENT:
            defer { yaml_event_delete(&event) }
            guard let name = event.data.alias.anchor, let found = anchors[String(cString: name)] else {
                throw NeedsYams()  // Yams names the undefined alias
            }
            return found
        case YAML_SEQUENCE_START_EVENT:
            let anchor = event.data.sequence_start.anchor.map { String(cString: $0) }
            yaml_event_delete(&event)
            var items: [YAMLValue] = []
            var count = 1
            while true {
                var next = try next()
                if next.type == YAML_SEQUENCE_END_EVENT {
                    yaml_event_delete(&next)
                    break
                }
                let item = try value(next)
                items.append(item.value)
                count = Self.sum(count, item.count)
            }
            let result = (value: YAMLValue.sequence(items), count: count)
            if let anchor { anchors[anchor] = result }
            return result
        case YAML_MAPPING_START_EVENT:
            let anchor = event.data.mapping_start.anchor.map { String(cString: $0) }
            yaml_event_delete(&event)
            var pairs: [YAMLPair] = []
            var count = 1
            while true {
                var next = try next()
                if next.type == YAML_MAPPING_END_EVENT {
                    yaml_event_delete(&next)
                    break
                }
                let key = try value(next)
                let item = try value(try self.next())
                pairs.append(YAMLPair(key: key.value, value: item.value))
                count = Self.sum(count, Self.sum(key.count, item.count))
            }
            try Self.checkKeys(pairs)
            let result = (value: YAMLValue.mapping(pairs), count: count)
            if let anchor { anchors[anchor] = result }
            return result
        default:
            yaml_event_delete(&event)
            throw NeedsYams()
        }
    }

    private static func sum(_ a: Int, _ b: Int) -> Int {
        let (total, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : total
    }

    /// Only scalar keys, none repeated with the same resolved tag: anything else is for Yams to compose
    /// (and, for a repeated key, to refuse).
    private static func checkKeys(_ pairs: [YAMLPair]) throws {
        if pairs.count <= 16 {
            for i in pairs.indices {
                guard case .scalar(let key) = pairs[i].key else { throw NeedsYams() }
                let length = key.text.utf8.count  // compared first: most keys differ in length
                for j in 0..<i {
                    guard case .scalar(let earlier) = pairs[j].key, earlier.text.utf8.count == length,
                        earlier.text == key.text
                    else { continue }
                    if earlier.resolvedTag == key.resolvedTag { throw NeedsYams() }
                }
            }
            return
        }
        var seen: Set<[String]> = []
        for pair in pairs {
            guard case .scalar(let key) = pair.key else { throw NeedsYams() }
            if !seen.insert([key.resolvedTag, key.text]).inserted { throw NeedsYams() }
        }
    }
}
