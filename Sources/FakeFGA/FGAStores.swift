import Foundation

/// Every FGA store of a tenant and the operations of OpenFGA's API on them, with OpenFGA's validation and errors.
/// A value type: the owner serialises access (one lock around it) and passes in the time. Every mutating
/// operation checks everything before it changes anything, so a thrown error leaves the stores unchanged.
public struct FGAStores: Sendable {
    /// Most tuples one write may carry (writes plus deletes), as OpenFGA.
    public static let maxTuplesPerWrite = 100
    /// Most contextual tuples a query may carry.
    public static let maxContextualTuples = 100
    /// Most checks one batch-check may carry.
    public static let maxChecksPerBatch = 50

    private var stores: [String: FGAStore] = [:]
    private var order: [String] = []

    public init() {}

    // MARK: Stores

    /// Creates a store; `id` defaults to a new ULID.
    @discardableResult
    public mutating func createStore(name: String, id: String? = nil, now: Date) throws(FGAError)
        -> FGAStore
    {
        guard (3...64).contains(name.count) else {
            throw .validation(
                "invalid CreateStoreRequest.Name: value length must be between 3 and 64 runes, inclusive")
        }
        let storeID = id ?? FGAULID.make(time: now)
        guard FGAULID.isValid(storeID) else {
            throw .validation("invalid store id '\(storeID)': it must be a ULID")
        }
        guard stores[storeID] == nil else {
            throw .validation("a store with id '\(storeID)' already exists")
        }
        let store = FGAStore(id: storeID, name: name, createdAt: now)
        stores[storeID] = store
        order.append(storeID)
        return store
    }

    /// The store with this id.
    public func store(_ id: String) throws(FGAError) -> FGAStore {
        guard let store = stores[id] else {
            if !FGAULID.isValid(id) { throw .validation("invalid store_id '\(id)': it must be a ULID") }
            throw .storeNotFound
        }
        return store
    }

    /// Every store, oldest first.
    public var allStores: [FGAStore] { order.compactMap { stores[$0] } }

    /// Deletes a store.
    public mutating func deleteStore(_ id: String) throws(FGAError) {
        _ = try store(id)
        stores.removeValue(forKey: id)
        order.removeAll { $0 == id }
    }

    /// A page of stores (optionally by exact name).
    public func listStores(name: String?, pageSize: Int?, continuationToken: String?) throws(FGAError)
        -> FGAWire.ListStoresResponse
    {
        let matching = allStores.filter { name == nil || name == "" || $0.name == name }
        let (page, token) = try Self.page(
            matching, size: pageSize, token: continuationToken, kind: "s", request: "ListStoresRequest")
        return FGAWire.ListStoresResponse(stores: page.map(Self.wire), continuationToken: token)
    }

    /// The wire form of a store.
    public static func wire(_ store: FGAStore) -> FGAWire.Store {
        FGAWire.Store(
            id: store.id, name: store.name, createdAt: FGATimestamp.format(store.createdAt),
            updatedAt: FGATimestamp.format(store.updatedAt))
    }

    // MARK: Models

    /// Validates and stores a model (which becomes the latest); answers its id.
    @discardableResult
    public mutating func writeModel(
        _ model: FGAModel, store id: String, modelID: String? = nil, now: Date
    )
        throws(FGAError) -> String
    {
        var store = try store(id)
        do {
            try FGAModelValidator.validate(model)
        } catch {
            throw .invalidModel(error.message)
        }
        var stored = model
        stored.id = modelID ?? FGAULID.make(time: now)
        guard FGAULID.isValid(stored.id) else {
            throw .validation("invalid model id '\(stored.id)': it must be a ULID")
        }
        guard !store.models.contains(where: { $0.id == stored.id }) else {
            throw .validation("a model with id '\(stored.id)' already exists")
        }
        store.models.append(stored)
        store.updatedAt = now
        stores[id] = store
        return stored.id
    }

    /// A page of models, newest first.
    public func listModels(store id: String, pageSize: Int?, continuationToken: String?)
        throws(FGAError)
        -> FGAWire.ReadModelsResponse
    {
        let models = try store(id).models.reversed().map { $0 }
        let (page, token) = try Self.page(
            models, size: pageSize, token: continuationToken, kind: "m",
            request: "ReadAuthorizationModelsRequest")
        return FGAWire.ReadModelsResponse(
            authorizationModels: page.map(FGAModelJSON.init), continuationToken: token)
    }

    // MARK: Tuples

