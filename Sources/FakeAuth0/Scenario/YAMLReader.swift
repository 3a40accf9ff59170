import Foundation
import Synchronization
import Yams

/// Reads a scenario type straight from a composed YAML document, without Codable's generic machinery.
///
/// Each scenario type's `init(yaml:)` reads its keys in the order of its `init(from:)`, with the same
/// defaults, and gets the same value or the same `DecodingError` (type, coding path, description) as
/// that `init(from:)` through `YAMLNodeDecoder`: unknown keys, `<<` merge keys, the last of repeated
/// keys, nulls, Yams' scalar constructors. What it saves is the runtime's work for every generic
/// container, key type and `decodeIfPresent<T>` (instantiated on first use, and costly per value),
/// which dominated loading a big scenario and the start of the built-in one. `init(from:)` stays for
/// JSON bodies and for the schema; a test checks that both read every sample the same.
struct YAMLReader {
    let value: YAMLValue
    let path: YAMLPath?

    init(_ value: YAMLValue, path: YAMLPath? = nil) {
        self.value = value
        self.path = path
    }

    var codingPath: [any CodingKey] { path?.codingPath ?? [] }

    /// A null scalar (`~`, `null`, nothing).
    var isNull: Bool {
        guard case .scalar(let scalar) = value else { return false }
        return scalar.isNull
    }

    /// The scalar, or the error `YAMLNodeDecoder` gives for a mapping or list.
    func scalar() throws -> YAMLScalar {
        switch value {
        case .scalar(let scalar): return scalar
        case .mapping: throw mismatch(Node.Scalar.self, reality: "Mapping")
        case .sequence: throw mismatch(Node.Scalar.self, reality: "Sequence")
        }
    }

    func string() throws -> String { try scalar().text }

    func bool() throws -> Bool {
        let scalar = try scalar()
        if let value = scalar.plainBool { return value }
        guard let value = Bool.construct(from: scalar.node) else { throw mismatch(Bool.self, reality: "Scalar") }
        return value
    }

    func int() throws -> Int {
        let scalar = try scalar()
        if let value = scalar.plainDecimal { return value }
        guard let value = Int.construct(from: scalar.node) else { throw mismatch(Int.self, reality: "Scalar") }
        return value
    }

    func double() throws -> Double {
        guard let value = Double.construct(from: try scalar().node) else {
            throw mismatch(Double.self, reality: "Scalar")
        }
        return value
    }

    /// A `String`-backed enum, refused as the standard library's `RawRepresentable` decoding does.
    func rawValue<T: RawRepresentable>(_ type: T.Type) throws -> T where T.RawValue == String {
        let text = try string()
        guard let value = T(rawValue: text) else {
            throw corrupted("Cannot initialize \(T.self) from invalid String value \(text)")
        }
        return value
    }

