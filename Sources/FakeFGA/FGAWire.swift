import Foundation

/// The JSON bodies of OpenFGA's HTTP API, field for field (snake_case as OpenFGA sends them).
public enum FGAWire {
    /// A stored relationship tuple key, with the `condition` OpenFGA allows (refused when set).
    public struct TupleKey: Codable, Sendable, Equatable {
        public var user: String
        public var relation: String
        public var object: String
        public var condition: FGAJSONValue?

        public init(_ key: FGATupleKey) {
            user = key.user
            relation = key.relation
            object = key.object
        }

        /// The key without its condition; throws when a condition is set.
        public func key() throws(FGAError) -> FGATupleKey {
            let key = FGATupleKey(object: object, relation: relation, user: user)
            if let condition, condition != .null {
                throw .validation("conditions are not supported by this fake (tuple '\(key)')")
            }
            return key
        }
    }

    /// `{tuple_keys: [...]}`.
    public struct TupleKeys: Codable, Sendable {
        public var tupleKeys: [TupleKey]
        enum CodingKeys: String, CodingKey { case tupleKeys = "tuple_keys" }

        public init(tupleKeys: [TupleKey]) { self.tupleKeys = tupleKeys }
    }

    /// `POST /stores` body.
    public struct CreateStoreRequest: Codable, Sendable {
        public var name: String?
    }

    /// A store, as get/list/create answer it.
    public struct Store: Codable, Sendable {
        public var id: String
        public var name: String
        public var createdAt: String
        public var updatedAt: String
        enum CodingKeys: String, CodingKey {
            case id, name
            case createdAt = "created_at"
            case updatedAt = "updated_at"
        }
    }

    /// `GET /stores` answer.
    public struct ListStoresResponse: Codable, Sendable {
        public var stores: [Store]
        public var continuationToken: String
        enum CodingKeys: String, CodingKey {
            case stores
            case continuationToken = "continuation_token"
        }
    }

    /// `POST /stores/{id}/authorization-models` answer.
    public struct WriteModelResponse: Codable, Sendable {
        public var authorizationModelId: String
        enum CodingKeys: String, CodingKey { case authorizationModelId = "authorization_model_id" }

        public init(authorizationModelId: String) { self.authorizationModelId = authorizationModelId }
    }

    /// `GET /stores/{id}/authorization-models/{model}` answer.
    public struct ReadModelResponse: Codable, Sendable {
        public var authorizationModel: FGAModelJSON
        enum CodingKeys: String, CodingKey { case authorizationModel = "authorization_model" }

        public init(authorizationModel: FGAModelJSON) { self.authorizationModel = authorizationModel }
    }

    /// `GET /stores/{id}/authorization-models` answer.
    public struct ReadModelsResponse: Codable, Sendable {
        public var authorizationModels: [FGAModelJSON]
        public var continuationToken: String
        enum CodingKeys: String, CodingKey {
            case authorizationModels = "authorization_models"
            case continuationToken = "continuation_token"
        }
    }

    /// `POST /stores/{id}/write` body.
    public struct WriteRequest: Codable, Sendable {
        public struct Writes: Codable, Sendable {
            public var tupleKeys: [TupleKey]?
            public var onDuplicate: String?
            enum CodingKeys: String, CodingKey {
                case tupleKeys = "tuple_keys"
                case onDuplicate = "on_duplicate"
            }

            public init(tupleKeys: [TupleKey], onDuplicate: String? = nil) {
                self.tupleKeys = tupleKeys
                self.onDuplicate = onDuplicate
            }
        }
        public struct Deletes: Codable, Sendable {
            public var tupleKeys: [TupleKey]?
            public var onMissing: String?
            enum CodingKeys: String, CodingKey {
                case tupleKeys = "tuple_keys"
                case onMissing = "on_missing"
            }

            public init(tupleKeys: [TupleKey], onMissing: String? = nil) {
                self.tupleKeys = tupleKeys
                self.onMissing = onMissing
            }
        }
        public var writes: Writes?
        public var deletes: Deletes?
        public var authorizationModelId: String?
        enum CodingKeys: String, CodingKey {
            case writes, deletes
            case authorizationModelId = "authorization_model_id"
        }

        public init(writes: Writes? = nil, deletes: Deletes? = nil, authorizationModelId: String? = nil) {
            self.writes = writes
            self.deletes = deletes
            self.authorizationModelId = authorizationModelId
        }
    }

    /// `POST /stores/{id}/read` body.
    public struct ReadRequest: Codable, Sendable {
        public struct Filter: Codable, Sendable {
            public var user: String?
            public var relation: String?
            public var object: String?

            public init(user: String? = nil, relation: String? = nil, object: String? = nil) {
                self.user = user
                self.relation = relation
                self.object = object
            }
        }
        public var tupleKey: Filter?
        public var pageSize: Int?
        public var continuationToken: String?
        enum CodingKeys: String, CodingKey {
            case tupleKey = "tuple_key"
            case pageSize = "page_size"
            case continuationToken = "continuation_token"
        }

