import ArgumentParser
import FakeAuth0
import Foundation

/// `fake-auth0 ca`: prints where the local CA certificate is (creating the CA when missing), or the PEM itself.
struct CACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ca",
        abstract:
            "Print the path of the local CA certificate clients trust for HTTPS (or, with --pem, the certificate).")

    @Option(help: "State directory holding the CA (default: .fake-auth0).")
    var state: String = ServeOptions.defaultStateDirectory

    @Flag(help: "Print the PEM certificate instead of its path.")
    var pem = false

    func run() async throws {
        let store = CertificateStore(directory: state)
        let certificate = try store.caCertificatePEM()
        print(pem ? certificate.trimmingCharacters(in: .newlines) : store.caCertificatePath ?? "")
    }
}