    /// Applies deletes then writes atomically, with OpenFGA's checks (model rules, duplicates, missing tuples).
    public mutating func write(_ request: FGAWire.WriteRequest, store id: String, now: Date)
        throws(FGAError)
    {
        var store = try store(id)
        let model = try store.model(request.authorizationModelId)
        let writes = try (request.writes?.tupleKeys ?? []).map { (key) throws(FGAError) in try key.key()
        }
        let deletes = try (request.deletes?.tupleKeys ?? []).map { (key) throws(FGAError) in
            try key.key()
        }
        guard !writes.isEmpty || !deletes.isEmpty else {
            throw FGAError(
                .validation, code: "invalid_write_input",
                message: "Invalid input. Make sure you provide at least one write, or at least one delete")
        }
        guard writes.count + deletes.count <= Self.maxTuplesPerWrite else {
            throw FGAError(
                .validation, code: "exceeded_entity_limit",
                message:
                    "The number of write operations exceeds the allowed limit of \(Self.maxTuplesPerWrite)")
        }
        let ignoreDuplicates = try Self.flag(request.writes?.onDuplicate, field: "on_duplicate")
        let ignoreMissing = try Self.flag(request.deletes?.onMissing, field: "on_missing")
        var seen = Set<FGATupleKey>()
        for tuple in writes + deletes where !seen.insert(tuple).inserted {
            throw FGAError(
                .validation, code: "cannot_allow_duplicate_tuples_in_one_request",
                message:
                    "duplicate tuple in write: user: '\(tuple.user)', relation: '\(tuple.relation)', object: '\(tuple.object)'"
            )
        }
        for tuple in writes { try model.validate(tuple) }
        for tuple in deletes {
            guard FGAObject(parsing: tuple.object) != nil, FGAUser(parsing: tuple.user) != nil,
                !tuple.relation.isEmpty
            else { throw .invalidTuple(tuple, reason: "the tuple is malformed") }
        }
        let suffix = ": tuple to be written already existed or the tuple to be deleted did not exist"
        var applyDeletes: [FGATupleKey] = []
        for tuple in deletes {
            if store.tuples.contains(tuple) {
                applyDeletes.append(tuple)
            } else if !ignoreMissing {
                throw FGAError(
                    .validation, code: "write_failed_due_to_invalid_input",
                    message: "cannot delete a tuple which does not exist: \(Self.quoted(tuple))\(suffix)")
            }
        }
        var applyWrites: [FGATupleKey] = []
        for tuple in writes {
            if !store.tuples.contains(tuple) {
                applyWrites.append(tuple)
            } else if !ignoreDuplicates {
                throw FGAError(
                    .validation, code: "write_failed_due_to_invalid_input",
                    message: "cannot write a tuple which already exists: \(Self.quoted(tuple))\(suffix)")
            }
        }
        stores[id] = nil  // the local copy is now the only one: the changes below happen in place
        for tuple in applyDeletes {
            store.tuples.remove(tuple)
            store.writtenAt.removeValue(forKey: tuple)
            store.changes.append(FGATupleChange(tuple: tuple, operation: .delete, timestamp: now))
        }
        for tuple in applyWrites {
            store.tuples.insert(tuple)
            store.writtenAt[tuple] = now
            store.changes.append(FGATupleChange(tuple: tuple, operation: .write, timestamp: now))
        }
        store.updatedAt = now
        stores[id] = store
    }

    /// A page of tuples matching the filter, in write order.
    public func read(_ request: FGAWire.ReadRequest, store id: String) throws(FGAError)
        -> FGAWire.ReadResponse
    {
        let store = try store(id)
        let filter = request.tupleKey
        var objectType: String?
        var objectExact: String?
        if let object = filter?.object, !object.isEmpty {
            if object.hasSuffix(":"), FGAName.isValid(String(object.dropLast())) {
                objectType = String(object.dropLast())
            } else if FGAObject(parsing: object) != nil {
                objectExact = object
            } else {
                throw .validation("invalid 'object' field format: '\(object)'")
            }
        }
        if objectType != nil, (filter?.user ?? "").isEmpty {
            throw .validation(
                "the 'user' field is required when the 'object' field is a type ('\(objectType!):')")
        }
        let relation = filter?.relation.flatMap { $0.isEmpty ? nil : $0 }
        let user = filter?.user.flatMap { $0.isEmpty ? nil : $0 }
        let matching = store.tuples.tuples.filter { tuple in
            if let objectExact, tuple.object != objectExact { return false }
            if let objectType, !tuple.object.hasPrefix(objectType + ":") { return false }
            if let relation, tuple.relation != relation { return false }
            if let user, tuple.user != user { return false }
            return true
        }
        let (page, token) = try Self.page(
            matching, size: request.pageSize, token: request.continuationToken, kind: "r",
            request: "ReadRequest")
        return FGAWire.ReadResponse(
            tuples: page.map {
                FGAWire.Tuple(
                    key: FGAWire.TupleKey($0),
                    timestamp: FGATimestamp.format(store.writtenAt[$0] ?? store.createdAt))
            },
            continuationToken: token)
    }