        public init(tupleKey: Filter? = nil, pageSize: Int? = nil, continuationToken: String? = nil) {
            self.tupleKey = tupleKey
            self.pageSize = pageSize
            self.continuationToken = continuationToken
        }
    }

    /// A tuple with its write time.
    public struct Tuple: Codable, Sendable {
        public var key: TupleKey
        public var timestamp: String
    }

    /// `POST /stores/{id}/read` answer.
    public struct ReadResponse: Codable, Sendable {
        public var tuples: [Tuple]
        public var continuationToken: String
        enum CodingKeys: String, CodingKey {
            case tuples
            case continuationToken = "continuation_token"
        }
    }

    /// The `tuple_key` of check and batch-check.
    public struct CheckTupleKey: Codable, Sendable {
        public var user: String
        public var relation: String
        public var object: String

        public init(user: String, relation: String, object: String) {
            self.user = user
            self.relation = relation
            self.object = object
        }
    }

    /// `POST /stores/{id}/check` body.
    public struct CheckRequest: Codable, Sendable {
        public var tupleKey: CheckTupleKey
        public var contextualTuples: TupleKeys?
        public var authorizationModelId: String?
        public var context: FGAJSONValue?
        enum CodingKeys: String, CodingKey {
            case tupleKey = "tuple_key"
            case contextualTuples = "contextual_tuples"
            case authorizationModelId = "authorization_model_id"
            case context
        }

        public init(
            tupleKey: CheckTupleKey, contextualTuples: TupleKeys? = nil,
            authorizationModelId: String? = nil
        ) {
            self.tupleKey = tupleKey
            self.contextualTuples = contextualTuples
            self.authorizationModelId = authorizationModelId
        }
    }

    /// `POST /stores/{id}/check` answer.
    public struct CheckResponse: Codable, Sendable {
        public var allowed: Bool
        public var resolution: String

        public init(allowed: Bool, resolution: String = "") {
            self.allowed = allowed
            self.resolution = resolution
        }
    }

    /// `POST /stores/{id}/batch-check` body.
    public struct BatchCheckRequest: Codable, Sendable {
        public struct Item: Codable, Sendable {
            public var tupleKey: CheckTupleKey
            public var contextualTuples: TupleKeys?
            public var context: FGAJSONValue?
            public var correlationId: String?
            enum CodingKeys: String, CodingKey {
                case tupleKey = "tuple_key"
                case contextualTuples = "contextual_tuples"
                case context
                case correlationId = "correlation_id"
            }

            public init(
                tupleKey: CheckTupleKey, contextualTuples: TupleKeys? = nil, correlationId: String?
            ) {
                self.tupleKey = tupleKey
                self.contextualTuples = contextualTuples
                self.correlationId = correlationId
            }
        }
        public var checks: [Item]
        public var authorizationModelId: String?
        enum CodingKeys: String, CodingKey {
            case checks
            case authorizationModelId = "authorization_model_id"
        }

        public init(checks: [Item], authorizationModelId: String? = nil) {
            self.checks = checks
            self.authorizationModelId = authorizationModelId
        }
    }

    /// `POST /stores/{id}/batch-check` answer: one result per correlation id.
    public struct BatchCheckResponse: Codable, Sendable {
        public struct Result: Codable, Sendable {
            public var allowed: Bool?
            public var error: CheckError?
        }
        public struct CheckError: Codable, Sendable {
            public var inputError: String?
            public var internalError: String?
            public var message: String
            enum CodingKeys: String, CodingKey {
                case inputError = "input_error"
                case internalError = "internal_error"
                case message
            }
        }
        public var result: [String: Result]
    }

    /// `POST /stores/{id}/list-objects` body.
    public struct ListObjectsRequest: Codable, Sendable {
        public var authorizationModelId: String?
        public var type: String
        public var relation: String
        public var user: String
        public var contextualTuples: TupleKeys?
        public var context: FGAJSONValue?
        enum CodingKeys: String, CodingKey {
            case authorizationModelId = "authorization_model_id"
            case type, relation, user, context
            case contextualTuples = "contextual_tuples"
        }

        public init(
            type: String, relation: String, user: String, contextualTuples: TupleKeys? = nil,
            authorizationModelId: String? = nil
        ) {
            self.type = type
            self.relation = relation
            self.user = user
            self.contextualTuples = contextualTuples
            self.authorizationModelId = authorizationModelId
        }
    }

    /// `POST /stores/{id}/list-objects` answer.
    public struct ListObjectsResponse: Codable, Sendable {
        public var objects: [String]

        public init(objects: [String]) { self.objects = objects }
    }

    /// `{type, id}`.
    public struct ObjectRef: Codable, Sendable {
        public var type: String
        public var id: String

        public init(type: String, id: String) {
            self.type = type
            self.id = id
        }
    }

