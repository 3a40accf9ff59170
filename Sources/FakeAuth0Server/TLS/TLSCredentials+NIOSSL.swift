import FakeAuth0
import NIOCore
import NIOSSL

extension TLSCredentials {
    /// A NIOSSL server configuration presenting the server certificate (TLS 1.2 and later).
    func serverConfiguration() throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: [
                .certificate(try NIOSSLCertificate(bytes: Array(serverCertificatePEM.utf8), format: .pem))
            ],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(serverPrivateKeyPEM.utf8), format: .pem)))
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = ["http/1.1"]
        // Don't wait the default 5 s for a peer's close_notify when shutting down: stop promptly.
        configuration.shutdownTimeout = .milliseconds(100)
        return configuration
    }
}
