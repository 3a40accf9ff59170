import Foundation

/// Answers check, list-objects, list-users and expand over one model and a tuple set (plus contextual tuples),
/// following OpenFGA's semantics: type restrictions, computed usersets, tupleset-to-userset, union, intersection,
/// exclusion, wildcards. Cycles resolve to "not allowed"; deeper than `maxDepth` dispatches fails with OpenFGA's
/// `authorization_model_resolution_too_complex`.
public struct FGAEvaluator: Sendable {
    /// OpenFGA's default resolution depth.
    public static let defaultMaxDepth = 25
    /// OpenFGA's default cap on list-objects results.
    public static let defaultListObjectsLimit = 1000

    /// The model queries are evaluated against.
    public let model: FGAModel
    private let stored: FGATupleIndex
    private let contextual: FGATupleIndex
    /// The resolution depth limit.
    public let maxDepth: Int

    /// An evaluator over `tuples` plus `contextualTuples` (validated by the caller).
    public init(
        model: FGAModel, tuples: FGATupleIndex, contextualTuples: [FGATupleKey] = [],
        maxDepth: Int = FGAEvaluator.defaultMaxDepth
    ) {
        self.model = model
        self.stored = tuples
        self.contextual = FGATupleIndex(contextualTuples)
        self.maxDepth = maxDepth
    }

    // MARK: Check

    /// Whether `user` has `relation` on `object`. Throws for unknown types/relations or a too-deep resolution.
    public func check(user: String, relation: String, object: String) throws(FGAError) -> Bool {
        var session = Session()
        return try check(user: user, relation: relation, object: object, session: &session)
    }

    private func check(user: String, relation: String, object: String, session: inout Session)
        throws(FGAError)
        -> Bool
    {
        let key = FGATupleKey(object: object, relation: relation, user: user)
        guard let parsedObject = FGAObject(parsing: object) else {
            throw .invalidTuple(key, reason: "invalid 'object' field format")
        }
        guard model.type(parsedObject.type) != nil else { throw .typeNotFound(parsedObject.type) }
        guard model.relation(relation, on: parsedObject.type) != nil else {
            throw .relationNotFound(relation, type: parsedObject.type, tuple: key)
        }
        guard let parsedUser = FGAUser(parsing: user) else {
            throw .invalidTuple(key, reason: "the 'user' field is malformed")
        }
        guard model.type(parsedUser.type) != nil else { throw .typeNotFound(parsedUser.type) }
        let query = Query(user: user, parsedUser: parsedUser)
        return try resolve(query, object: parsedObject, relation: relation, depth: 0, session: &session)
            .allowed
    }

    /// The user being checked, kept parsed.
    private struct Query {
        let user: String
        let parsedUser: FGAUser
        var wildcard: String? {
            if case .object(let object) = parsedUser { return "\(object.type):*" }
            return nil
        }
    }

    /// An answer and whether a cycle was cut while computing it (such answers are not memoised).
    private struct Outcome {
        var allowed: Bool
        var cut: Bool
    }

    /// Per-request state: the resolution path (cycle detection) and memoised answers.
    private struct Session {
        var path: Set<String> = []
        var memo: [String: Bool] = [:]
    }

    private func resolve(
        _ query: Query, object: FGAObject, relation: String, depth: Int, session: inout Session
    )
        throws(FGAError) -> Outcome
    {
        if case .userset(let set, let setRelation) = query.parsedUser, set == object,
            setRelation == relation
        {
            return Outcome(allowed: true, cut: false)
        }
        guard let definition = model.relation(relation, on: object.type) else {
            return Outcome(allowed: false, cut: false)
        }
        let key = "\(object)#\(relation)@\(query.user)"
        if let known = session.memo[key] { return Outcome(allowed: known, cut: false) }
        if session.path.contains(key) { return Outcome(allowed: false, cut: true) }
        guard depth < maxDepth else { throw .resolutionTooComplex }
        session.path.insert(key)
        defer { session.path.remove(key) }
        let outcome = try evaluate(
            definition.rewrite, definition: definition, query, object: object, depth: depth,
            session: &session)
        if !outcome.cut { session.memo[key] = outcome.allowed }
        return outcome
    }

