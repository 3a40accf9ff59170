import Foundation

/// A relationship tuple: `user` has `relation` on `object`.
public struct FGATupleKey: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `type:id`.
    public var object: String
    /// A relation of the object's type.
    public var relation: String
    /// `type:id`, `type:*` or `type:id#relation`.
    public var user: String

    public init(object: String, relation: String, user: String) {
        self.object = object
        self.relation = relation
        self.user = user
    }

    /// OpenFGA's text form, `object#relation@user`.
    public var description: String { "\(object)#\(relation)@\(user)" }
}

/// An object reference `type:id`.
public struct FGAObject: Sendable, Hashable, CustomStringConvertible {
    /// The object's type.
    public var type: String
    /// The object's id.
    public var id: String

    public init(type: String, id: String) {
        self.type = type
        self.id = id
    }

    /// Parses `type:id` (split at the first colon); nil when either side is empty or holds `#`, `@` or spaces.
    public init?(parsing text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let type = String(text[..<colon])
        let id = String(text[text.index(after: colon)...])
        guard FGAName.isValid(type), !id.isEmpty,
            !id.contains(where: { $0 == "#" || $0 == "@" || $0.isWhitespace })
        else { return nil }
        self.init(type: type, id: id)
    }

    public var description: String { "\(type):\(id)" }
}

/// The user side of a tuple or query: a specific object, a typed wildcard, or a userset.
public enum FGAUser: Sendable, Hashable, CustomStringConvertible {
    /// `type:id`.
    case object(FGAObject)
    /// `type:*`.
    case wildcard(type: String)
    /// `type:id#relation`.
    case userset(FGAObject, relation: String)

    /// Parses a user string; nil when malformed.
    public init?(parsing text: String) {
        if let hash = text.lastIndex(of: "#") {
            let relation = String(text[text.index(after: hash)...])
            guard FGAName.isValid(relation), let object = FGAObject(parsing: String(text[..<hash])),
                object.id != "*"
            else { return nil }
            self = .userset(object, relation: relation)
            return
        }
        guard let object = FGAObject(parsing: text) else { return nil }
        self = object.id == "*" ? .wildcard(type: object.type) : .object(object)
    }

    /// The user's type.
    public var type: String {
        switch self {
        case .object(let object), .userset(let object, _): object.type
        case .wildcard(let type): type
        }
    }

    /// The type restriction that must allow this user on a relation.
    public var restriction: FGATypeRestriction {
        switch self {
        case .object(let object): FGATypeRestriction(type: object.type)
        case .wildcard(let type): FGATypeRestriction(type: type, wildcard: true)
        case .userset(let object, let relation):
            FGATypeRestriction(type: object.type, relation: relation)
        }
    }

    public var description: String {
        switch self {
        case .object(let object): object.description
        case .wildcard(let type): "\(type):*"
        case .userset(let object, let relation): "\(object)#\(relation)"
        }
    }
}

/// The naming rule OpenFGA applies to types and relations.
enum FGAName {
    /// Whether `name` is a valid type or relation name: 1 to 254 characters, none of `:#@` or whitespace.
    static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 254
            && !name.contains { $0 == ":" || $0 == "#" || $0 == "@" || $0.isWhitespace }
    }
}

extension FGAModel {
    /// Checks a tuple against the model as OpenFGA does before writing it (or using it as a contextual tuple).
    public func validate(_ tuple: FGATupleKey) throws(FGAError) {
        guard let object = FGAObject(parsing: tuple.object), object.id != "*" else {
            throw .invalidTuple(tuple, reason: "invalid 'object' field format")
        }
        guard let relation = relation(tuple.relation, on: object.type) else {
            if type(object.type) == nil { throw .typeNotFound(object.type) }
            throw .relationNotFound(tuple.relation, type: object.type, tuple: tuple)
        }
        guard let user = FGAUser(parsing: tuple.user) else {
            throw .invalidTuple(tuple, reason: "the 'user' field is malformed")
        }
        guard type(user.type) != nil else { throw .typeNotFound(user.type) }
        if case .userset(_, let userRelation) = user, self.relation(userRelation, on: user.type) == nil {
            throw .relationNotFound(userRelation, type: user.type, tuple: tuple)
        }
        guard !relation.directTypes.contains(user.restriction) else { return }
        let target = "'\(object.type)#\(tuple.relation)'"
        switch user {
        case .object:
            throw .invalidTuple(
                tuple, reason: "type '\(user.type)' is not an allowed type restriction for \(target)")
        case .wildcard:
            throw .invalidTuple(
                tuple,
                reason: "the typed wildcard '\(user)' is not an allowed type restriction for \(target)")
        case .userset(_, let userRelation):
            throw .invalidTuple(
                tuple,
                reason: "'\(user.type)#\(userRelation)' is not an allowed type restriction for \(target)")
        }
    }
}
