import Foundation

/// The decoder `JSONSchemaGenerator` runs a type's `init(from:)` against: it answers every question
/// with a placeholder and writes down what was asked into its `Recording`.
struct RecordingDecoder: Decoder {
    /// What one `init(from:)` asked for: a mapping's keys, a list's elements, or a single value.
    final class Recording {
        enum Shape {
            case none
            case mapping
            case list
            case single
        }
        struct Property {
            var name: String
            var types: [any Decodable.Type] = []
            var nested: [Recording] = []
            var required = false
        }
        var shape = Shape.none
        var properties: [Property] = []
        /// Keys the type asked `contains` about: decoded only when present, so optional.
        var probed: Set<String> = []
        var elementTypes: [any Decodable.Type] = []
        var singleTypes: [any Decodable.Type] = []

        func property(_ name: String, type: (any Decodable.Type)? = nil, nested: Recording? = nil, required: Bool) {
            shape = .mapping
            var index = properties.firstIndex { $0.name == name }
            if index == nil {
                properties.append(Property(name: name))
                index = properties.count - 1
            }
            if let type { properties[index!].types.append(type) }
            if let nested { properties[index!].nested.append(nested) }
            properties[index!].required = properties[index!].required || (required && !probed.contains(name))
        }

        /// The schema of what was recorded (nil when nothing was asked).
        func schema(generator: inout JSONSchemaGenerator) -> JSONValue? {
            switch shape {
            case .none:
                return nil
            case .single:
                return Self.joined(singleTypes.map { generator.schema(for: $0) })
            case .list:
                return ["type": "array", "items": Self.joined(elementTypes.map { generator.schema(for: $0) })]
            case .mapping:
                var schemas: [String: JSONValue] = [:]
                for property in properties {
                    let shapes =
                        property.types.map { generator.schema(for: $0) }
                        + property.nested.compactMap { $0.schema(generator: &generator) }
                    schemas[property.name] = Self.joined(shapes)
                }
                var object: [String: JSONValue] = [
                    "type": "object", "properties": .object(schemas), "additionalProperties": false,
                ]
                let required = properties.filter(\.required).map(\.name)
                if !required.isEmpty { object["required"] = .array(required.map(JSONValue.string)) }
                return .object(object)
            }
        }

        static func joined(_ schemas: [JSONValue]) -> JSONValue {
            var unique: [JSONValue] = []
            for schema in schemas where !unique.contains(schema) { unique.append(schema) }
            return unique.count == 1 ? unique[0] : unique.isEmpty ? [:] : ["anyOf": .array(unique)]
        }
    }

    let recording: Recording
    /// Whether single values decode (true) or fail as a type mismatch (false).
    let singleValues: Bool
    /// A throwaway decoder that makes a placeholder value: empty lists and mappings, nil optionals.
    var placeholder = false
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        if recording.shape == .none { recording.shape = .mapping }
        return KeyedDecodingContainer(KeyedRecorder<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        recording.shape = .list
        return UnkeyedRecorder(decoder: self, isAtEnd: placeholder)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleRecorder(decoder: self)
    }

    /// A placeholder value of `type`, made without recording anything.
    static func placeholder<T: Decodable>(_ type: T.Type) throws -> T {
        switch type {
        case is String.Type: return "" as! T
        case is Bool.Type: return false as! T
        case is Double.Type: return 0.0 as! T
        case is Float.Type: return Float(0) as! T
        case is Int.Type: return 0 as! T
        case is Int8.Type: return Int8(0) as! T
        case is Int16.Type: return Int16(0) as! T
        case is Int32.Type: return Int32(0) as! T
        case is Int64.Type: return Int64(0) as! T
        case is UInt.Type: return UInt(0) as! T
        case is UInt8.Type: return UInt8(0) as! T
        case is UInt16.Type: return UInt16(0) as! T
        case is UInt32.Type: return UInt32(0) as! T
        case is UInt64.Type: return UInt64(0) as! T
        default: break
        }
        if let iterable = type as? any CaseIterable.Type, let first = firstCase(of: iterable) as? T { return first }
        return try T(from: RecordingDecoder(recording: Recording(), singleValues: true, placeholder: true))
    }

    private static func firstCase<C: CaseIterable>(of type: C.Type) -> Any? { type.allCases.first }

    func mismatch(_ type: Any.Type) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "recording the mapping form"))
    }
}

