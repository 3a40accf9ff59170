import Foundation

/// An `object#relation` pair, the key the evaluator looks tuples up by.
public struct FGAObjectRelation: Sendable, Hashable {
    /// `type:id`.
    public var object: String
    /// The relation.
    public var relation: String

    public init(object: String, relation: String) {
        self.object = object
        self.relation = relation
    }
}

/// The users related to one `object#relation`, split by kind for fast checks.
struct FGARelatedUsers: Sendable {
    /// `type:id` and `type:*` users.
    var direct: Set<String> = []
    /// `type:id#relation` users, kept parsed.
    var usersets: [String: FGAUser] = [:]

    var isEmpty: Bool { direct.isEmpty && usersets.isEmpty }
}

/// A set of tuples indexed by `object#relation`, by user and by object type, in write order.
public struct FGATupleIndex: Sendable {
    private var related: [FGAObjectRelation: FGARelatedUsers] = [:]
    private var byUser: [String: Set<FGAObjectRelation>] = [:]
    private var objectsByType: [String: [String: Int]] = [:]
    private var sequence: [FGATupleKey: Int] = [:]
    private var nextSequence = 0

    public init() {}

    /// Builds an index holding `tuples`.
    public init(_ tuples: [FGATupleKey]) {
        for tuple in tuples { insert(tuple) }
    }

    /// How many tuples the index holds.
    public var count: Int { sequence.count }

    /// Whether the tuple is present.
    public func contains(_ tuple: FGATupleKey) -> Bool { sequence[tuple] != nil }

    /// Adds a tuple; false when it was already present.
    @discardableResult
    public mutating func insert(_ tuple: FGATupleKey) -> Bool {
        guard sequence[tuple] == nil else { return false }
        sequence[tuple] = nextSequence
        nextSequence += 1
        let key = FGAObjectRelation(object: tuple.object, relation: tuple.relation)
        if let user = FGAUser(parsing: tuple.user), case .userset = user {
            related[key, default: FGARelatedUsers()].usersets[tuple.user] = user
        } else {
            related[key, default: FGARelatedUsers()].direct.insert(tuple.user)
        }
        byUser[tuple.user, default: []].insert(key)
        if let object = FGAObject(parsing: tuple.object) {
            objectsByType[object.type, default: [:]][tuple.object, default: 0] += 1
        }
        return true
    }

    /// Removes a tuple; false when it was absent.
    @discardableResult
    public mutating func remove(_ tuple: FGATupleKey) -> Bool {
        guard sequence.removeValue(forKey: tuple) != nil else { return false }
        let key = FGAObjectRelation(object: tuple.object, relation: tuple.relation)
        related[key]?.direct.remove(tuple.user)
        related[key]?.usersets.removeValue(forKey: tuple.user)
        if related[key]?.isEmpty == true { related.removeValue(forKey: key) }
        byUser[tuple.user]?.remove(key)
        if byUser[tuple.user]?.isEmpty == true { byUser.removeValue(forKey: tuple.user) }
        if let object = FGAObject(parsing: tuple.object) {
            let remaining = (objectsByType[object.type]?[tuple.object] ?? 1) - 1
            objectsByType[object.type]?[tuple.object] = remaining > 0 ? remaining : nil
        }
        return true
    }

    /// The users related to `object#relation`.
    func users(of key: FGAObjectRelation) -> FGARelatedUsers? { related[key] }

    /// The `object#relation` pairs a user string appears in.
    func relations(ofUser user: String) -> Set<FGAObjectRelation> { byUser[user] ?? [] }

    /// The objects of a type that appear in some tuple.
    func objects(ofType type: String) -> Dictionary<String, Int>.Keys? { objectsByType[type]?.keys }

    /// All user strings appearing in tuples.
    var allUsers: Dictionary<String, Set<FGAObjectRelation>>.Keys { byUser.keys }

    /// Every tuple, in write order.
    public var tuples: [FGATupleKey] {
        sequence.sorted { $0.value < $1.value }.map(\.key)
    }

    /// The write position of a tuple (increasing with each insert), for stable paging.
    public func position(of tuple: FGATupleKey) -> Int? { sequence[tuple] }
}