    private func evaluate(
        _ rewrite: FGARewrite, definition: FGARelation, _ query: Query, object: FGAObject, depth: Int,
        session: inout Session
    ) throws(FGAError) -> Outcome {
        switch rewrite {
        case .this:
            return try direct(
                definition: definition, query, object: object, depth: depth, session: &session)
        case .computed(let other):
            return try resolve(
                query, object: object, relation: other, depth: depth + 1, session: &session)
        case .tupleToUserset(let tupleset, let computed):
            var cut = false
            for parent in parents(of: object, through: tupleset) {
                guard model.relation(computed, on: parent.type) != nil else { continue }
                let outcome = try resolve(
                    query, object: parent, relation: computed, depth: depth + 1, session: &session)
                if outcome.allowed { return Outcome(allowed: true, cut: false) }
                cut = cut || outcome.cut
            }
            return Outcome(allowed: false, cut: cut)
        case .union(let children):
            var cut = false
            for child in children {
                let outcome = try evaluate(
                    child, definition: definition, query, object: object, depth: depth, session: &session)
                if outcome.allowed { return Outcome(allowed: true, cut: false) }
                cut = cut || outcome.cut
            }
            return Outcome(allowed: false, cut: cut)
        case .intersection(let children):
            var cut = false
            for child in children {
                let outcome = try evaluate(
                    child, definition: definition, query, object: object, depth: depth, session: &session)
                cut = cut || outcome.cut
                if !outcome.allowed { return Outcome(allowed: false, cut: cut) }
            }
            return Outcome(allowed: !children.isEmpty, cut: cut)
        case .difference(let base, let subtract):
            let baseOutcome = try evaluate(
                base, definition: definition, query, object: object, depth: depth, session: &session)
            guard baseOutcome.allowed else { return baseOutcome }
            let subtractOutcome = try evaluate(
                subtract, definition: definition, query, object: object, depth: depth, session: &session)
            return Outcome(allowed: !subtractOutcome.allowed, cut: baseOutcome.cut || subtractOutcome.cut)
        }
    }

    /// Direct assignment: the exact user, the typed wildcard, or membership of a related userset.
    private func direct(
        definition: FGARelation, _ query: Query, object: FGAObject, depth: Int, session: inout Session
    ) throws(FGAError) -> Outcome {
        let key = FGAObjectRelation(object: object.description, relation: definition.name)
        let sources = [stored.users(of: key), contextual.users(of: key)]
        let allowed = definition.directTypes
        for case let users? in sources {
            if users.direct.contains(query.user), allowed.contains(query.parsedUser.restriction) {
                return Outcome(allowed: true, cut: false)
            }
            if let wildcard = query.wildcard, users.direct.contains(wildcard),
                allowed.contains(FGATypeRestriction(type: query.parsedUser.type, wildcard: true))
            {
                return Outcome(allowed: true, cut: false)
            }
            if users.usersets[query.user] != nil, allowed.contains(query.parsedUser.restriction) {
                return Outcome(allowed: true, cut: false)
            }
        }
        var cut = false
        for case let users? in sources {
            for case .userset(let set, let setRelation) in users.usersets.values
            where allowed.contains(FGATypeRestriction(type: set.type, relation: setRelation)) {
                let outcome = try resolve(
                    query, object: set, relation: setRelation, depth: depth + 1, session: &session)
                if outcome.allowed { return Outcome(allowed: true, cut: false) }
                cut = cut || outcome.cut
            }
        }
        return Outcome(allowed: false, cut: cut)
    }

    /// The objects related to `object` through the tupleset relation (usersets and wildcards are ignored).
    private func parents(of object: FGAObject, through tupleset: String) -> [FGAObject] {
        let key = FGAObjectRelation(object: object.description, relation: tupleset)
        let allowed = model.relation(tupleset, on: object.type)?.directTypes ?? []
        var result: [FGAObject] = []
        for case let users? in [stored.users(of: key), contextual.users(of: key)] {
            for user in users.direct {
                guard case .object(let parent)? = FGAUser(parsing: user),
                    allowed.contains(FGATypeRestriction(type: parent.type))
                else { continue }
                result.append(parent)
            }
        }
        return result
    }

    /// Every user string related to `object#relation` (stored and contextual), sorted.
    func directUsers(of key: FGAObjectRelation) -> [String] {
        var users = Set<String>()
        for case let related? in [stored.users(of: key), contextual.users(of: key)] {
            users.formUnion(related.direct)
            users.formUnion(related.usersets.keys)
        }
        return users.sorted()
    }

    // MARK: List objects

    /// The objects of `type` on which `user` has `relation` (at most `limit`, sorted).
    public func listObjects(
        type: String, relation: String, user: String, limit: Int = FGAEvaluator.defaultListObjectsLimit
    ) throws(FGAError) -> [String] {
        guard model.type(type) != nil else { throw .typeNotFound(type) }
        guard model.relation(relation, on: type) != nil else {
            throw .relationNotFound(relation, type: type)
        }
        var candidates = Set<String>()
        if let objects = stored.objects(ofType: type) { candidates.formUnion(objects) }
        if let objects = contextual.objects(ofType: type) { candidates.formUnion(objects) }
        var session = Session()
        var result: [String] = []
        for object in candidates.sorted() {
            if try check(user: user, relation: relation, object: object, session: &session) {
                result.append(object)
                if result.count >= limit { break }
            }
        }
        return result
    }

