import Foundation

/// The JSON Schema of the scenario format, generated from `Scenario` and the types it holds
/// (`fake-auth0 schema`; a copy is committed as `docs/scenario.schema.json`). Editors that speak
/// yaml-language-server pick it up from a `# yaml-language-server: $schema=…` first line.
public enum ScenarioSchema {
    /// The schema as a JSON value.
    public static func schema() -> JSONValue {
        var generator = JSONSchemaGenerator()
        guard case .object(var root) = generator.schema(for: Scenario.self).resolved(in: generator.definitions) else {
            preconditionFailure("the scenario is a mapping")
        }
        var definitions = generator.definitions
        definitions.removeValue(forKey: "Scenario")
        if case .object(var user)? = definitions["UserConfig"], case .object(var properties)? = user["properties"],
            let list = properties["connected_accounts"], case .object(let listSchema) = list,
            let account = listSchema["items"]
        {
            // a list of accounts, or a mapping from connection name to one account (`connection` then optional)
            properties["connected_accounts"] = ["anyOf": [list, ["type": "object", "additionalProperties": account]]]
            user["properties"] = .object(properties)
            definitions["UserConfig"] = .object(user)
        }
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        root["title"] = "fake-auth0 scenario"
        root["description"] =
            "A fake-auth0 scenario file (YAML or JSON); every field is documented in docs/scenarios.md."
        root["$defs"] = .object(definitions)
        return .object(root)
    }

    /// The schema as pretty-printed JSON with sorted keys, ending in a newline.
    public static func text() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(schema())) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

extension JSONValue {
    /// A `$ref` into `definitions` replaced by its target; anything else unchanged.
    fileprivate func resolved(in definitions: [String: JSONValue]) -> JSONValue {
        guard case .object(let object) = self, case .string(let reference)? = object["$ref"],
            let target = definitions[String(reference.dropFirst("#/$defs/".count))]
        else { return self }
        return target
    }
}

extension GrantType: JSONSchemaDescribing {
    /// The wire strings and the short aliases.
    static var jsonSchema: JSONValue {
        let names = allCases.map(\.rawValue) + aliases.keys.sorted()
        return ["type": "string", "enum": .array(names.map(JSONValue.string))]
    }
}

extension CIBADecision: JSONSchemaDescribing {
    /// `approve`, `deny`, `never`, or a mapping with exactly one of `approve_after`, `deny_after`, `approve_with`.
    static var jsonSchema: JSONValue {
        let delay: JSONValue = [
            "type": "object", "additionalProperties": false, "minProperties": 1, "maxProperties": 1,
            "properties": ["polls": ["type": "integer", "minimum": 0], "seconds": ["type": "integer", "minimum": 0]],
        ]
        let with: JSONValue = [
            "type": "object", "additionalProperties": false,
            "properties": ["scope": ["type": "string"], "acr": ["type": "string"]],
        ]
        return [
            "anyOf": [
                ["type": "string", "enum": ["approve", "deny", "never"]],
                [
                    "type": "object", "additionalProperties": false, "minProperties": 1, "maxProperties": 1,
                    "properties": ["approve_after": delay, "deny_after": delay, "approve_with": with],
                ],
            ]
        ]
    }
}
