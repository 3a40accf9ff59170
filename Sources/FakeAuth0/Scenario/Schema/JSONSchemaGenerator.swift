import Foundation

/// A type whose JSON shape the generator cannot learn by decoding it (several shapes decided by
/// content, free-form JSON): it states its JSON Schema itself.
protocol JSONSchemaDescribing {
    /// The schema of one value of this type.
    static var jsonSchema: JSONValue { get }
}

/// Builds a JSON Schema (draft 2020-12) of a `Decodable` type by running its `init(from:)` against a
/// decoder that records every key, list and value it asks for: the schema is the Codable types.
///
/// Keys asked with `decodeIfPresent` are optional, with `decode` required; keyed types refuse
/// other keys (`additionalProperties: false`), as every scenario type does. A type that reads a
/// single value first and a mapping otherwise (a fixture path or the fixtures inline) gets both
/// shapes (`anyOf`). String enums list their cases. Named types become `$defs`.
struct JSONSchemaGenerator {
    private(set) var definitions: [String: JSONValue] = [:]
    private var inProgress: Set<String> = []

    /// The schema of `type`: primitives inline, other types as a `$ref` into `definitions`.
    mutating func schema(for type: any Decodable.Type) -> JSONValue {
        if let described = type as? any JSONSchemaDescribing.Type { return described.jsonSchema }
        if let primitive = Self.primitiveSchema(type) { return primitive }
        if let list = type as? any SchemaList.Type { return ["type": "array", "items": schema(for: list.elementType)] }
        if let mapping = type as? any SchemaMapping.Type {
            return ["type": "object", "additionalProperties": schema(for: mapping.valueType)]
        }
        if let optional = type as? any SchemaOptional.Type { return schema(for: optional.wrappedType) }
        if let cases = Self.enumCases(type) { return ["type": "string", "enum": .array(cases.map(JSONValue.string))] }
        let name = String(describing: type)
        let reference: JSONValue = ["$ref": .string("#/$defs/\(name)")]
        if definitions[name] != nil || inProgress.contains(name) { return reference }
        inProgress.insert(name)
        definitions[name] = explore(type)
        inProgress.remove(name)
        return reference
    }

    /// Decodes `type` twice: once where single values succeed, once where they fail (so a type that
    /// tries a string first shows its mapping form too), and joins what both runs asked for.
    private mutating func explore(_ type: any Decodable.Type) -> JSONValue {
        var shapes: [JSONValue] = []
        for singleValues in [true, false] {
            let recording = RecordingDecoder.Recording()
            _ = try? type.init(from: RecordingDecoder(recording: recording, singleValues: singleValues))
            if let shape = recording.schema(generator: &self), !shapes.contains(shape) { shapes.append(shape) }
        }
        switch shapes.count {
        case 0: return [:]
        case 1: return shapes[0]
        default: return ["anyOf": .array(shapes)]
        }
    }

    static func primitiveSchema(_ type: any Decodable.Type) -> JSONValue? {
        switch type {
        case is String.Type: return ["type": "string"]
        case is Bool.Type: return ["type": "boolean"]
        case is Int.Type, is Int8.Type, is Int16.Type, is Int32.Type, is Int64.Type, is UInt.Type, is UInt8.Type,
            is UInt16.Type, is UInt32.Type, is UInt64.Type:
            return ["type": "integer"]
        case is Double.Type, is Float.Type: return ["type": "number"]
        default: return nil
        }
    }

    static func enumCases(_ type: any Decodable.Type) -> [String]? {
        guard let iterable = type as? any CaseIterable.Type else { return nil }
        return rawValues(of: iterable)
    }

    private static func rawValues<T: CaseIterable>(of type: T.Type) -> [String]? {
        let values = type.allCases.compactMap { ($0 as? any RawRepresentable)?.rawValue as? String }
        return values.isEmpty ? nil : values
    }
}

/// `[T]`, seen through its element type.
protocol SchemaList { static var elementType: any Decodable.Type { get } }
extension Array: SchemaList where Element: Decodable { static var elementType: any Decodable.Type { Element.self } }

/// `[String: T]`, seen through its value type.
protocol SchemaMapping { static var valueType: any Decodable.Type { get } }
extension Dictionary: SchemaMapping where Key == String, Value: Decodable {
    static var valueType: any Decodable.Type { Value.self }
}

/// `T?`, seen through `T`.
protocol SchemaOptional { static var wrappedType: any Decodable.Type { get } }
extension Optional: SchemaOptional where Wrapped: Decodable {
    static var wrappedType: any Decodable.Type { Wrapped.self }
}

extension JSONValue: JSONSchemaDescribing {
    /// Any JSON value.
    static var jsonSchema: JSONValue { [:] }
}
