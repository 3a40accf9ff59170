import Foundation
import Yams

/// Reads scenario files (YAML or JSON) into a validated `Scenario`.
public enum ScenarioLoader {
    /// Loads and validates the scenario at `path`.
    public static func load(path: String) throws(ScenarioError) -> Scenario {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ScenarioError(problems: [
                .init(file: path, path: "", reason: "cannot read file: \(error.localizedDescription)")
            ])
        }
        return try load(yaml: text, file: path)
    }

    /// Loads and validates scenario text; `file` names it in error messages. Fixture paths are relative
    /// to `fixturesDirectory`, by default the directory of `file`.
    public static func load(yaml text: String, file: String, fixturesDirectory: String? = nil) throws(ScenarioError)
        -> Scenario
    {
        try load(yaml: text, file: file, fixturesDirectory: fixturesDirectory, deferringFixtures: false)
    }

    /// `load(yaml:file:fixturesDirectory:)`, leaving the fixture files to be read on first use when
    /// `deferringFixtures` (only for files known to be good).
    static func load(yaml text: String, file: String, fixturesDirectory: String?, deferringFixtures: Bool)
        throws(ScenarioError) -> Scenario
    {
        var scenario = try decode(yaml: text, file: file)
        var problems: [ScenarioProblem] = []
        if deferringFixtures, let fixturesDirectory {
            scenario.deferredFixtures = DeferredFixtures(base: fixturesDirectory, scenarioFile: file)
        } else {
            problems += FixtureFiles.load(into: &scenario, scenarioFile: file, directory: fixturesDirectory)
        }
        problems += UpstreamAPIFiles.load(into: &scenario, scenarioFile: file, directory: fixturesDirectory)
        problems += ScenarioValidator.problems(in: scenario, file: file)
        guard problems.isEmpty else { throw ScenarioError(problems: problems) }
        return scenario
    }

    /// The scenario built into the binary (`scenarios/default.yaml`). Its fixture files are read when
    /// first used (the tests check that they load and are valid), so the start does not wait for them.
    public static func defaultScenario() throws(ScenarioError) -> Scenario {
        try load(
            yaml: DefaultScenario.yaml, file: "default.yaml", fixturesDirectory: DefaultScenario.directory,
            deferringFixtures: true)
    }

    /// The built-in scenario with its fixture files read and checked now.
    static func defaultScenarioWithFixtures() throws(ScenarioError) -> Scenario {
        try load(yaml: DefaultScenario.yaml, file: "default.yaml", fixturesDirectory: DefaultScenario.directory)
    }

    /// The size of a scenario text (bytes) above which its parsed tree is freed once the process serves.
    static let treeKeptUntilServing = 256 * 1024

    static func decode(yaml text: String, file: String) throws(ScenarioError) -> Scenario {
        do {
            if YAMLDocument.isBlank(text) {
                return Scenario()
            }
            guard let value = try YAMLDocument.value(of: text) else { return Scenario() }
            // A big file's tree (hundreds of thousands of nodes) is freed once the process serves: its
            // deallocation is a tenth of the load, and nothing waits for it.
            defer { if text.utf8.count > Self.treeKeptUntilServing { StartLeftovers.shared.keep(value) } }
            return try Scenario(yaml: YAMLReader(value))
        } catch let error as DecodingError {
            throw ScenarioError(problems: [problem(from: error, file: file)])
        } catch let error as YamlError {
            throw ScenarioError(
                problems: [.init(file: file, path: "", reason: "not valid YAML: \(YAMLDocument.oneLine(error))")])
        } catch {
            throw ScenarioError(problems: [.init(file: file, path: "", reason: YAMLDocument.oneLine(error))])
        }
    }

    static func problem(from error: DecodingError, file: String) -> ScenarioProblem {
        switch error {
        case .typeMismatch(let type, let context):
            return .init(file: file, path: keyPath(context.codingPath), reason: "expected \(describe(type))")
        case .valueNotFound(let type, let context):
            return .init(
                file: file, path: keyPath(context.codingPath), reason: "expected \(describe(type)), found null")
        case .keyNotFound(let key, let context):
            return .init(file: file, path: keyPath(context.codingPath + [key]), reason: "required key is missing")
        case .dataCorrupted(let context) where context.underlyingError is YamlError:
            return .init(
                file: file, path: "", reason: "not valid YAML: \(YAMLDocument.oneLine(context.underlyingError!))")
        case .dataCorrupted(let context):
            let reason =
                context.debugDescription.contains("cannot initialize")
                ? "invalid value: \(context.debugDescription)" : context.debugDescription
            return .init(file: file, path: keyPath(context.codingPath), reason: reason)
        @unknown default:
            return .init(file: file, path: "", reason: "\(error)")
        }
    }

    /// A decoding failure of a value from outside (a control-API body) as `path: reason`, in the words
    /// scenario problems use, without Swift type names.
    public static func describe(_ error: DecodingError) -> String {
        let problem = problem(from: error, file: "")
        return problem.path.isEmpty ? problem.reason : "\(problem.path): \(problem.reason)"
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type: return "an integer"
        case is Bool.Type: return "true or false"
        case is [Any].Type: return "a list"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") || name.contains("Sequence") { return "a list" }
            if name.contains("Mapping") { return "a mapping" }
            if name.hasPrefix("Dictionary") || name.hasSuffix("Config") || name.hasSuffix("Settings")
                || name == "Scenario"
            {
                return "a mapping"
            }
            return name
        }
    }
}
