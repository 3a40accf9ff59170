import Foundation

/// OpenFGA's JSON form of an authorization model, as `write authorization model` takes it and
/// `read authorization model` returns it.
public struct FGAModelJSON: Codable, Sendable {
    /// The model id (absent when writing).
    public var id: String?
    /// `schema_version`.
    public var schemaVersion: String
    /// `type_definitions`.
    public var typeDefinitions: [TypeDefinition]
    /// `conditions`: must be empty (conditions are not supported).
    public var conditions: [String: FGAJSONValue]?

    enum CodingKeys: String, CodingKey {
        case id
        case schemaVersion = "schema_version"
        case typeDefinitions = "type_definitions"
        case conditions
    }

    /// One entry of `type_definitions`.
    public struct TypeDefinition: Codable, Sendable {
        /// `type`.
        public var type: String
        /// `relations`: relation name to rewrite.
        public var relations: [String: Rewrite]?
        /// `metadata`, holding the direct type restrictions.
        public var metadata: Metadata?
    }

    /// `metadata` of a type definition.
    public struct Metadata: Codable, Sendable {
        /// `relations`: relation name to its metadata.
        public var relations: [String: RelationMetadata]?
        /// `module` (always empty here).
        public var module: String?
    }

    /// The metadata of one relation.
    public struct RelationMetadata: Codable, Sendable {
        /// `directly_related_user_types`.
        public var directlyRelatedUserTypes: [RelationReference]?

        enum CodingKeys: String, CodingKey {
            case directlyRelatedUserTypes = "directly_related_user_types"
        }
    }

    /// One direct type restriction.
    public struct RelationReference: Codable, Sendable {
        /// `type`.
        public var type: String
        /// `relation`, for usersets.
        public var relation: String?
        /// `wildcard: {}` for `type:*`.
        public var wildcard: FGAJSONValue?
        /// `condition`: must be empty.
        public var condition: String?
    }

    /// A rewrite (`Userset` in OpenFGA's schema) in its JSON form.
    public struct Rewrite: Codable, Sendable {
        /// The rewrite it stands for.
        public var value: FGARewrite

        public init(_ value: FGARewrite) { self.value = value }

