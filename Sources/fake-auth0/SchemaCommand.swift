import ArgumentParser
import FakeAuth0
import Foundation

/// `fake-auth0 schema`: prints the JSON Schema of the scenario format, for editors and validators.
struct SchemaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of scenario files (# yaml-language-server: $schema=PATH in a scenario).")

    func run() async throws {
        FileHandle.standardOutput.write(Data(ScenarioSchema.text().utf8))
    }
}