    /// `POST /stores/{id}/list-users` body (contextual tuples are a bare list here).
    public struct ListUsersRequest: Codable, Sendable {
        public struct Filter: Codable, Sendable {
            public var type: String
            public var relation: String?

            public init(type: String, relation: String? = nil) {
                self.type = type
                self.relation = relation
            }
        }
        public var authorizationModelId: String?
        public var object: ObjectRef
        public var relation: String
        public var userFilters: [Filter]
        public var contextualTuples: [TupleKey]?
        public var context: FGAJSONValue?
        enum CodingKeys: String, CodingKey {
            case authorizationModelId = "authorization_model_id"
            case object, relation, context
            case userFilters = "user_filters"
            case contextualTuples = "contextual_tuples"
        }

        public init(
            object: ObjectRef, relation: String, userFilters: [Filter],
            contextualTuples: [TupleKey]? = nil,
            authorizationModelId: String? = nil
        ) {
            self.object = object
            self.relation = relation
            self.userFilters = userFilters
            self.contextualTuples = contextualTuples
            self.authorizationModelId = authorizationModelId
        }
    }

    /// One user of a list-users answer: exactly one field is set.
    public struct User: Codable, Sendable {
        public struct Userset: Codable, Sendable {
            public var type: String
            public var id: String
            public var relation: String
        }
        public struct Wildcard: Codable, Sendable {
            public var type: String
        }
        public var object: ObjectRef?
        public var userset: Userset?
        public var wildcard: Wildcard?

        /// The wire form of a user.
        public init(_ user: FGAUser) {
            switch user {
            case .object(let object): self.object = ObjectRef(type: object.type, id: object.id)
            case .wildcard(let type): wildcard = Wildcard(type: type)
            case .userset(let object, let relation):
                userset = Userset(type: object.type, id: object.id, relation: relation)
            }
        }
    }

    /// `POST /stores/{id}/list-users` answer.
    public struct ListUsersResponse: Codable, Sendable {
        public var users: [User]

        public init(users: [User]) { self.users = users }
    }

    /// `POST /stores/{id}/expand` body.
    public struct ExpandRequest: Codable, Sendable {
        public struct Key: Codable, Sendable {
            public var relation: String
            public var object: String

            public init(relation: String, object: String) {
                self.relation = relation
                self.object = object
            }
        }
        public var tupleKey: Key
        public var authorizationModelId: String?
        public var contextualTuples: TupleKeys?
        enum CodingKeys: String, CodingKey {
            case tupleKey = "tuple_key"
            case authorizationModelId = "authorization_model_id"
            case contextualTuples = "contextual_tuples"
        }

        public init(
            tupleKey: Key, authorizationModelId: String? = nil, contextualTuples: TupleKeys? = nil
        ) {
            self.tupleKey = tupleKey
            self.authorizationModelId = authorizationModelId
            self.contextualTuples = contextualTuples
        }
    }

    /// `POST /stores/{id}/expand` answer.
    public struct ExpandResponse: Codable, Sendable {
        public struct Tree: Codable, Sendable {
            public var root: FGAExpandNode

            public init(root: FGAExpandNode) { self.root = root }
        }
        public var tree: Tree

        public init(tree: Tree) { self.tree = tree }
    }

    /// One entry of the change log.
    public struct TupleChange: Codable, Sendable {
        public var tupleKey: TupleKey
        public var operation: String
        public var timestamp: String
        enum CodingKeys: String, CodingKey {
            case tupleKey = "tuple_key"
            case operation, timestamp
        }
    }

    /// `GET /stores/{id}/changes` answer.
    public struct ReadChangesResponse: Codable, Sendable {
        public var changes: [TupleChange]
        public var continuationToken: String
        enum CodingKeys: String, CodingKey {
            case changes
            case continuationToken = "continuation_token"
        }
    }

    /// An assertion stored for a model.
    public struct Assertion: Codable, Sendable {
        public var tupleKey: CheckTupleKey
        public var expectation: Bool
        public var contextualTuples: [TupleKey]?
        enum CodingKeys: String, CodingKey {
            case tupleKey = "tuple_key"
            case expectation
            case contextualTuples = "contextual_tuples"
        }
    }

    /// `PUT /stores/{id}/assertions/{model}` body.
    public struct WriteAssertionsRequest: Codable, Sendable {
        public var assertions: [Assertion]
    }

    /// `GET /stores/{id}/assertions/{model}` answer.
    public struct ReadAssertionsResponse: Codable, Sendable {
        public var authorizationModelId: String
        public var assertions: [Assertion]
        enum CodingKeys: String, CodingKey {
            case authorizationModelId = "authorization_model_id"
            case assertions
        }

        public init(authorizationModelId: String, assertions: [Assertion]) {
            self.authorizationModelId = authorizationModelId
            self.assertions = assertions
        }
    }

    /// An error body: `{code, message}`.
    public struct ErrorBody: Codable, Sendable {
        public var code: String
        public var message: String

        public init(_ error: FGAError) {
            code = error.code
            message = error.message
        }
    }
}