    /// The mapping, with every key checked against `allowed` (in the order the type lists them), and
    /// each allowed key's value found once.
    func mapping(allowed: [String]) throws -> YAMLFields {
        guard case .mapping(let pairs) = value else { throw mismatch(Node.Mapping.self, reality: "Node") }
        var values = [YAMLValue?](repeating: nil, count: allowed.count)
        try YAMLMappingView(pairs).eachPair { key, value in
            guard let index = YAMLFields.index(of: key, in: allowed) else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: codingPath + [AnyCodingKey(stringValue: key)],
                        debugDescription: "unknown key '\(key)' (allowed: \(allowed.joined(separator: ", ")))"))
            }
            values[index] = value  // the last of repeated keys wins
        }
        return YAMLFields(lookup: .allowed(allowed, values), path: path)
    }

    /// The path of a value inside this one.
    func path(_ step: YAMLPath.Step) -> YAMLPath { YAMLPath(step, parent: path) }

    /// The mapping, any keys.
    func mapping() throws -> YAMLFields {
        guard case .mapping(let pairs) = value else { throw mismatch(Node.Mapping.self, reality: "Node") }
        return YAMLFields(lookup: .view(YAMLMappingView(pairs)), path: path)
    }

    /// The list, each element read by `element`.
    func list<T>(_ element: (YAMLReader) throws -> T) throws -> [T] {
        guard case .sequence(let items) = value else { throw mismatch(Node.Sequence.self, reality: "Node") }
        var result: [T] = []
        result.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            result.append(try element(YAMLReader(item, path: YAMLPath(.index(index), parent: path))))
        }
        return result
    }

    /// `list(_:)` for a long list (more than `threshold` elements): its two halves read at once on two
    /// threads (a big scenario's users). The first problem in list order is thrown, as when read in order.
    func list<T: Sendable>(splittingAbove threshold: Int, _ element: @Sendable (YAMLReader) throws -> T) throws
        -> [T]
    {
        guard case .sequence(let items) = value, items.count > threshold else { return try list(element) }
        let path = path
        return try TwoHalves.map(items.count, above: threshold) { range in
            var result: [T] = []
            result.reserveCapacity(range.count)
            for index in range {
                result.append(try element(YAMLReader(items[index], path: YAMLPath(.index(index), parent: path))))
            }
            return result
        }
    }

    func strings() throws -> [String] { try list { try $0.string() } }

    /// A mapping from string keys to values read by `element`, as the standard library decodes
    /// `[String: T]` (every key in order, the last of repeated keys winning).
    func dictionary<T>(_ element: (YAMLReader) throws -> T) throws -> [String: T] {
        guard case .mapping(let pairs) = value else { throw mismatch(Node.Mapping.self, reality: "Node") }
        let view = YAMLMappingView(pairs)
        var result: [String: T] = [:]
        for key in view.keys {
            guard let value = view.value(for: key) else { continue }
            result[key] = try element(YAMLReader(value, path: YAMLPath(.dictionaryKey(key), parent: path)))
        }
        return result
    }

    /// Any JSON value, as `JSONValue`'s `init(from:)` reads it: null, then true or false, an integer,
    /// a number, a string, a list, a mapping.
    func json() throws -> JSONValue {
        switch value {
        case .scalar(let scalar):
            if scalar.isNull { return .null }
            if let value = scalar.plainBool { return .bool(value) }
            if let value = scalar.plainDecimal { return .int(value) }
            let node = scalar.node
            if let value = Bool.construct(from: node) { return .bool(value) }
            if let value = Int.construct(from: node) { return .int(value) }
            if let value = Double.construct(from: node) { return .double(value) }
            return .string(scalar.text)
        case .sequence:
            return .array(try list { try $0.json() })
        case .mapping:
            return .object(try dictionary { try $0.json() })
        }
    }

    /// A type not read here, through its `Decodable` conformance.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: YAMLNodeDecoder(node: value, codingPath: codingPath))
    }

    func mismatch(_ expectation: Any.Type, reality: String) -> DecodingError {
        .typeMismatch(
            expectation,
            .init(
                codingPath: codingPath,
                debugDescription: "Expected to decode \(expectation) but found \(reality) instead."))
    }

    func corrupted(_ description: String) -> DecodingError {
        .dataCorrupted(.init(codingPath: codingPath, debugDescription: description))
    }
}

/// A mapping's fields, looked up by key with `KeyedDecodingContainer`'s rules: `decodeIfPresent`
/// and defaults skip absent and null values; required values refuse absent ones.
struct YAMLFields {
    enum Lookup {
        /// A type's mapping: its allowed keys and, by the same index, their values.
        case allowed([String], [YAMLValue?])
        /// Any keys, looked up in the mapping.
        case view(YAMLMappingView)
    }

    let lookup: Lookup
    let path: YAMLPath?

    var codingPath: [any CodingKey] { path?.codingPath ?? [] }

    /// Every key, in order, repeated keys included (any keys only).
    var keys: [String] {
        guard case .view(let view) = lookup else { preconditionFailure("keys of a type's mapping") }
        return view.keys
    }

    /// The one key and its value of a mapping that has a single scalar key (any keys only).
    var single: (String, YAMLValue)? {
        let keys = keys
        guard keys.count == 1, let value = value(keys[0]) else { return nil }
        return (keys[0], value)
    }