/// A keyed container that records each key asked for.
private struct KeyedRecorder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: RecordingDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { [] }
    /// `AnyCodingKey` lists the keys present, only to refuse unknown ones: none are.
    var records: Bool { !decoder.placeholder && !(Key.self == AnyCodingKey.self) }

    func contains(_ key: Key) -> Bool {
        if records { decoder.recording.probed.insert(key.stringValue) }
        return !decoder.placeholder
    }
    func decodeNil(forKey key: Key) throws -> Bool { decoder.placeholder }

    func decode<T: Decodable>(required type: T.Type, _ key: Key) throws -> T {
        if records { decoder.recording.property(key.stringValue, type: type, required: true) }
        return try RecordingDecoder.placeholder(type)
    }

    func optional<T: Decodable>(_ type: T.Type, _ key: Key) -> T? {
        if records { decoder.recording.property(key.stringValue, type: type, required: false) }
        return nil
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decode(required: type, key) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { optional(type, key) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decode(required: type, key) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { optional(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decode(required: type, key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { optional(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decode(required: type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { optional(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decode(required: type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { optional(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decode(required: type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { optional(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decode(required: type, key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { optional(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decode(required: type, key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { optional(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decode(required: type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { optional(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decode(required: type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { optional(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decode(required: type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { optional(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decode(required: type, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { optional(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decode(required: type, key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { optional(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decode(required: type, key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { optional(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decode(required: type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { optional(type, key) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        let nested = RecordingDecoder.Recording()
        if records { decoder.recording.property(key.stringValue, nested: nested, required: true) }
        return try nestedDecoder(nested, key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let nested = RecordingDecoder.Recording()
        return try nestedDecoder(nested, key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder { nestedDecoder(RecordingDecoder.Recording(), key) }

    private func nestedDecoder(_ recording: RecordingDecoder.Recording, _ key: Key) -> RecordingDecoder {
        RecordingDecoder(
            recording: recording, singleValues: decoder.singleValues, placeholder: decoder.placeholder,
            codingPath: codingPath + [key])
    }
}

/// A list container that records its element type and then reports its end.
private struct UnkeyedRecorder: UnkeyedDecodingContainer {
    let decoder: RecordingDecoder
    var isAtEnd: Bool
    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { isAtEnd ? 0 : 1 }
    var currentIndex = 0

    init(decoder: RecordingDecoder, isAtEnd: Bool) {
        self.decoder = decoder
        self.isAtEnd = isAtEnd
    }

    mutating func element<T: Decodable>(_ type: T.Type) throws -> T {
        decoder.recording.elementTypes.append(type)
        isAtEnd = true
        currentIndex += 1
        return try RecordingDecoder.placeholder(type)
    }

    mutating func decodeNil() throws -> Bool { false }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try element(type) }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try element(type) }
    mutating func decode(_ type: String.Type) throws -> String { try element(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try element(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try element(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try element(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try element(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try element(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try element(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try element(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try element(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try element(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try element(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try element(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try element(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        isAtEnd = true
        return try RecordingDecoder(recording: .init(), singleValues: decoder.singleValues).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        isAtEnd = true
        return UnkeyedRecorder(
            decoder: RecordingDecoder(recording: .init(), singleValues: decoder.singleValues), isAtEnd: true)
    }

    mutating func superDecoder() throws -> any Decoder { decoder }
}

/// A single-value container that records the type asked for, or refuses it to reveal the mapping form.
private struct SingleRecorder: SingleValueDecodingContainer {
    let decoder: RecordingDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.placeholder }

    func value<T: Decodable>(_ type: T.Type) throws -> T {
        guard decoder.singleValues || decoder.placeholder else { throw decoder.mismatch(type) }
        if !decoder.placeholder {
            decoder.recording.shape = .single
            decoder.recording.singleTypes.append(type)
        }
        return try RecordingDecoder.placeholder(type)
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try value(type) }
    func decode(_ type: Bool.Type) throws -> Bool { try value(type) }
    func decode(_ type: String.Type) throws -> String { try value(type) }
    func decode(_ type: Double.Type) throws -> Double { try value(type) }
    func decode(_ type: Float.Type) throws -> Float { try value(type) }
    func decode(_ type: Int.Type) throws -> Int { try value(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try value(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try value(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try value(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try value(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try value(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try value(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try value(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try value(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try value(type) }
}
