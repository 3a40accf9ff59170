import FakeFGA
import Foundation

/// The scenario's `fga` section: the OpenFGA-compatible API the fake serves, its access rules and its stores.
public struct FGAConfig: Sendable, Codable, Equatable {
    /// The audience of the FGA API (an API of the scenario): `client_credentials` tokens for it are accepted.
    public var audience: String?
    /// A pre-shared API token also accepted as `Authorization: Bearer <token>`.
    public var apiToken: String?
    /// The stores, seeded when the tenant starts.
    public var stores: [FGAStoreConfig]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case audience, stores
        case apiToken = "api_token"
    }

    public init(audience: String? = nil, apiToken: String? = nil, stores: [FGAStoreConfig] = []) {
        self.audience = audience
        self.apiToken = apiToken
        self.stores = stores
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        audience = try c.decodeIfPresent(String.self, forKey: .audience)
        apiToken = try c.decodeIfPresent(String.self, forKey: .apiToken)
        stores = try c.decode([FGAStoreConfig].self, forKey: .stores, default: [])
    }

    /// Whether the section is absent or empty (the FGA API then answers 404 for every store).
    public var isEmpty: Bool { audience == nil && apiToken == nil && stores.isEmpty }
}

/// One seeded store: its ids, its model (DSL text or OpenFGA JSON) and its initial tuples.
public struct FGAStoreConfig: Sendable, Codable, Equatable {
    /// A fixed store id (a ULID); generated when absent.
    public var id: String?
    public var name: String
    /// A fixed id (a ULID) for the seeded model; generated when absent.
    public var modelID: String?
    /// The model in the OpenFGA modelling language (schema 1.1).
    public var model: String?
    /// The model in OpenFGA's JSON form (`schema_version`, `type_definitions`).
    public var modelJSON: JSONValue?
    /// The initial tuples.
    public var tuples: [FGATupleConfig]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, model, tuples
        case modelID = "model_id"
        case modelJSON = "model_json"
    }

    public init(
        id: String? = nil, name: String, modelID: String? = nil, model: String? = nil,
        modelJSON: JSONValue? = nil,
        tuples: [FGATupleConfig] = []
    ) {
        self.id = id
        self.name = name
        self.modelID = modelID
        self.model = model
        self.modelJSON = modelJSON
        self.tuples = tuples
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        modelID = try c.decodeIfPresent(String.self, forKey: .modelID)
        model = try c.decodeIfPresent(String.self, forKey: .model)
        modelJSON = try c.decodeIfPresent(JSONValue.self, forKey: .modelJSON)
        tuples = try c.decode([FGATupleConfig].self, forKey: .tuples, default: [])
    }
}

/// A seeded relationship tuple.
public struct FGATupleConfig: Sendable, Codable, Equatable {
    public var user: String
    public var relation: String
    public var object: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case user, relation, object
    }

    public init(user: String, relation: String, object: String) {
        self.user = user
        self.relation = relation
        self.object = object
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        user = try c.decode(String.self, forKey: .user)
        relation = try c.decode(String.self, forKey: .relation)
        object = try c.decode(String.self, forKey: .object)
    }

    /// The engine's tuple key.
    public var key: FGATupleKey { FGATupleKey(object: object, relation: relation, user: user) }
}

extension FGAStoreConfig {
    /// The store's model, parsed and validated; errors name the field and, for the DSL, the line.
    func parsedModel() throws(FGAConfigProblem) -> FGAModel {
        switch (model, modelJSON) {
        case (let text?, nil):
            do {
                let parsed = try FGADSLParser.parse(text)
                try FGAModelValidator.validate(parsed.model, lines: parsed.lines)
                return parsed.model
            } catch {
                throw FGAConfigProblem(field: "model", reason: error.description)
            }
        case (nil, let json?):
            do {
                let decoded = try JSONDecoder().decode(FGAModelJSON.self, from: Data(json.description.utf8))
                let model = try decoded.model()
                try FGAModelValidator.validate(model)
                return model
            } catch let error as FGAModelError {
                throw FGAConfigProblem(field: "model_json", reason: error.description)
            } catch {
                throw FGAConfigProblem(field: "model_json", reason: "not an OpenFGA JSON model: \(error)")
            }
        case (nil, nil):
            throw FGAConfigProblem(field: "", reason: "needs 'model' (DSL) or 'model_json'")
        case (_?, _?):
            throw FGAConfigProblem(field: "", reason: "give either 'model' or 'model_json', not both")
        }
    }
}
