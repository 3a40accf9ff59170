import Foundation

/// An OpenFGA authorization model (schema 1.1): its types, their relations and rewrite rules.
public struct FGAModel: Sendable, Equatable {
    /// The model's id (a ULID), empty until the model is stored.
    public var id: String
    /// Always "1.1": older schemas are refused.
    public var schemaVersion: String
    /// The type definitions, in the order they were written.
    public var types: [FGATypeDefinition]

    public init(id: String = "", schemaVersion: String = "1.1", types: [FGATypeDefinition]) {
        self.id = id
        self.schemaVersion = schemaVersion
        self.types = types
        self.typeIndex = Dictionary(
            types.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private var typeIndex: [String: Int]

    /// The definition of the named type, if the model has one.
    public func type(_ name: String) -> FGATypeDefinition? {
        typeIndex[name].map { types[$0] }
    }

    /// The definition of `type#relation`, if the model has it.
    public func relation(_ relation: String, on type: String) -> FGARelation? {
        self.type(type)?.relation(relation)
    }

    public static func == (lhs: FGAModel, rhs: FGAModel) -> Bool {
        lhs.id == rhs.id && lhs.schemaVersion == rhs.schemaVersion && lhs.types == rhs.types
    }
}

/// One `type` of an authorization model and its relations.
public struct FGATypeDefinition: Sendable, Equatable {
    /// The type's name, as in `type doc`.
    public var name: String
    /// The relations, in the order they were defined.
    public var relations: [FGARelation]

    public init(name: String, relations: [FGARelation] = []) {
        self.name = name
        self.relations = relations
    }

    /// The named relation, if the type defines it.
    public func relation(_ name: String) -> FGARelation? {
        relations.first { $0.name == name }
    }
}

/// A relation of a type: its rewrite rule and the user types that may be assigned to it directly.
public struct FGARelation: Sendable, Equatable {
    /// The relation's name, as in `define viewer`.
    public var name: String
    /// How the relation is computed.
    public var rewrite: FGARewrite
    /// The direct type restrictions (`[user, user:*, group#member]`), empty when the rewrite has no `this`.
    public var directTypes: [FGATypeRestriction]

    public init(name: String, rewrite: FGARewrite, directTypes: [FGATypeRestriction] = []) {
        self.name = name
        self.rewrite = rewrite
        self.directTypes = directTypes
    }
}

/// A direct type restriction: `user`, `user:*` or `group#member`.
public struct FGATypeRestriction: Sendable, Hashable, CustomStringConvertible {
    /// The user type.
    public var type: String
    /// The userset relation, for `group#member`.
    public var relation: String?
    /// Whether this is the typed wildcard `type:*`.
    public var wildcard: Bool

    public init(type: String, relation: String? = nil, wildcard: Bool = false) {
        self.type = type
        self.relation = relation
        self.wildcard = wildcard
    }

    public var description: String {
        if wildcard { return "\(type):*" }
        if let relation { return "\(type)#\(relation)" }
        return type
    }
}

/// A rewrite rule (OpenFGA's `Userset`).
public indirect enum FGARewrite: Sendable, Equatable {
    /// Directly assigned users (`[user, ...]` in the DSL).
    case this
    /// Users of another relation on the same object (`define viewer: owner`).
    case computed(String)
    /// Users of `computed` on the objects related through `tupleset` (`viewer from parent`).
    case tupleToUserset(tupleset: String, computed: String)
    /// Users of any child (`or`).
    case union([FGARewrite])
    /// Users of every child (`and`).
    case intersection([FGARewrite])
    /// Users of `base` that are not users of `subtract` (`but not`).
    case difference(base: FGARewrite, subtract: FGARewrite)

    /// Whether the rule assigns users directly somewhere in its tree.
    public var hasThis: Bool {
        switch self {
        case .this: true
        case .computed, .tupleToUserset: false
        case .union(let children), .intersection(let children): children.contains { $0.hasThis }
        case .difference(let base, let subtract): base.hasThis || subtract.hasThis
        }
    }
}
