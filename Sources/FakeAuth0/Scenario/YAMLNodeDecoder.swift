import Foundation
import Yams

/// A `Decoder` that reads scenario types straight from a composed YAML document.
///
/// It decodes as Yams' `YAMLDecoder` does when every mapping key is a string: strings as written,
/// other scalars through Yams' own `ScalarConstructible` constructors, `<<` merge keys (a mapping's own
/// keys win over merged ones, earlier merged mappings over later ones), the last of repeated keys
/// winning, and the same errors at the same coding paths. What it saves is Yams' cost per value: a key
/// lookup there builds a node, resolves its tag and compares it with every key; a container copies its
/// mapping; every level copies the coding path. Here a lookup compares strings, a mapping without
/// merge keys is read in place, and the coding path is a chain built only when an error asks for it.
struct YAMLNodeDecoder: Decoder {
    let node: YAMLValue
    private let path: CodingPathNode?

    init(node: YAMLValue) {
        self.node = node
        self.path = nil
    }

    /// The decoder of `node`, found at `codingPath`.
    init(node: YAMLValue, codingPath: [any CodingKey]) {
        self.node = node
        self.path = codingPath.reduce(nil) { CodingPathNode(key: $1, parent: $0) }
    }

    private init(node: YAMLValue, path: CodingPathNode?) {
        self.node = node
        self.path = path
    }

