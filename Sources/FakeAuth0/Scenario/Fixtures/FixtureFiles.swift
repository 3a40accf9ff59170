import Foundation
import Synchronization
import Yams

/// Reads the fixture files and directories a scenario's `fixtures` mapping names, relative to the
/// scenario file, and reports every problem in them as `fixture-file:path: reason`.
enum FixtureFiles {
    /// Replaces each file or directory reference in `scenario.fixtures` with its contents (keeping
    /// `source`), and returns the problems found in the files.
    static func load(into scenario: inout Scenario, scenarioFile: String, directory: String?) -> [ScenarioProblem] {
        var problems: [ScenarioProblem] = []
        let base = directory ?? baseDirectory(of: scenarioFile)
        for (sub, entry) in scenario.fixtures.sorted(by: { $0.key < $1.key }) {
            guard let source = entry.source else { continue }
            let (fixtures, found) = read(source: source, of: sub, base: base, scenarioFile: scenarioFile)
            problems += found
            if let fixtures { scenario.fixtures[sub] = fixtures }
        }
        return problems
    }

    /// The fixtures of the file or directory `source` (relative to `base`) names for user `sub`, merged
    /// (nil when there is no such file or directory), and the problems found in them.
    static func read(source: String, of sub: String, base: String, scenarioFile: String) -> (
        UserFixtures?, [ScenarioProblem]
    ) {
        var problems: [ScenarioProblem] = []
        let at = "fixtures.\(sub)"
        guard !source.isEmpty else {
            problems.append(.init(file: scenarioFile, path: at, reason: "must name a fixture file or directory"))
            return (nil, problems)
        }
        let url =
            source.hasPrefix("/")
            ? URL(fileURLWithPath: source) : URL(fileURLWithPath: base).appending(path: source)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            problems.append(
                .init(
                    file: scenarioFile, path: at,
                    reason: "no fixture file or directory at '\(url.standardizedFileURL.path)'"))
            return (nil, problems)
        }
        let files: [URL]
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            files = names.filter { name in
                !name.hasPrefix(".") && [".yaml", ".yml", ".json"].contains { name.hasSuffix($0) }
            }
            .sorted().map { url.appending(path: $0) }
        } else {
            files = [url]
        }
        var merged = UserFixtures(source: source)
        var origins: [String: String] = [:]
        for file in files {
            let name = file.standardizedFileURL.path
            let (fixtures, fileProblems) = read(file: name)
            problems += fileProblems
            guard let fixtures else { continue }
            problems += merge(fixtures, into: &merged, file: name, origins: &origins)
        }
        return (merged, problems)
    }

    /// The directory relative fixture paths start from: the scenario file's, after following symlinks
    /// (so `scenarios/default.yaml`, a link to the built-in scenario, finds the built-in fixtures).
    static func baseDirectory(of scenarioFile: String) -> String {
        URL(fileURLWithPath: scenarioFile).resolvingSymlinksInPath().deletingLastPathComponent().path
    }

    /// Decodes and checks one fixture file.
    static func read(file: String) -> (UserFixtures?, [ScenarioProblem]) {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            return (nil, [.init(file: file, path: "", reason: "cannot read file: \(error.localizedDescription)")])
        }
        if YAMLDocument.isBlank(text) { return (UserFixtures(), []) }
        let fixtures: UserFixtures
        do {
            fixtures = try YAMLDocument.decode(UserFixtures.self, from: text) ?? UserFixtures()
        } catch let error as DecodingError {
            return (nil, [ScenarioLoader.problem(from: error, file: file)])
        } catch let error as YAMLDocument.TooLarge {
            return (nil, [.init(file: file, path: "", reason: error.description)])
        } catch {
            return (nil, [.init(file: file, path: "", reason: "not valid YAML: \(YAMLDocument.oneLine(error))")])
        }
        guard fixtures.source == nil else {
            return (
                nil,
                [
                    .init(
                        file: file, path: "",
                        reason:
                            "a fixture file must be a mapping (time_zone, gmail, calendar, github, slack, salesforce, microsoft)"
                    )
                ]
            )
        }
        return (fixtures, FixtureValidator.problems(in: fixtures, file: file, prefix: ""))
    }

    /// Adds one file's sections to the user's fixtures; a section given by two files is a problem.
    static func merge(
        _ part: UserFixtures, into merged: inout UserFixtures, file: String, origins: inout [String: String]
    ) -> [ScenarioProblem] {
        var problems: [ScenarioProblem] = []
        func take<T>(_ key: String, _ value: T?, _ target: WritableKeyPath<UserFixtures, T?>) {
            guard let value else { return }
            if let first = origins[key] {
                problems.append(.init(file: file, path: key, reason: "already given in \(first)"))
                return
            }
            origins[key] = file
            merged[keyPath: target] = value
        }
        take("time_zone", part.timeZone, \.timeZone)
        take("gmail", part.gmail, \.gmail)
        take("calendar", part.calendar, \.calendar)
        take("github", part.github, \.github)
        take("slack", part.slack, \.slack)
        take("salesforce", part.salesforce, \.salesforce)
        take("microsoft", part.microsoft, \.microsoft)
        return problems
    }
}

/// The fixture files of a scenario that were not read when it loaded (the built-in scenario's, known
/// good: the tests read and check them), read for each user when first asked for.
final class DeferredFixtures: Sendable, Equatable {
    let base: String
    let scenarioFile: String
    private let read = Mutex<[String: UserFixtures]>([:])

    init(base: String, scenarioFile: String) {
        self.base = base
        self.scenarioFile = scenarioFile
    }

    /// `entry`, user `sub`'s fixtures as the scenario names them, with its files read.
    func fixtures(_ entry: UserFixtures, of sub: String) -> UserFixtures {
        if let done = read.withLock({ $0[sub] }) { return done }
        guard let source = entry.source else { return entry }
        let fixtures =
            FixtureFiles.read(source: source, of: sub, base: base, scenarioFile: scenarioFile).0 ?? entry
        return read.withLock { read in
            if let first = read[sub] { return first }
            read[sub] = fixtures
            return fixtures
        }
    }

    static func == (lhs: DeferredFixtures, rhs: DeferredFixtures) -> Bool {
        lhs.base == rhs.base && lhs.scenarioFile == rhs.scenarioFile
    }
}

extension DefaultScenario {
    /// The directory of the built-in scenario, where its fixture files are.
    static var directory: String? {
        file?.deletingLastPathComponent().path
    }
}