    /// The value at `key`, null included; nil when absent.
    func value(_ key: String) -> YAMLValue? {
        switch lookup {
        case .allowed(let keys, let values): Self.index(of: key, in: keys).flatMap { values[$0] }
        case .view(let view): view.value(for: key)
        }
    }

    static func index(of key: String, in keys: [String]) -> Int? {
        let length = key.utf8.count  // compared first: most keys differ in length
        return keys.firstIndex { $0.utf8.count == length && $0 == key }
    }

    /// Whether the key is there (null included).
    func contains(_ key: String) -> Bool { value(key) != nil }

    /// The value at `key`, null included; nil when absent.
    func reader(_ key: String) -> YAMLReader? {
        value(key).map { YAMLReader($0, path: YAMLPath(.key(key), parent: path)) }
    }

    /// The value at `key`; nil when absent or null.
    func present(_ key: String) -> YAMLReader? {
        guard let value = value(key) else { return nil }
        if case .scalar(let scalar) = value, scalar.isNull { return nil }
        return YAMLReader(value, path: YAMLPath(.key(key), parent: path))
    }

    /// The value at `key`, which must be there.
    func required(_ key: String) throws -> YAMLReader {
        guard let reader = reader(key) else {
            throw DecodingError.keyNotFound(
                AnyCodingKey(stringValue: key),
                .init(codingPath: codingPath, debugDescription: "No value associated with key \(key) (\"\(key)\")."))
        }
        return reader
    }

    /// The value at `key` read by `read`, or nil when absent or null.
    func optional<T>(_ key: String, _ read: (YAMLReader) throws -> T) throws -> T? {
        try present(key).map(read)
    }

    /// The value at `key` read by `read`, or `defaultValue` when absent or null.
    func value<T>(_ key: String, default defaultValue: T, _ read: (YAMLReader) throws -> T) throws -> T {
        try present(key).map(read) ?? defaultValue
    }

    func string(_ key: String) throws -> String { try required(key).string() }
    func string(_ key: String, default defaultValue: String) throws -> String {
        try present(key)?.string() ?? defaultValue
    }
    func optionalString(_ key: String) throws -> String? { try present(key)?.string() }
    func int(_ key: String, default defaultValue: Int) throws -> Int { try present(key)?.int() ?? defaultValue }
    func optionalInt(_ key: String) throws -> Int? { try present(key)?.int() }
    func bool(_ key: String, default defaultValue: Bool) throws -> Bool { try present(key)?.bool() ?? defaultValue }
    func strings(_ key: String, default defaultValue: [String]) throws -> [String] {
        try present(key)?.strings() ?? defaultValue
    }
    func optionalStrings(_ key: String) throws -> [String]? { try present(key)?.strings() }

    /// A type not read here, through its `Decodable` conformance; `defaultValue` when absent or null.
    func decode<T: Decodable>(_ type: T.Type, _ key: String, default defaultValue: T) throws -> T {
        try present(key)?.decode(type) ?? defaultValue
    }
}

/// Where a value is in the document, linked to its parent: made as the reader goes down, turned into
/// a coding path only for an error.
final class YAMLPath: Sendable {
    enum Step {
        /// A mapping key a type reads.
        case key(String)
        /// A key of a `[String: T]` mapping (the standard library's key: a key that is a number is an index).
        case dictionaryKey(String)
        /// A list element.
        case index(Int)
    }

    let step: Step
    let parent: YAMLPath?

    init(_ step: Step, parent: YAMLPath?) {
        self.step = step
        self.parent = parent
    }

    var codingPath: [any CodingKey] {
        var keys: [any CodingKey] = []
        var node: YAMLPath? = self
        while let current = node {
            switch current.step {
            case .key(let key): keys.append(AnyCodingKey(stringValue: key))
            case .dictionaryKey(let key):
                var codingKey = AnyCodingKey(stringValue: key)
                codingKey.intValue = Int(key)
                keys.append(codingKey)
            case .index(let index): keys.append(YAMLIndexKey(index))
            }
            node = current.parent
        }
        return keys.reversed()
    }
}
