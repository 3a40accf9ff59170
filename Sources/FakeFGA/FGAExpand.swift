import Foundation

/// A node of OpenFGA's expand tree (`UsersetTree.Node`), in its JSON form.
public struct FGAExpandNode: Codable, Sendable, Equatable {
    /// `object#relation` this node stands for.
    public var name: String
    /// A leaf: direct users, a computed userset, or a tupleset expansion.
    public var leaf: Leaf?
    /// `but not`.
    public var difference: Difference?
    /// `or`.
    public var union: Nodes?
    /// `and`.
    public var intersection: Nodes?

    /// A leaf of the tree.
    public struct Leaf: Codable, Sendable, Equatable {
        public var users: Users?
        public var computed: Computed?
        public var tupleToUserset: TupleToUserset?
    }

    /// `{users: [...]}`.
    public struct Users: Codable, Sendable, Equatable {
        public var users: [String]
    }

    /// `{userset: "object#relation"}`.
    public struct Computed: Codable, Sendable, Equatable {
        public var userset: String
    }

    /// `{tupleset: "object#relation", computed: [...]}`.
    public struct TupleToUserset: Codable, Sendable, Equatable {
        public var tupleset: String
        public var computed: [Computed]
    }

    /// `{nodes: [...]}`.
    public struct Nodes: Codable, Sendable, Equatable {
        public var nodes: [FGAExpandNode]
    }

    /// `{base, subtract}`.
    public final class Difference: Codable, Sendable, Equatable {
        public let base: FGAExpandNode
        public let subtract: FGAExpandNode

        init(base: FGAExpandNode, subtract: FGAExpandNode) {
            self.base = base
            self.subtract = subtract
        }

        public static func == (lhs: Difference, rhs: Difference) -> Bool {
            lhs.base == rhs.base && lhs.subtract == rhs.subtract
        }
    }

    init(name: String) { self.name = name }
}

extension FGAEvaluator {
    /// One level of the userset tree of `object#relation`, as OpenFGA's expand answers it.
    public func expand(relation: String, object: String) throws(FGAError) -> FGAExpandNode {
        guard let parsed = FGAObject(parsing: object) else {
            throw FGAError(
                .validation, code: "invalid_expand_input",
                message: "Invalid input. Make sure you provide an object and a relation")
        }
        guard model.type(parsed.type) != nil else { throw .typeNotFound(parsed.type) }
        guard let definition = model.relation(relation, on: parsed.type) else {
            throw .relationNotFound(relation, type: parsed.type)
        }
        return expandNode(definition.rewrite, object: parsed, relation: relation)
    }

    private func expandNode(_ rewrite: FGARewrite, object: FGAObject, relation: String)
        -> FGAExpandNode
    {
        let name = "\(object)#\(relation)"
        var node = FGAExpandNode(name: name)
        switch rewrite {
        case .this:
            let users = directUsers(of: FGAObjectRelation(object: object.description, relation: relation))
            node.leaf = .init(users: .init(users: users))
        case .computed(let other):
            node.leaf = .init(computed: .init(userset: "\(object)#\(other)"))
        case .tupleToUserset(let tupleset, let computed):
            let parents = directUsers(
                of: FGAObjectRelation(object: object.description, relation: tupleset)
            )
            .compactMap { FGAObject(parsing: $0) }
            .filter { model.relation(computed, on: $0.type) != nil }
            node.leaf = .init(
                tupleToUserset: .init(
                    tupleset: "\(object)#\(tupleset)",
                    computed: parents.map { .init(userset: "\($0)#\(computed)") }))
        case .union(let children):
            node.union = .init(nodes: children.map { expandNode($0, object: object, relation: relation) })
        case .intersection(let children):
            node.intersection = .init(
                nodes: children.map { expandNode($0, object: object, relation: relation) })
        case .difference(let base, let subtract):
            node.difference = .init(
                base: expandNode(base, object: object, relation: relation),
                subtract: expandNode(subtract, object: object, relation: relation))
        }
        return node
    }
}
