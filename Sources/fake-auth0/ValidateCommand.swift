import ArgumentParser
import FakeAuth0
import Foundation

/// `fake-auth0 validate FILE…`: checks scenario files and reports each problem as `file:path: reason`.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "Check scenario files.")

    @Argument(help: "Scenario files to check.")
    var files: [String]

    func run() async throws {
        var failed = false
        for file in files {
            do {
                _ = try ScenarioLoader.load(path: file)
                print("\(file): ok")
            } catch {
                failed = true
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
            }
        }
        if failed { throw ExitCode(1) }
    }
}