    // MARK: List users

    /// A filter for list-users: users of `type`, or usersets `type#relation`.
    public struct UserFilter: Sendable, Hashable {
        /// The user type.
        public var type: String
        /// The userset relation, if usersets are asked for.
        public var relation: String?

        public init(type: String, relation: String? = nil) {
            self.type = type
            self.relation = relation
        }
    }

    /// The users matching `filters` that have `relation` on `object`, as user strings (sorted).
    public func listUsers(object: String, relation: String, filters: [UserFilter]) throws(FGAError)
        -> [String]
    {
        guard let parsedObject = FGAObject(parsing: object) else {
            throw .validation("invalid 'object' field format: '\(object)'")
        }
        guard model.type(parsedObject.type) != nil else { throw .typeNotFound(parsedObject.type) }
        guard model.relation(relation, on: parsedObject.type) != nil else {
            throw .relationNotFound(relation, type: parsedObject.type)
        }
        for filter in filters {
            guard model.type(filter.type) != nil else { throw .typeNotFound(filter.type) }
            if let filterRelation = filter.relation,
                model.relation(filterRelation, on: filter.type) == nil
            {
                throw .relationNotFound(filterRelation, type: filter.type)
            }
        }
        var candidates = Set<String>()
        var visited = Set<FGAObjectRelation>()
        try collect(
            object: parsedObject, relation: relation, into: &candidates, visited: &visited, depth: 0)
        for filter in filters where filter.relation != nil {
            if filter.type == parsedObject.type, filter.relation == relation {
                candidates.insert("\(object)#\(relation)")
            }
        }
        var session = Session()
        var result: [String] = []
        for candidate in candidates.sorted() {
            guard let user = FGAUser(parsing: candidate),
                filters.contains(where: { Self.matches(user, $0) })
            else {
                continue
            }
            if try check(user: candidate, relation: relation, object: object, session: &session) {
                result.append(candidate)
            }
        }
        return result
    }

    private static func matches(_ user: FGAUser, _ filter: UserFilter) -> Bool {
        switch user {
        case .object(let object): filter.relation == nil && object.type == filter.type
        case .wildcard(let type): filter.relation == nil && type == filter.type
        case .userset(let object, let relation):
            filter.relation == relation && object.type == filter.type
        }
    }

    /// Gathers every user string reachable from `object#relation` through any branch (filtered later by check).
    private func collect(
        object: FGAObject, relation: String, into users: inout Set<String>,
        visited: inout Set<FGAObjectRelation>,
        depth: Int
    ) throws(FGAError) {
        let key = FGAObjectRelation(object: object.description, relation: relation)
        guard let definition = model.relation(relation, on: object.type), visited.insert(key).inserted
        else { return }
        guard depth < maxDepth else { throw .resolutionTooComplex }
        try collect(
            definition.rewrite, object: object, relation: relation, into: &users, visited: &visited,
            depth: depth)
    }

    private func collect(
        _ rewrite: FGARewrite, object: FGAObject, relation: String, into users: inout Set<String>,
        visited: inout Set<FGAObjectRelation>, depth: Int
    ) throws(FGAError) {
        switch rewrite {
        case .this:
            let key = FGAObjectRelation(object: object.description, relation: relation)
            for case let related? in [stored.users(of: key), contextual.users(of: key)] {
                users.formUnion(related.direct)
                for (text, user) in related.usersets {
                    users.insert(text)
                    if case .userset(let set, let setRelation) = user {
                        try collect(
                            object: set, relation: setRelation, into: &users, visited: &visited, depth: depth + 1)
                    }
                }
            }
        case .computed(let other):
            try collect(
                object: object, relation: other, into: &users, visited: &visited, depth: depth + 1)
        case .tupleToUserset(let tupleset, let computed):
            for parent in parents(of: object, through: tupleset) {
                try collect(
                    object: parent, relation: computed, into: &users, visited: &visited, depth: depth + 1)
            }
        case .union(let children), .intersection(let children):
            for child in children {
                try collect(
                    child, object: object, relation: relation, into: &users, visited: &visited, depth: depth)
            }
        case .difference(let base, _):
            try collect(
                base, object: object, relation: relation, into: &users, visited: &visited, depth: depth)
        }
    }
}