    /// A page of the change log, optionally for one object type and from a start time.
    public func changes(
        store id: String, type: String?, pageSize: Int?, continuationToken: String?, startTime: Date?
    )
        throws(FGAError) -> FGAWire.ReadChangesResponse
    {
        let store = try store(id)
        let size = try Self.pageSize(pageSize, request: "ReadChangesRequest")
        var start = 0
        if let continuationToken, !continuationToken.isEmpty {
            guard let offset = Self.decodeToken(continuationToken, kind: "c"),
                offset <= store.changes.count
            else {
                throw .invalidContinuationToken
            }
            start = offset
        }
        var page: [FGATupleChange] = []
        var position = start
        while position < store.changes.count, page.count < size {
            let change = store.changes[position]
            position += 1
            if let type, !type.isEmpty, !change.tuple.object.hasPrefix(type + ":") { continue }
            if let startTime, change.timestamp < startTime { continue }
            page.append(change)
        }
        return FGAWire.ReadChangesResponse(
            changes: page.map {
                FGAWire.TupleChange(
                    tupleKey: FGAWire.TupleKey($0.tuple), operation: $0.operation.rawValue,
                    timestamp: FGATimestamp.format($0.timestamp))
            },
            continuationToken: store.changes.isEmpty ? "" : Self.encodeToken(position, kind: "c"))
    }

    // MARK: Queries

    /// An evaluator for the store's model (latest by default) with validated contextual tuples.
    public func evaluator(
        store id: String, model modelID: String?, contextualTuples: [FGAWire.TupleKey]
    )
        throws(FGAError) -> FGAEvaluator
    {
        let store = try store(id)
        let model = try store.model(modelID)
        guard contextualTuples.count <= Self.maxContextualTuples else {
            throw .validation(
                "invalid contextual_tuples: value must contain no more than \(Self.maxContextualTuples) item(s)"
            )
        }
        var keys: [FGATupleKey] = []
        for wire in contextualTuples {
            let key = try wire.key()
            try model.validate(key)
            keys.append(key)
        }
        return FGAEvaluator(model: model, tuples: store.tuples, contextualTuples: keys)
    }

    /// `check`.
    public func check(_ request: FGAWire.CheckRequest, store id: String) throws(FGAError) -> Bool {
        let evaluator = try evaluator(
            store: id, model: request.authorizationModelId,
            contextualTuples: request.contextualTuples?.tupleKeys ?? [])
        let key = request.tupleKey
        return try evaluator.check(user: key.user, relation: key.relation, object: key.object)
    }

    /// `batch-check`: one result per correlation id; per-item failures are reported in the item.
    public func batchCheck(_ request: FGAWire.BatchCheckRequest, store id: String) throws(FGAError)
        -> FGAWire.BatchCheckResponse
    {
        let store = try store(id)
        _ = try store.model(request.authorizationModelId)
        guard !request.checks.isEmpty, request.checks.count <= Self.maxChecksPerBatch else {
            throw .validation(
                "invalid BatchCheckRequest.Checks: value must contain between 1 and \(Self.maxChecksPerBatch) items, inclusive"
            )
        }
        var seen = Set<String>()
        for item in request.checks {
            guard let correlation = item.correlationId, !correlation.isEmpty, correlation.count <= 36
            else {
                throw .validation(
                    "invalid BatchCheckItem.CorrelationId: value length must be between 1 and 36 runes")
            }
            guard seen.insert(correlation).inserted else {
                throw .validation("duplicate correlation_id provided: \(correlation)")
            }
        }
        var results: [String: FGAWire.BatchCheckResponse.Result] = [:]
        let shared = try evaluator(store: id, model: request.authorizationModelId, contextualTuples: [])
        for item in request.checks {
            let correlation = item.correlationId ?? ""
            do throws(FGAError) {
                let contextual = item.contextualTuples?.tupleKeys ?? []
                let evaluator =
                    contextual.isEmpty
                    ? shared
                    : try evaluator(
                        store: id, model: request.authorizationModelId, contextualTuples: contextual)
                let key = item.tupleKey
                let allowed = try evaluator.check(
                    user: key.user, relation: key.relation, object: key.object)
                results[correlation] = .init(allowed: allowed, error: nil)
            } catch {
                let internalFailure = error.kind == .internal
                results[correlation] = .init(
                    allowed: false,
                    error: .init(
                        inputError: internalFailure ? nil : error.code,
                        internalError: internalFailure ? error.code : nil, message: error.message))
            }
        }
        return FGAWire.BatchCheckResponse(result: results)
    }