    var codingPath: [any CodingKey] { path?.keys ?? [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// The decoder of `node`, a value inside this one at `key`.
    func child(_ node: YAMLValue, at key: any CodingKey) -> YAMLNodeDecoder {
        YAMLNodeDecoder(node: node, path: CodingPathNode(key: key, parent: path))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .mapping(let mapping) = node else {
            throw typeMismatch(Node.Mapping.self, reality: "Node")
        }
        return KeyedDecodingContainer(YAMLKeyedContainer<Key>(decoder: self, mapping: YAMLMappingView(mapping)))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .sequence(let sequence) = node else {
            throw typeMismatch(Node.Sequence.self, reality: "Node")
        }
        return YAMLUnkeyedContainer(decoder: self, sequence: sequence)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func typeMismatch(_ expectation: Any.Type, reality: String) -> DecodingError {
        .typeMismatch(
            expectation,
            .init(
                codingPath: codingPath,
                debugDescription: "Expected to decode \(expectation) but found \(reality) instead."))
    }

    /// The scalar this decoder reads, or Yams' error for any other value.
    func scalar() throws -> YAMLScalar {
        switch node {
        case .scalar(let scalar): return scalar
        case .mapping: throw typeMismatch(Node.Scalar.self, reality: "Mapping")
        case .sequence: throw typeMismatch(Node.Scalar.self, reality: "Sequence")
        }
    }
}

/// The coding key of a list element, as Yams names it.
struct YAMLIndexKey: CodingKey {
    let intValue: Int?
    let stringValue: String
    init(_ index: Int) {
        intValue = index
        stringValue = "Index \(index)"
    }
    init?(intValue: Int) { self.init(intValue) }
    init?(stringValue: String) { nil }
}

extension YAMLNodeDecoder: SingleValueDecodingContainer {
    func decodeNil() -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.isNull
    }

    func decode(_ type: String.Type) throws -> String { try scalar().text }

    func decode(_ type: Bool.Type) throws -> Bool { try construct(Bool.self) }

    func decode(_ type: Int.Type) throws -> Int { try construct(Int.self) }

    func decode(_ type: Double.Type) throws -> Double { try construct(Double.self) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if type == String.self, let text = try scalar().text as? T { return text }
        guard let constructible = type as? any ScalarConstructible.Type else { return try T(from: self) }
        let scalar = try scalar()
        guard let value = constructible.construct(from: scalar.node) else {
            throw typeMismatch(type, reality: "Scalar")
        }
        guard let typed = value as? T else { throw typeMismatch(type, reality: "\(Swift.type(of: value))") }
        return typed
    }

    private func construct<T: ScalarConstructible>(_ type: T.Type) throws -> T {
        let scalar = try scalar()
        guard let value = T.construct(from: scalar.node) else { throw typeMismatch(type, reality: "Scalar") }
        return value
    }
}

/// One step of a coding path, linked to its parent: a child decoder costs one small allocation, and
/// the whole path is built only when an error or a type asks for it.
private final class CodingPathNode {
    let key: any CodingKey
    let parent: CodingPathNode?

    init(key: any CodingKey, parent: CodingPathNode?) {
        self.key = key
        self.parent = parent
    }

    var keys: [any CodingKey] {
        var keys: [any CodingKey] = []
        var node: CodingPathNode? = self
        while let current = node {
            keys.append(current.key)
            node = current.parent
        }
        return keys.reversed()
    }
}

/// A mapping's pairs as Yams' decoder sees them: `<<` merge keys replaced by the pairs of the merged
/// mappings (first), then the mapping's own pairs; keys are the scalar keys' text (nil for others).
struct YAMLMappingView {
    private let pairs: [YAMLPair]
    /// The flattened pairs when the mapping has a merge key; otherwise the mapping is read in place.
    private let merged: [(key: String?, value: YAMLValue)]?

    init(_ pairs: [YAMLPair]) {
        self.pairs = pairs
        merged = pairs.contains(where: { Self.isMerge($0.key) }) ? Self.flatten(pairs) : nil
    }

    private static func isMerge(_ key: YAMLValue) -> Bool {
        guard case .scalar(let scalar) = key else { return false }
        return scalar.isMerge
    }

    private static func text(_ key: YAMLValue) -> String? {
        guard case .scalar(let scalar) = key else { return nil }
        return scalar.text
    }

    private static func flatten(_ pairs: [YAMLPair]) -> [(key: String?, value: YAMLValue)] {
        var merges: [(key: String?, value: YAMLValue)] = []
        var own: [(key: String?, value: YAMLValue)] = []
        for pair in pairs {
            guard isMerge(pair.key) else {
                own.append((text(pair.key), pair.value))
                continue
            }
            switch pair.value {
            case .mapping(let merged):
                merges += flatten(merged)
            case .sequence(let sequence):
                for element in sequence.reversed() {
                    if case .mapping(let merged) = element { merges += flatten(merged) }
                }
            case .scalar:
                break  // Yams ignores a merge of anything else
            }
        }
        return merges + own
    }

    /// The value of the last pair whose key is `name`.
    func value(for name: String) -> YAMLValue? {
        let length = name.utf8.count  // compared first: most keys differ in length
        if let merged {
            for pair in merged.reversed() where pair.key?.utf8.count == length && pair.key == name { return pair.value }
            return nil
        }
        for pair in pairs.reversed() {
            if case .scalar(let scalar) = pair.key, scalar.text.utf8.count == length, scalar.text == name {
                return pair.value
            }
        }
        return nil
    }

    /// Every scalar key with its value, in order, repeated keys included.
    func eachPair(_ body: (String, YAMLValue) throws -> Void) rethrows {
        if let merged {
            for pair in merged { if let key = pair.key { try body(key, pair.value) } }
            return
        }
        for pair in pairs { if case .scalar(let scalar) = pair.key { try body(scalar.text, pair.value) } }
    }

    /// Every scalar key in order, repeated keys included.
    var keys: [String] {
        if let merged { return merged.compactMap(\.key) }
        return pairs.compactMap { Self.text($0.key) }
    }
}

private struct YAMLKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: YAMLNodeDecoder
    let mapping: YAMLMappingView

    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { mapping.keys.compactMap(Key.init(stringValue:)) }

    func contains(_ key: Key) -> Bool { mapping.value(for: key.stringValue) != nil }

    private func child(_ key: Key) throws -> YAMLNodeDecoder {
        guard let node = mapping.value(for: key.stringValue) else {
            throw DecodingError.keyNotFound(
                key,
                .init(
                    codingPath: codingPath,
                    debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
        }
        return decoder.child(node, at: key)
    }

    func decodeNil(forKey key: Key) throws -> Bool { try child(key).decodeNil() }

    /// What the standard `contains`, `decodeNil` and `decode` steps give, with one lookup.
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let node = mapping.value(for: key.stringValue) else { return nil }
        if case .scalar(let scalar) = node, scalar.isNull { return nil }
        return try decoder.child(node, at: key).decode(type)
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        guard let node = mapping.value(for: key.stringValue) else { return nil }
        if case .scalar(let scalar) = node, scalar.isNull { return nil }
        return try decoder.child(node, at: key).decode(type)
    }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try child(key).decode(type) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try child(key).decode(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try child(key).decode(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try child(key).decode(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decode(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        guard let node = mapping.value(for: "super") else {
            let key = AnyCodingKey(stringValue: "super")
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "No value associated with key super."))
        }
        return decoder.child(node, at: AnyCodingKey(stringValue: "super"))
    }

    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
}

private struct YAMLUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: YAMLNodeDecoder
    let sequence: [YAMLValue]
    private(set) var currentIndex = 0

    init(decoder: YAMLNodeDecoder, sequence: [YAMLValue]) {
        self.decoder = decoder
        self.sequence = sequence
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { sequence.count }
    var isAtEnd: Bool { currentIndex >= sequence.count }

    /// Like Yams, moves to the next element whether or not this one was null.
    mutating func decodeNil() throws -> Bool {
        try next(Any?.self) { $0.decodeNil() } as Bool
    }

    mutating func decode(_ type: String.Type) throws -> String { try next(type) { try $0.decode(type) } }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type) { try $0.decode(type) } }
    mutating func decode(_ type: Int.Type) throws -> Int { try next(type) { try $0.decode(type) } }
    mutating func decode(_ type: Double.Type) throws -> Double { try next(type) { try $0.decode(type) } }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next(type) { try $0.decode(type) } }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try next(KeyedDecodingContainer<NestedKey>.self) { try $0.container(keyedBy: type) }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next((any UnkeyedDecodingContainer).self) { try $0.unkeyedContainer() }
    }

    mutating func superDecoder() throws -> any Decoder {
        try next((any Decoder).self) { $0 }
    }

    private mutating func next<T>(_ type: Any.Type, _ body: (YAMLNodeDecoder) throws -> T) throws -> T {
        let key = YAMLIndexKey(currentIndex)
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                type, .init(codingPath: codingPath + [key], debugDescription: "Unkeyed container is at end."))
        }
        let value = try body(decoder.child(sequence[currentIndex], at: key))
        currentIndex += 1
        return value
    }
}