        enum Keys: String, CodingKey {
            case this, computedUserset, tupleToUserset, union, intersection, difference
            case object, relation, tupleset, child, base, subtract
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            let present = container.allKeys.filter {
                [.this, .computedUserset, .tupleToUserset, .union, .intersection, .difference].contains($0)
            }
            guard present.count == 1, let key = present.first else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription:
                            "a rewrite needs exactly one of this, computedUserset, tupleToUserset, union, "
                            + "intersection, difference"))
            }
            switch key {
            case .this:
                value = .this
            case .computedUserset:
                let nested = try container.nestedContainer(keyedBy: Keys.self, forKey: .computedUserset)
                value = .computed(try nested.decode(String.self, forKey: .relation))
            case .tupleToUserset:
                let nested = try container.nestedContainer(keyedBy: Keys.self, forKey: .tupleToUserset)
                let tupleset = try nested.nestedContainer(keyedBy: Keys.self, forKey: .tupleset)
                let computed = try nested.nestedContainer(keyedBy: Keys.self, forKey: .computedUserset)
                value = .tupleToUserset(
                    tupleset: try tupleset.decode(String.self, forKey: .relation),
                    computed: try computed.decode(String.self, forKey: .relation))
            case .union, .intersection:
                let nested = try container.nestedContainer(keyedBy: Keys.self, forKey: key)
                let children = try nested.decode([Rewrite].self, forKey: .child).map(\.value)
                guard !children.isEmpty else {
                    throw DecodingError.dataCorrupted(
                        .init(codingPath: decoder.codingPath, debugDescription: "\(key.rawValue) has no child"))
                }
                value = key == .union ? .union(children) : .intersection(children)
            default:
                let nested = try container.nestedContainer(keyedBy: Keys.self, forKey: .difference)
                value = .difference(
                    base: try nested.decode(Rewrite.self, forKey: .base).value,
                    subtract: try nested.decode(Rewrite.self, forKey: .subtract).value)
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            switch value {
            case .this:
                try container.encode([String: String](), forKey: .this)
            case .computed(let relation):
                var nested = container.nestedContainer(keyedBy: Keys.self, forKey: .computedUserset)
                try nested.encode("", forKey: .object)
                try nested.encode(relation, forKey: .relation)
            case .tupleToUserset(let tupleset, let computed):
                var nested = container.nestedContainer(keyedBy: Keys.self, forKey: .tupleToUserset)
                try nested.encode(["object": "", "relation": tupleset], forKey: .tupleset)
                try nested.encode(["object": "", "relation": computed], forKey: .computedUserset)
            case .union(let children):
                var nested = container.nestedContainer(keyedBy: Keys.self, forKey: .union)
                try nested.encode(children.map(Rewrite.init), forKey: .child)
            case .intersection(let children):
                var nested = container.nestedContainer(keyedBy: Keys.self, forKey: .intersection)
                try nested.encode(children.map(Rewrite.init), forKey: .child)
            case .difference(let base, let subtract):
                var nested = container.nestedContainer(keyedBy: Keys.self, forKey: .difference)
                try nested.encode(Rewrite(base), forKey: .base)
                try nested.encode(Rewrite(subtract), forKey: .subtract)
            }
        }
    }

    /// The JSON form of a model.
    public init(_ model: FGAModel) {
        id = model.id.isEmpty ? nil : model.id
        schemaVersion = model.schemaVersion
        conditions = [:]
        typeDefinitions = model.types.map { type in
            var relations: [String: Rewrite] = [:]
            var metadata: [String: RelationMetadata] = [:]
            for relation in type.relations {
                relations[relation.name] = Rewrite(relation.rewrite)
                metadata[relation.name] = RelationMetadata(
                    directlyRelatedUserTypes: relation.directTypes.map { restriction in
                        RelationReference(
                            type: restriction.type, relation: restriction.relation,
                            wildcard: restriction.wildcard ? .object([:]) : nil, condition: "")
                    })
            }
            return TypeDefinition(
                type: type.name, relations: relations,
                metadata: type.relations.isEmpty ? nil : Metadata(relations: metadata, module: ""))
        }
    }

    /// The model this JSON describes (not yet validated: see ``FGAModelValidator``).
    public func model() throws(FGAModelError) -> FGAModel {
        if let conditions, !conditions.isEmpty {
            throw FGAModelError("conditions are not supported by this fake")
        }
        var types: [FGATypeDefinition] = []
        for definition in typeDefinitions {
            let metadata = definition.metadata?.relations ?? [:]
            var relations: [FGARelation] = []
            for (name, rewrite) in (definition.relations ?? [:]).sorted(by: { $0.key < $1.key }) {
                var restrictions: [FGATypeRestriction] = []
                for reference in metadata[name]?.directlyRelatedUserTypes ?? [] {
                    if let condition = reference.condition, !condition.isEmpty {
                        throw FGAModelError(
                            "'\(definition.type)#\(name)': conditions are not supported by this fake")
                    }
                    if reference.wildcard != nil, reference.relation?.isEmpty == false {
                        throw FGAModelError(
                            "'\(definition.type)#\(name)': a type restriction cannot be both a wildcard and a userset"
                        )
                    }
                    let relation = reference.relation.flatMap { $0.isEmpty ? nil : $0 }
                    restrictions.append(
                        FGATypeRestriction(
                            type: reference.type, relation: relation, wildcard: reference.wildcard != nil))
                }
                relations.append(FGARelation(name: name, rewrite: rewrite.value, directTypes: restrictions))
            }
            types.append(FGATypeDefinition(name: definition.type, relations: relations))
        }
        return FGAModel(id: id ?? "", schemaVersion: schemaVersion, types: types)
    }
}

/// Any JSON value, for fields the fake passes through or only checks for emptiness.
public enum FGAJSONValue: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([FGAJSONValue])
    case object([String: FGAJSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([FGAJSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: FGAJSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