    /// `list-objects`.
    public func listObjects(_ request: FGAWire.ListObjectsRequest, store id: String) throws(FGAError)
        -> [String]
    {
        let evaluator = try evaluator(
            store: id, model: request.authorizationModelId,
            contextualTuples: request.contextualTuples?.tupleKeys ?? [])
        guard FGAUser(parsing: request.user) != nil else {
            throw .validation("invalid 'user' field format: '\(request.user)'")
        }
        return try evaluator.listObjects(
            type: request.type, relation: request.relation, user: request.user)
    }

    /// `list-users`.
    public func listUsers(_ request: FGAWire.ListUsersRequest, store id: String) throws(FGAError)
        -> [FGAWire.User]
    {
        guard request.userFilters.count == 1 else {
            throw .validation(
                "invalid ListUsersRequest.UserFilters: value must contain exactly 1 item(s)")
        }
        let evaluator = try evaluator(
            store: id, model: request.authorizationModelId,
            contextualTuples: request.contextualTuples ?? [])
        let users = try evaluator.listUsers(
            object: "\(request.object.type):\(request.object.id)", relation: request.relation,
            filters: request.userFilters.map {
                FGAEvaluator.UserFilter(
                    type: $0.type, relation: $0.relation.flatMap { $0.isEmpty ? nil : $0 })
            })
        return users.compactMap { FGAUser(parsing: $0).map(FGAWire.User.init) }
    }

    /// `expand`.
    public func expand(_ request: FGAWire.ExpandRequest, store id: String) throws(FGAError)
        -> FGAExpandNode
    {
        let evaluator = try evaluator(
            store: id, model: request.authorizationModelId,
            contextualTuples: request.contextualTuples?.tupleKeys ?? [])
        return try evaluator.expand(
            relation: request.tupleKey.relation, object: request.tupleKey.object)
    }

    // MARK: Assertions

    /// Replaces the assertions of a model.
    public mutating func writeAssertions(
        _ assertions: [FGAWire.Assertion], store id: String, model modelID: String
    )
        throws(FGAError)
    {
        var store = try store(id)
        let model = try store.model(modelID)
        stores[id]?.assertions[model.id] = assertions
        store = stores[id] ?? store
        _ = store
    }

    /// The assertions of a model.
    public func readAssertions(store id: String, model modelID: String) throws(FGAError) -> [FGAWire
        .Assertion]
    {
        let store = try store(id)
        let model = try store.model(modelID)
        return store.assertions[model.id] ?? []
    }

    // MARK: Helpers

    private static func quoted(_ tuple: FGATupleKey) -> String {
        "user: '\(tuple.user)', relation: '\(tuple.relation)', object: '\(tuple.object)'"
    }

    private static func flag(_ value: String?, field: String) throws(FGAError) -> Bool {
        switch value ?? "" {
        case "", "error": false
        case "ignore": true
        default: throw .validation("invalid \(field) '\(value ?? "")': expected 'error' or 'ignore'")
        }
    }

    private static func pageSize(_ size: Int?, request: String) throws(FGAError) -> Int {
        guard let size else { return 50 }
        guard (1...100).contains(size) else {
            throw FGAError(
                .validation, code: "page_size_invalid",
                message: "invalid \(request).PageSize: value must be inside range [1, 100]")
        }
        return size
    }

    private static func page<Element>(
        _ items: [Element], size: Int?, token: String?, kind: String, request: String
    )
        throws(FGAError) -> ([Element], String)
    {
        let size = try pageSize(size, request: request)
        var start = 0
        if let token, !token.isEmpty {
            guard let offset = decodeToken(token, kind: kind), offset <= items.count else {
                throw .invalidContinuationToken
            }
            start = offset
        }
        let end = min(items.count, start + size)
        return (Array(items[start..<end]), end < items.count ? encodeToken(end, kind: kind) : "")
    }

    private static func encodeToken(_ offset: Int, kind: String) -> String {
        Data("\(kind):\(offset)".utf8).base64EncodedString()
    }

    private static func decodeToken(_ token: String, kind: String) -> Int? {
        guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8),
            text.hasPrefix(kind + ":"), let offset = Int(text.dropFirst(kind.count + 1)), offset >= 0
        else { return nil }
        return offset
    }
}
